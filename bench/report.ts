/**
 * The benchmark's results as JSON (everything) and Markdown (the tables the README quotes).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type AssistanceResult } from './assistance';
import { type KafkaBaseline, type PostgresBaseline } from './baselines';
import { type FailoverResult, type FanOutResult, type RawDeliveryBaseline } from './fanout';
import { type Backlog, type RatePhaseResult } from './incidents';
import { type PhaseResources } from './resources';
import { type BenchSettings } from './settings';
import { type Percentiles } from './stats';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
  kernel: string;
  node: string;
  postgres?: string;
  kafka?: string;
  /** Other heavy processes seen at the start (other test runs share the machine). */
  busyAtStart: string;
  /** The commit measured, and whether the working tree had uncommitted changes (built too). */
  commit: string;
}

export interface Fractions {
  /** Highest sustained filing rate, incidents/s. */
  incidentsPerSecond: number;
  kafkaMessagesPerIncident: number | null;
  dbCommitsPerIncident: number | null;
  /** Platform's Kafka message rate at that filing rate ÷ raw kafkajs messages/s. */
  ofKafka: number | null;
  /** Platform's commit rate (all its databases) at that filing rate ÷ raw pg commits/s. */
  ofPostgres: number | null;
}

/** Figures of a kept earlier run, set beside this one's. */
export interface Earlier {
  file: string;
  startedAt: string;
  commit: string;
  highestSustainedRate: number | null;
  dbCommitsPerIncident: number | null;
  kafkaMessagesPerIncident: number | null;
  notificationService: Record<string, string>;
}

export interface BenchReport {
  mode: 'default' | 'quick';
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  machine: Machine;
  settings: Omit<BenchSettings, 'extraEnv'>;
  notificationService: Record<string, string>;
  baselines: { kafka?: KafkaBaseline; postgres?: PostgresBaseline };
  rates: RatePhaseResult[];
  search: {
    steps: RatePhaseResult[];
    highestSustainedRate: number | null;
    /** Lowest rate seen to fail the target, if any. */
    lowestFailingRate: number | null;
  };
  fractions?: Fractions;
  assistance?: AssistanceResult;
  idle?: PhaseResources;
  fanOut?: FanOutResult;
  rawDelivery?: RawDeliveryBaseline;
  failover?: FailoverResult;
  before?: Earlier;
  notes: string[];
}

export function writeReport(report: BenchReport, stem: string): { json: string; md: string } {
  mkdirSync(dirname(stem), { recursive: true });
  const json = `${stem}.json`;
  const md = `${stem}.md`;
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(md, markdown(report));
  return { json, md };
}

function ms(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (!Number.isFinite(value)) return 'not received';
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 1_000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 10) return `${Math.round(value)} ms`;
  return `${value.toFixed(1)} ms`;
}

