/**
 * What `npm run bench` measures, and for how long. Defaults fit in 10 minutes on a 2-core
 * machine; `--quick` is a smoke run for CI (under a minute once the builds are fresh).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchSettings {
  quick: boolean;
  /** Open-loop filing rates of the latency phases, incidents per second. */
  rates: number[];
  phaseSeconds: number;
  /** After the load stops: how long to wait for the last notification of the phase. */
  drainSeconds: number;
  /** Subscribers every incident notifies, each by email and by SMS. */
  subscribers: number;
  /** Steps of the search for the highest sustained rate, and their length. */
  searchSteps: number;
  searchSeconds: number;
  /** Highest sustained rate: end-to-end p99 under this, and no growing backlog. */
  targetP99Ms: number;
  assistanceSeconds: number;
  /** Operators and agencies working at once in the assistance flow (closed loop). */
  assistanceConcurrency: number;
  baselineSeconds: number;
  /** Concurrent clients of the PostgreSQL baseline (a service's pool holds 10). */
  pgClients: number;
  partitions: number;
  /** The notification-service's token buckets (an SMSC contract caps SMS in real life). */
  smsRatePerSecond: number;
  emailRatePerSecond: number;
  /** The notification-service's DELIVERY_CONCURRENCY: lanes per channel. */
  deliveryConcurrency: number;
  /** Its DELIVERY_BATCH_SIZE: rows a lane claims and hands over at once. */
  deliveryBatchSize: number;
  /** Its SMPP_WINDOW (submit_sm in flight per bind); the raw SMPP baseline uses the same. */
  smppWindow: number;
  /** Its SMTP_MAX_CONNECTIONS and SMTP_MAX_MESSAGES_PER_CONNECTION; the raw pool uses the same. */
  smtpConnections: number;
  smtpMessagesPerConnection: number;
  /** Its SMPP_RESPONSE_TIMEOUT_MS: how long a held submit_sm waits before it is in doubt. */
  smppResponseTimeoutMs: number;
  /** Fan-out phase: subscribers of one region by SMS and email, and one incident for all. */
  fanoutSubscribers: number;
  /** Failover phase: SMS-only subscribers of another region; the primary stops answering mid-way. */
  failoverSubscribers: number;
  /** Share of the failover fan-out the primary receives before it stops answering. */
  failoverAt: number;
  /** Longest wait for a fan-out (or failover) to be received in full, seconds. */
  fanoutTimeoutSeconds: number;
  /** The harness gives up on further phases after this, so it always ends in time. */
  budgetSeconds: number;
  /** bench/results/latest(.json|.md) for full runs; quick runs write under .local/bench. */
  out: string;
  extraEnv: Record<string, string>;
}

const DEFAULTS: BenchSettings = {
  quick: false,
  rates: [10, 50, 200, 500],
  phaseSeconds: 20,
  drainSeconds: 20,
  subscribers: 5,
  searchSteps: 4,
  searchSeconds: 15,
  targetP99Ms: 1_000,
  assistanceSeconds: 20,
  assistanceConcurrency: 8,
  baselineSeconds: 8,
  pgClients: 10,
  partitions: 3,
  smsRatePerSecond: 100_000,
  emailRatePerSecond: 100_000,
  deliveryConcurrency: 4,
  deliveryBatchSize: 200,
  smppWindow: 100,
  smtpConnections: 8,
  smtpMessagesPerConnection: 1_000,
  smppResponseTimeoutMs: 2_000,
  fanoutSubscribers: 100_000,
  failoverSubscribers: 20_000,
  failoverAt: 0.3,
  fanoutTimeoutSeconds: 480,
  budgetSeconds: 1_500,
  out: 'bench/results/latest',
  extraEnv: {},
};

const QUICK: Partial<BenchSettings> = {
  quick: true,
  rates: [5, 20],
  phaseSeconds: 3,
  drainSeconds: 6,
  subscribers: 2,
  searchSteps: 0,
  assistanceSeconds: 3,
  assistanceConcurrency: 4,
  baselineSeconds: 1,
  fanoutSubscribers: 1_000,
  failoverSubscribers: 200,
  fanoutTimeoutSeconds: 20,
  budgetSeconds: 75,
  out: '.local/bench/quick',
};

