import { maildevSink } from './maildev';
import { printSmsSummary, smppSink } from './smpp-sink';

/**
 * Hook point for extra local stand-ins the services talk to (the notification-service's mail
 * inbox, MailDev, and its SMPP server with an SMS inbox). `npm start` starts each sink after the
 * infrastructure, passes its `env` to every service, prints its `urls`, and stops it on shutdown.
 */
export interface RunningSink {
  /** Environment variables the services need to reach the sink (e.g. SMTP_URL). */
  env: Record<string, string>;
  /** What to show people, e.g. { 'mail inbox': 'http://127.0.0.1:1080' }. */
  urls: Record<string, string>;
  stop(): Promise<void>;
}

export interface LocalSink {
  name: string;
  start(): Promise<RunningSink>;
}

/** Add local sinks here. The SMS inbox sits beside MailDev's mail inbox (1080). */
export const LOCAL_SINKS: LocalSink[] = [
  maildevSink(1025, 1080),
  smppSink({ port: 2775, webPort: 1081, onSms: printSmsSummary }),
];

export interface StartedSinks {
  env: Record<string, string>;
  urls: Record<string, string>;
  stopAll(): Promise<void>;
}

export async function startLocalSinks(
  sinks: readonly LocalSink[] = LOCAL_SINKS,
): Promise<StartedSinks> {
  const running: RunningSink[] = [];
  try {
    for (const sink of sinks) running.push(await sink.start());
  } catch (error) {
    // MailDev is a child process: it would outlive an `npm start` that gives up here.
    for (const sink of running.reverse()) await sink.stop().catch(() => undefined);
    throw error;
  }
  return {
    env: Object.assign({}, ...running.map((r) => r.env)) as Record<string, string>,
    urls: Object.assign({}, ...running.map((r) => r.urls)) as Record<string, string>,
    // Reverse order: a sink started later may depend on an earlier one.
    stopAll: async () => {
      for (const sink of running.reverse()) await sink.stop();
    },
  };
}
