/**
 * Runs the SMPP sink and its SMS inbox on their own, for docker compose:
 * `tsx libs/local-infra/src/smpp-sink-main.ts`. SMPP_SINK_HOST (127.0.0.1; 0.0.0.0 in a
 * container), SMPP_SINK_PORT (2775), SMPP_SINK_WEB_PORT (1081). `npm start` starts it itself.
 */
import { printSmsSummary, startSmppSink } from './smpp-sink';

async function main(): Promise<void> {
  const sink = await startSmppSink({
    listenHost: process.env.SMPP_SINK_HOST ?? '127.0.0.1',
    port: Number(process.env.SMPP_SINK_PORT ?? 2775),
    webPort: Number(process.env.SMPP_SINK_WEB_PORT ?? 1081),
    onSms: printSmsSummary,
  });
  console.log(
    `SMPP sink on port ${sink.port}, SMS inbox on ${process.env.SMPP_SINK_WEB_PORT ?? 1081}`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void sink.stop().then(() => process.exit(0)));
  }
}

void main();