const USAGE = `npm run bench [-- options]
  --quick                 smoke run for CI (< 1 min once built)
  --rates 10,50,200,500   open-loop filing rates (incidents/s)
  --seconds 20            length of each rate phase
  --drain 20              seconds to wait for the last SMS after a phase
  --subscribers 5         subscribers per incident (email + SMS each)
  --search-steps 4        steps of the highest-sustained-rate search (0: none)
  --sms-rate 100000        notification-service SMS_RATE_PER_SECOND (its SMSC contract)
  --delivery-concurrency 4   notification-service DELIVERY_CONCURRENCY (lanes per channel)
  --batch-size 200        notification-service DELIVERY_BATCH_SIZE (rows a lane hands over at once)
  --smpp-window 100       SMPP_WINDOW of the service and of the raw SMPP baseline
  --smtp-connections 8    SMTP_MAX_CONNECTIONS of the service and of the raw nodemailer pool
  --fanout-subscribers 100000   fan-out phase: subscribers of KZ-75 by SMS and email (0: no phase)
  --failover-subscribers 20000  failover phase: SMS subscribers of KZ-71 (0: no phase)
  --out bench/results/latest   results file stem (.json and .md)
  --profile               CPU profiles of the services into .local/bench/profiles`;

export function parseSettings(argv: string[]): BenchSettings {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      rates: { type: 'string' },
      seconds: { type: 'string' },
      drain: { type: 'string' },
      subscribers: { type: 'string' },
      'search-steps': { type: 'string' },
      'sms-rate': { type: 'string' },
      'delivery-concurrency': { type: 'string' },
      'batch-size': { type: 'string' },
      'smpp-window': { type: 'string' },
      'smtp-connections': { type: 'string' },
      'fanout-subscribers': { type: 'string' },
      'failover-subscribers': { type: 'string' },
      profile: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const settings: BenchSettings = {
    ...DEFAULTS,
    ...(values.quick ? QUICK : {}),
    extraEnv: {},
  };
  const positive = (name: string, raw: string): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name}: not a number: ${raw}`);
    return value;
  };
  if (values.rates) settings.rates = values.rates.split(',').map((r) => positive('rates', r));
  if (values.seconds) settings.phaseSeconds = positive('seconds', values.seconds);
  if (values.drain) settings.drainSeconds = positive('drain', values.drain);
  if (values.subscribers) settings.subscribers = positive('subscribers', values.subscribers);
  if (values['search-steps'])
    settings.searchSteps = positive('search-steps', values['search-steps']);
  if (values['sms-rate']) settings.smsRatePerSecond = positive('sms-rate', values['sms-rate']);
  if (values['delivery-concurrency'])
    settings.deliveryConcurrency = positive('delivery-concurrency', values['delivery-concurrency']);
  if (values['batch-size'])
    settings.deliveryBatchSize = positive('batch-size', values['batch-size']);
  if (values['smpp-window']) settings.smppWindow = positive('smpp-window', values['smpp-window']);
  if (values['smtp-connections'])
    settings.smtpConnections = positive('smtp-connections', values['smtp-connections']);
  if (values['fanout-subscribers'])
    settings.fanoutSubscribers = positive('fanout-subscribers', values['fanout-subscribers']);
  if (values['failover-subscribers'])
    settings.failoverSubscribers = positive('failover-subscribers', values['failover-subscribers']);
  if (values.out) settings.out = values.out;
  if (values.profile) {
    // V8 CPU profiles of every service, written when it stops (open them in Chrome DevTools).
    settings.extraEnv.NODE_OPTIONS = `--require ${join(__dirname, 'tools', 'cpu-profile.js')}`;
    settings.extraEnv.BENCH_PROFILE_DIR = join(__dirname, '..', '.local', 'bench', 'profiles');
  }
  return settings;
}