function num(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function pct(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value >= 0.1 ? `${(value * 100).toFixed(0)} %` : `${(value * 100).toFixed(1)} %`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function backlogText(backlog: Backlog | null): string {
  if (!backlog) return '—';
  const lag = Object.values(backlog.lag).reduce((s, v) => s + v, 0);
  return `${num(lag)} / ${num(backlog.outbox)} / ${num(backlog.ledger)}`;
}

function e2e(p: Percentiles): [string, string, string] {
  return [ms(p.p50), ms(p.p95), ms(p.p99)];
}

function rateRows(phases: RatePhaseResult[]): string[][] {
  return phases.map((r) => [
    `${num(r.rate, Number.isInteger(r.rate) ? 0 : 1)}/s × ${num(r.seconds)} s`,
    num(r.achievedRate, 1),
    ms(r.http.p50),
    ms(r.http.p99),
    ...e2e(r.e2eSms),
    `${num(r.delivered.sms)}/${num(r.delivered.expectedSms)}`,
    backlogText(r.backlogAtEndOfLoad),
    backlogText(r.backlogAfterDrain),
    r.keptUp ? 'yes' : '**no**',
    Object.keys(r.errors).length
      ? Object.entries(r.errors)
          .map(([k, v]) => `${k}: ${num(v)}`)
          .join(', ')
      : '—',
  ]);
}

const RATE_HEADER = [
  'filing rate',
  'achieved/s',
  'HTTP p50',
  'HTTP p99',
  'last SMS p50',
  'p95',
  'p99',
  'SMS received',
  'backlog end of load (lag/outbox/ledger)',
  'after drain',
  'kept up',
  'errors',
];

function resourceTable(phases: PhaseResources[]): string {
  const names = [...new Set(phases.flatMap((p) => Object.keys(p.processes)))];
  return table(
    ['phase', 'seconds', 'machine busy cores', ...names],
    phases.map((p) => [
      p.phase,
      num(p.seconds, 0),
      num(p.machineBusyCores, 2),
      ...names.map((n) => {
        const u = p.processes[n];
        if (!u) return '—';
        const peak = u.peakRssMiB === null ? '' : ` · ${num(u.peakRssMiB, 0)} MiB`;
        return `${num(u.cpuSeconds, 1)} s${peak}`;
      }),
    ]),
  );
}

export function markdown(r: BenchReport): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(`# Benchmark results (${r.mode})`, '');
  out.push(
    `Run ${r.startedAt} → ${r.finishedAt} (${num(r.durationSeconds)} s). Machine: ${m.cpus} CPUs (${m.cpuModel}), ` +
      `${num(m.memoryGiB, 1)} GiB RAM, Linux ${m.kernel}, Node ${m.node}, PostgreSQL ${m.postgres ?? '?'}, ` +
      `Kafka ${m.kafka ?? '?'}. Load average at start ${m.loadAverageAtStart.map((v) => v.toFixed(2)).join(' / ')}` +
      (m.loadAverageAtEnd
        ? `, at end ${m.loadAverageAtEnd.map((v) => v.toFixed(2)).join(' / ')}`
        : '') +
      `. ${m.busyAtStart} Code: ${m.commit}.`,
    '',
  );
  out.push(
    `Each incident notifies ${r.settings.subscribers} subscribers by email and SMS. Notification-service settings: ` +
      Object.entries(r.notificationService)
        .map(([k, v]) => `\`${k}=${v}\``)
        .join(', ') +
      '. The SMS token bucket stands for an SMSC contract; the default (5/s) would cap the platform at ' +
      `${num(5 / r.settings.subscribers, 1)} incidents/s with ${r.settings.subscribers} SMS subscribers, so the benchmark raises it to measure the platform rather than the contract.`,
    '',
  );

  out.push('## Baselines (same run, same broker and database)', '');
  const k = r.baselines.kafka;
  const p = r.baselines.postgres;
  out.push(
    table(
      ['baseline', 'throughput', 'latency p50 / p99', 'setting'],
      [
        k
          ? [
              `kafkajs produce → consume, ${num(k.messageBytes)} B messages`,
              `${num(k.messagesPerSecond)} msg/s`,
              `${ms(k.roundTrip.p50)} / ${ms(k.roundTrip.p99)} (one at a time)`,
              `idempotent, acks=all, batches of ${k.batchSize}, one in flight (the relay's settings), ${k.partitions} partitions`,
            ]
          : ['kafkajs', 'not measured', '', ''],
        p
          ? [
              `pg INSERT + COMMIT, ${num(p.rowBytes)} B jsonb rows, ${p.clients} connections`,
              `${num(p.commitsPerSecond)} commits/s`,
              `${ms(p.commitLatency.p50)} / ${ms(p.commitLatency.p99)}`,
              `synchronous_commit=${p.synchronousCommit}`,
            ]
          : ['pg', 'not measured', '', ''],
        p
          ? [
              'pg INSERT + COMMIT, 1 connection',
              `${num(p.singleClientCommitsPerSecond)} commits/s`,
              `${ms(p.singleClientLatency.p50)} / ${ms(p.singleClientLatency.p99)}`,
              '',
            ]
          : ['', '', '', ''],
      ],
    ),
    '',
  );

  out.push('## End-to-end latency (open-loop filing)', '');
  out.push(
    'HTTP: from the moment a filing was due to its answer. Last SMS: from filing until the SMSC received the ' +
      "last of the incident's SMS. Backlog: Kafka consumer lag of the three consuming services (messages) / " +
      'incident outbox rows not yet relayed / notifications not yet sent.',
    '',
  );
  out.push(table(RATE_HEADER, rateRows(r.rates)), '');

  out.push('## Highest sustained filing rate', '');
  out.push(
    r.search.highestSustainedRate !== null
      ? `**${num(r.search.highestSustainedRate, 1)} incidents/s** (end-to-end p99 under ${ms(r.settings.targetP99Ms)}, backlog not growing, everything delivered)` +
          (r.search.lowestFailingRate !== null
            ? `; ${num(r.search.lowestFailingRate, 1)}/s failed.`
            : '.')
      : 'No rate tried met the target.',
    '',
  );
  if (r.search.steps.length) out.push(table(RATE_HEADER, rateRows(r.search.steps)), '');
  const f = r.fractions;
  if (f) {
    out.push(
      table(
        ['at the highest sustained rate', 'platform', 'baseline alone', 'platform ÷ baseline'],
        [
          [
            'Kafka messages/s',
            `${num(f.incidentsPerSecond * (f.kafkaMessagesPerIncident ?? 0), 0)} (${num(f.kafkaMessagesPerIncident, 1)} per incident)`,
            `${num(k?.messagesPerSecond)}`,
            pct(f.ofKafka),
          ],
          [
            'PostgreSQL commits/s',
            `${num(f.incidentsPerSecond * (f.dbCommitsPerIncident ?? 0), 0)} (${num(f.dbCommitsPerIncident, 1)} per incident)`,
            `${num(p?.commitsPerSecond)}`,
            pct(f.ofPostgres),
          ],
        ],
      ),
      '',
    );
  }

  if (r.assistance) {
    const a = r.assistance;
    out.push('## Assistance flow (closed loop)', '');
    out.push(
      `${a.concurrency} operator/agency pairs for ${num(a.seconds)} s, each: raise a request → wait until partners see it → publish an offer → accept it → wait until the request's coverage counts it.`,
      '',
    );
    out.push(
      table(
        ['requests/s', 'offers/s', 'acceptances/s', 'chains done', 'errors'],
        [
          [
            num(a.requestsPerSecond, 1),
            num(a.offersPerSecond, 1),
            num(a.acceptancesPerSecond, 1),
            num(a.completedChains),
            Object.entries(a.errors)
              .map(([kind, n]) => `${kind}: ${n}`)
              .join(', ') || '—',
          ],
        ],
      ),
      '',
      table(
        ['step', 'p50', 'p95', 'p99'],
        Object.entries(a.latency).map(([step, l]) => [step, ms(l.p50), ms(l.p95), ms(l.p99)]),
      ),
      '',
    );
  }

  // Only a default run (5 subscribers, the same phases) compares with the kept default run.
  if (r.before && r.mode === 'default' && r.search.highestSustainedRate !== null) {
    const b = r.before;
    out.push('## Before and after', '');
    out.push(
      `Before: [${b.file}](${b.file.replace(/^bench\/results\//, '')}) (${b.startedAt.slice(0, 10)}, code ${b.commit}). ` +
        'Same harness and phases; this run sends in batches (see the settings above).',
      '',
    );
    out.push(
      table(
        ['', 'before', 'this run'],
        [
          [
            'highest sustained filing rate (p99 under 1 s)',
            `${num(b.highestSustainedRate, 1)}/s`,
            `${num(r.search.highestSustainedRate, 1)}/s`,
          ],
          [
            `PostgreSQL commits per incident (${2 * r.settings.subscribers} sends)`,
            num(b.dbCommitsPerIncident, 1),
            num(f?.dbCommitsPerIncident, 1),
          ],
          [
            'Kafka messages per incident',
            num(b.kafkaMessagesPerIncident, 1),
            num(f?.kafkaMessagesPerIncident, 1),
          ],
        ],
      ),
      '',
    );
  }

  if (r.fanOut) out.push(...fanOutSection(r), '');
  if (r.failover) out.push(...failoverSection(r.failover), '');

  out.push('## Resources per phase (CPU seconds · peak RSS)', '');
  const phases = [
    ...(r.idle ? [r.idle] : []),
    ...r.rates.map((x) => x.resources),
    ...r.search.steps.map((x) => x.resources),
    ...(r.assistance ? [r.assistance.resources] : []),
    ...(r.fanOut ? [r.fanOut.resources] : []),
    ...(r.rawDelivery ? [r.rawDelivery.resources] : []),
    ...(r.failover ? [r.failover.resources] : []),
  ];
  out.push(resourceTable(phases), '');
  out.push(
    'PostgreSQL: CPU of all its server processes (shared with anything else using the server; ' +
      'no peak, their shared memory would be counted once per process). Machine busy cores: all ' +
      'processes on the machine, ours and others. The bench process runs the load generator and ' +
      'the SMTP/SMPP sinks.',
    '',
  );
  if (r.notes.length) {
    out.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  }
  return `${out.join('\n')}\n`;
}

function stall(s: { totalMs: number; longestMs: number }): string {
  return s.totalMs === 0 ? 'none' : `${ms(s.totalMs)} in all (longest ${ms(s.longestMs)})`;
}

function fanOutSection(r: BenchReport): string[] {
  const f = r.fanOut!;
  const raw = r.rawDelivery;
  const out: string[] = [];
  out.push(`## Fan-out: one incident, ${num(f.subscribers)} subscribers by SMS and email`, '');
  out.push(
    `${num(f.subscribers)} subscribers of KZ-75 (Almaty; kk, ru and en in turn), each with SMS and email, ` +
      `inserted in bulk into the notification service's database (${num(f.seedSeconds, 1)} s, set-up); ` +
      `one Extreme earthquake filed through the incident service's API (HTTP ${ms(f.httpMs)}). Times from the filing.`,
    '',
  );
  const share = (platform: number | null, baseline: number | null | undefined) =>
    platform !== null && baseline ? pct(platform / baseline) : '—';
  out.push(
    table(
      ['', 'platform', 'raw baseline', 'platform ÷ baseline'],
      [
        [`all ${num(2 * f.subscribers)} ledger rows planned`, ms(f.plannedMs), '', ''],
        ['first SMS / first email received', `${ms(f.firstSmsMs)} / ${ms(f.firstEmailMs)}`, '', ''],
        [
          'last SMS received',
          ms(f.lastSmsMs),
          raw ? `${ms(raw.lastSmsMs)} (from its start)` : '—',
          '',
        ],
        [
          'last email received',
          ms(f.lastEmailMs),
          raw ? `${ms(raw.lastEmailMs)} (from its start)` : '—',
          '',
        ],
        [
          'SMS per second (first to last arrival)',
          num(f.smsPerSecond),
          num(raw?.smsPerSecond),
          share(f.smsPerSecond, raw?.smsPerSecond),
        ],
        [
          'emails per second (first to last arrival)',
          num(f.emailsPerSecond),
          num(raw?.emailsPerSecond),
          share(f.emailsPerSecond, raw?.emailsPerSecond),
        ],
        [
          'received (duplicates)',
          `${num(f.received.sms)} SMS (${num(f.received.duplicateSms)}), ${num(f.received.emails)} emails (${num(f.received.duplicateEmails)})`,
          raw ? `${num(raw.received.sms)} SMS, ${num(raw.received.emails)} emails` : '—',
          '',
        ],
        [
          'notification service peak RSS · CPU',
          `${num(f.resources.processes['notification-service']?.peakRssMiB)} MiB · ${num(f.resources.processes['notification-service']?.cpuSeconds, 1)} s`,
          raw
            ? `${num(raw.sender.peakRssMiB)} MiB · ${num(raw.sender.cpuSeconds, 1)} s (the raw senders)`
            : '—',
          '',
        ],
        [
          'PostgreSQL commits per send (notification db / all dbs)',
          `${num(f.commitsPerSend.notificationDb, 3)} / ${num(f.commitsPerSend.allDbs, 3)}`,
          '',
          '',
        ],
      ],
    ),
    '',
  );
  const lastAt = f.timeline.at(-1)?.at ?? 0;
  const every = lastAt > 90 ? 30 : 10;
  const steps: { t: number; sms: number; emails: number }[] = [];
  for (let t = every; t <= lastAt; t += every) {
    const sample = f.timeline.filter((x) => x.at <= t).at(-1);
    if (sample) steps.push({ t, sms: sample.sms, emails: sample.emails });
  }
  out.push(
    `Pauses of a second or more between two arrivals while messages were still due: SMS ${stall(f.stalls.sms)}, email ${stall(f.stalls.email)}.` +
      (steps.length
        ? ` Received by then (SMS / emails): ${steps.map((x) => `${x.t} s ${num(x.sms)} / ${num(x.emails)}`).join(', ')}.`
        : ''),
    '',
  );
  out.push(
    `Ledger after the fan-out: ${Object.entries(f.ledger)
      .map(([k, v]) => `${k} ${num(v)}`)
      .join(', ')}. Commits: ${num(f.commits.notificationDb)} in the notification database ` +
      `(it commits ${num(f.commits.idleNotificationDbPerSecond, 1)}/s when idle), ${num(f.commits.allDbs)} in all the run's databases. ` +
      (raw
        ? `Raw baseline: a bare \`smpp\` client (one bind, window ${raw.smppWindow}, ${num(raw.sender.smsParts)} submit_sm for the same texts) ` +
          `and a bare nodemailer pool (${raw.smtpConnections} connections) in a process of their own, both channels at once, into the same peers.`
        : ''),
  );
  return out;
}

function failoverSection(f: FailoverResult): string[] {
  const out: string[] = [];
  out.push(`## SMS failover: the primary SMPP peer stops answering mid-fan-out`, '');
  out.push(
    `${num(f.subscribers)} SMS-only subscribers of KZ-71 (Astana), one incident. After the primary received ` +
      `${num(f.faultAfterSms)} SMS (${ms(f.faultAtMs)} after the filing), ${f.fault}. Counted at both peers by recipient.`,
    '',
  );
  out.push(
    table(
      ['', ''],
      [
        ['fault → first SMS through the secondary', ms(f.firstSecondaryMs)],
        ['fault → last SMS received', ms(f.lastSmsMs)],
        ['fault → every ledger row final', ms(f.settledMs)],
        [
          'received by the primary / the secondary',
          `${num(f.peers.primary)} / ${num(f.peers.secondary)}`,
        ],
        ['recipients reached once', num(f.recipients.once)],
        ['recipients reached twice (duplicates)', num(f.recipients.twice)],
        ['recipients not reached, ledger `sent` (lost)', num(f.recipients.lost)],
        ['recipients not reached at all', num(f.recipients.none)],
        [
          'ledger `unknown` (in doubt on the primary, not resent)',
          `${num(f.ledger.unknown ?? 0)} (${num(f.unknownReceivedAtPrimary)} of them reached the primary, ${num(f.unknownResent)} also sent by the secondary)`,
        ],
        [
          'ledger by status and provider',
          Object.entries(f.ledger)
            .map(([k, v]) => `${k}: ${num(v)}`)
            .join(', '),
        ],
        [
          "primary's refused binds / answers held",
          `${num(f.primaryStats.refusedBinds)} / ${num(f.primaryStats.heldAnswers)}`,
        ],
      ],
    ),
  );
  return out;
}
