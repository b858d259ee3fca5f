/**
 * Fan-out phases (issue 16): one incident for a whole city.
 *
 * - **Fan-out**: N subscribers of KZ-75 (Almaty) by SMS and email, inserted in bulk into the
 *   notification service's database as set-up; one Extreme earthquake filed through the incident
 *   service's API. Measured: filing → the 2N ledger rows planned, → the last SMS and the last
 *   email received by the SMPP and SMTP peers, sends per second per channel, the notification
 *   service's peak RSS and CPU, PostgreSQL commits per send.
 * - **Raw delivery baseline**, in the same run: a bare SMPP client and a bare nodemailer pool
 *   (raw-senders.ts, a process of its own) push the same number and mix of messages into the same
 *   peers, so the platform's rate is a share of what the peers take.
 * - **Failover**: SMS-only subscribers of KZ-71 (Astana); once the primary SMPP peer has
 *   received a share of them, it stops answering (submit_sm held without answer, new binds
 *   refused). Counted at both peers by recipient: none lost, none twice, how many left `unknown`
 *   (in doubt on the primary, not resent), how soon the secondary carries the traffic.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { type Arrival } from './delivery-tracker';
import { type PhaseContext } from './incidents';
import { type RawMessage, type RawSendersInput, type RawSendersOutput } from './raw-senders';
import { type PhaseResources } from './resources';
import { type BenchSession } from './session';
import { type BenchSettings } from './settings';
import { nowMs, round, sleep } from './stats';

const LANGUAGES = ['kk', 'ru', 'en'] as const;

/** Who a phase's subscribers are: their region, channels and addresses. */
interface Cohort {
  name: string;
  region: string;
  channels: ('email' | 'sms')[];
  languages: readonly string[];
  /** Phone i is `${phonePrefix}${i padded to 7}`; email `${tag}${i}@${emailDomain}`. */
  phonePrefix: string;
  emailDomain: string;
}

const FAN_OUT: Cohort = {
  name: 'Fan-out resident',
  region: 'KZ-75',
  channels: ['email', 'sms'],
  languages: LANGUAGES,
  phonePrefix: '+7705',
  emailDomain: 'fanout.bench.relief.local',
};

/** English only: one-part SMS, so a message held on the primary is whole at the peer. */
const FAILOVER: Cohort = {
  name: 'Failover resident',
  region: 'KZ-71',
  channels: ['sms'],
  languages: ['en'],
  phonePrefix: '+7707',
  emailDomain: 'failover.bench.relief.local',
};

const RAW = { phonePrefix: '+7709', emailDomain: 'raw.bench.relief.local' };

/** Inserts `count` subscribers of `cohort` (one subscription each) in two statements. */
async function seed(session: BenchSession, cohort: Cohort, count: number): Promise<number> {
  const t0 = nowMs();
  await session.notificationQuery(
    `WITH s AS (
       INSERT INTO subscribers (id, name, organisation, email, phone, language, channels, created_at, updated_at)
       SELECT gen_random_uuid(), $1 || ' ' || i, 'ministry',
              CASE WHEN 'email' = ANY($6::text[]) THEN 'resident' || i || '@' || $2 END,
              $3 || lpad(i::text, 7, '0'),
              ($4::text[])[1 + i % cardinality($4::text[])],
              $6::text[], now(), now()
         FROM generate_series(0, $5::int - 1) AS i
       RETURNING id)
     INSERT INTO subscriptions (id, subscriber_id, event_types, regions, hazards, min_severity, created_at)
     SELECT gen_random_uuid(), id, ARRAY['incident.reported'], ARRAY[$7::text], '{}', 'Severe', now()
       FROM s`,
    [
      cohort.name,
      cohort.emailDomain,
      cohort.phonePrefix,
      cohort.languages,
      count,
      cohort.channels,
      cohort.region,
    ],
  );
  // As autovacuum would soon: the planner's row estimates for the matching query.
  await session.notificationQuery('ANALYZE subscribers');
  await session.notificationQuery('ANALYZE subscriptions');
  return round((nowMs() - t0) / 1000, 1);
}

function ofCohort(cohort: { phonePrefix: string; emailDomain: string }, a: Arrival): boolean {
  return a.channel === 'sms'
    ? a.to.startsWith(cohort.phonePrefix)
    : a.to.endsWith(`@${cohort.emailDomain}`);
}

/** Arrivals of one cohort at the peers: counts, first and last, per recipient. */
class Arrivals {
  sms = 0;
  mails = 0;
  firstSmsAt = 0;
  lastSmsAt = 0;
  firstMailAt = 0;
  lastMailAt = 0;
  /** Pauses of 1 s or more between two arrivals on a channel: their sum and the longest. */
  readonly stalls = {
    sms: { totalMs: 0, longestMs: 0 },
    mail: { totalMs: 0, longestMs: 0 },
  };
  readonly byPeer: Record<Arrival['peer'], number> = { smtp: 0, primary: 0, secondary: 0 };
  firstAt: Partial<Record<Arrival['peer'], number>> = {};
  /** Recipient → whole messages received, per peer. */
  readonly perRecipient = new Map<string, { primary: number; secondary: number; smtp: number }>();
  private readonly stop: () => void;

  constructor(
    ctx: PhaseContext,
    cohort: { phonePrefix: string; emailDomain: string },
    private readonly onArrival?: (self: Arrivals) => void,
  ) {
    this.stop = ctx.tracker.listen((a) => {
      if (!ofCohort(cohort, a)) return;
      const previous = a.channel === 'sms' ? this.lastSmsAt : this.lastMailAt;
      if (previous && a.at - previous >= 1_000) {
        const stall = this.stalls[a.channel];
        stall.totalMs += a.at - previous;
        stall.longestMs = Math.max(stall.longestMs, a.at - previous);
      }
      if (a.channel === 'sms') {
        this.sms += 1;
        this.firstSmsAt ||= a.at;
        this.lastSmsAt = Math.max(this.lastSmsAt, a.at);
      } else {
        this.mails += 1;
        this.firstMailAt ||= a.at;
        this.lastMailAt = Math.max(this.lastMailAt, a.at);
      }
      this.byPeer[a.peer] += 1;
      this.firstAt[a.peer] ??= a.at;
      const key = `${a.channel}:${a.to}`;
      const seen = this.perRecipient.get(key) ?? { primary: 0, secondary: 0, smtp: 0 };
      seen[a.peer] += 1;
      this.perRecipient.set(key, seen);
      this.onArrival?.(this);
    });
  }

  close(): void {
    this.stop();
  }

  /** Recipients who got a message more than once (all peers together), per channel. */
  duplicates(channel: 'sms' | 'mail'): number {
    let n = 0;
    for (const [key, seen] of this.perRecipient) {
      if (key.startsWith(`${channel}:`) && seen.primary + seen.secondary + seen.smtp > 1) n += 1;
    }
    return n;
  }
}

async function fileCityIncident(
  ctx: PhaseContext,
  region: string,
  hazard: string,
  title: string,
): Promise<{ status: number; reference?: string; ms: number }> {
  const t0 = nowMs();
  const result = await ctx.http.request(
    'POST',
    `${ctx.session.url('incident-service')}/incidents`,
    {
      token: ctx.tokens.operator,
      timeoutMs: 15_000,
      body: {
        title,
        description: 'Filed by the benchmark (fan-out phase).',
        hazard,
        region,
        severity: 'Extreme',
        urgency: 'Immediate',
        certainty: 'Observed',
        figures: { affected: 100_000, evacuated: 5_000 },
      },
    },
  );
  const body = result.body as { reference?: string } | undefined;
  return { status: result.status, reference: body?.reference, ms: round(nowMs() - t0, 1) };
}

async function ledgerRows(session: BenchSession): Promise<number> {
  const [row] = await session.notificationQuery<{ n: number }>(
    'SELECT count(*)::int AS n FROM notifications',
  );
  return row.n;
}

/** Waits until `done()` or the deadline; true when done. */
async function until(done: () => boolean, deadline: number, everyMs = 50): Promise<boolean> {
  while (!done()) {
    if (nowMs() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}

export interface FanOutResult {
  subscribers: number;
  /** Bulk insert of the subscribers and their subscriptions (set-up, not part of the figures). */
  seedSeconds: number;
  reference: string | null;
  /** The filing's HTTP answer. */
  httpMs: number;
  /** Filing → the ledger holding all 2N rows (planned, in one transaction). */
  plannedMs: number | null;
  /** Filing → the first and the last message received by each peer. */
  firstSmsMs: number | null;
  lastSmsMs: number | null;
  firstEmailMs: number | null;
  lastEmailMs: number | null;
  received: { sms: number; emails: number; duplicateSms: number; duplicateEmails: number };
  /** Messages per second between the first and the last arrival on each channel. */
  smsPerSecond: number | null;
  emailsPerSecond: number | null;
  /** Pauses of a second or more between arrivals on a channel, while it still had messages due. */
  stalls: {
    sms: { totalMs: number; longestMs: number };
    email: { totalMs: number; longestMs: number };
  };
  /** The fan-out's ledger rows by status once everything arrived (or the wait ended). */
  ledger: Record<string, number>;
  /** xact_commit of the notification database, and of all the run's databases, per send. */
  commits: { notificationDb: number; allDbs: number; idleNotificationDbPerSecond: number };
  commitsPerSend: { notificationDb: number | null; allDbs: number | null };
  /** Cumulative arrivals about every second since the filing. */
  timeline: { at: number; sms: number; emails: number; ledger: number | null }[];
  complete: boolean;
  resources: PhaseResources;
}

export async function runFanOut(
  ctx: PhaseContext,
  settings: BenchSettings,
  log: (message: string) => void,
): Promise<FanOutResult> {
  const { session } = ctx;
  const n = settings.fanoutSubscribers;
  const seedSeconds = await seed(session, FAN_OUT, n);
  log(`  ${n} subscribers of ${FAN_OUT.region} inserted in ${seedSeconds} s`);
  const before = await ledgerRows(session);
  const arrivals = new Arrivals(ctx, FAN_OUT);
  // Commits the notification database makes doing nothing (polls, relays), to tell them apart;
  // first the set-up's own commits reach pg_stat_database (each backend flushes about every second).
  const idleSeconds = settings.quick ? 0.5 : 3;
  await sleep(settings.quick ? 0 : 1_500);
  const idle0 = await session.databaseCommits('notification-service');
  await sleep(idleSeconds * 1000);
  const idle1 = await session.databaseCommits('notification-service');
  const idleNotificationDbPerSecond = round((idle1 - idle0) / idleSeconds, 1);
  const commitsBefore = { db: idle1, all: await session.commits() };

  ctx.monitor.begin('fan-out');
  const filedAt = nowMs();
  const deadline = filedAt + settings.fanoutTimeoutSeconds * 1000;
  const timeline: FanOutResult['timeline'] = [];
  let planned: number | null = null;
  let rows = 0;
  const sampler = (async () => {
    let lastSample = 0;
    while (nowMs() < deadline && (arrivals.sms < n || arrivals.mails < n)) {
      if (planned === null) {
        rows = (await ledgerRows(session)) - before;
        if (rows >= 2 * n) planned = nowMs() - filedAt;
      }
      if (nowMs() - lastSample >= 1_000) {
        lastSample = nowMs();
        timeline.push({
          at: round((lastSample - filedAt) / 1000, 1),
          sms: arrivals.sms,
          emails: arrivals.mails,
          ledger: planned === null ? rows : null,
        });
      }
      await sleep(planned === null ? 50 : 250);
    }
  })();
  const filing = await fileCityIncident(
    ctx,
    FAN_OUT.region,
    'EQ',
    'Fan-out: magnitude 7 earthquake, Almaty, evacuate to open spaces',
  );
  if (filing.status !== 201) throw new Error(`fan-out incident refused: HTTP ${filing.status}`);
  const complete = await until(() => arrivals.sms >= n && arrivals.mails >= n, deadline, 100);
  await sampler;
  const resources = ctx.monitor.end();
  arrivals.close();
  // pg_stat_database is flushed about every second by each backend.
  await sleep(1_500);
  const commits = {
    notificationDb: (await session.databaseCommits('notification-service')) - commitsBefore.db,
    allDbs: (await session.commits()) - commitsBefore.all,
    idleNotificationDbPerSecond,
  };
  const ledger = Object.fromEntries(
    (
      await session.notificationQuery<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM notifications
          WHERE recipient LIKE $1 OR recipient LIKE $2 GROUP BY status`,
        [`${FAN_OUT.phonePrefix}%`, `%@${FAN_OUT.emailDomain}`],
      )
    ).map((r) => [r.status, r.n]),
  );
  const since = (at: number) => (at ? round(at - filedAt, 0) : null);
  const rate = (count: number, first: number, last: number) =>
    count > 1 && last > first ? round((count - 1) / ((last - first) / 1000), 0) : null;
  return {
    subscribers: n,
    seedSeconds,
    reference: filing.reference ?? null,
    httpMs: filing.ms,
    plannedMs: planned === null ? null : round(planned, 0),
    firstSmsMs: since(arrivals.firstSmsAt),
    lastSmsMs: since(arrivals.lastSmsAt),
    firstEmailMs: since(arrivals.firstMailAt),
    lastEmailMs: since(arrivals.lastMailAt),
    received: {
      sms: arrivals.sms,
      emails: arrivals.mails,
      duplicateSms: arrivals.duplicates('sms'),
      duplicateEmails: arrivals.duplicates('mail'),
    },
    smsPerSecond: rate(arrivals.sms, arrivals.firstSmsAt, arrivals.lastSmsAt),
    emailsPerSecond: rate(arrivals.mails, arrivals.firstMailAt, arrivals.lastMailAt),
    stalls: { sms: arrivals.stalls.sms, email: arrivals.stalls.mail },
    ledger,
    commits,
    commitsPerSend: {
      notificationDb: round(commits.notificationDb / (2 * n), 4),
      allDbs: round(commits.allDbs / (2 * n), 4),
    },
    timeline,
    complete,
    resources,
  };
}

export interface RawDeliveryBaseline {
  messages: number;
  smppWindow: number;
  smtpConnections: number;
  /** Both channels at once from one process, as the notification service sends them. */
  smsPerSecond: number | null;
  emailsPerSecond: number | null;
  /** Start of the sender → last arrival. */
  lastSmsMs: number | null;
  lastEmailMs: number | null;
  received: { sms: number; emails: number };
  sender: { cpuSeconds: number; peakRssMiB: number; smsParts: number; errors: number };
  resources: PhaseResources;
}

/** The fan-out's own messages (one per language and channel), as the raw senders' texts. */
async function fanOutMessages(
  session: BenchSession,
): Promise<{ sms: string[]; emails: RawMessage[] }> {
  const rows = await session.notificationQuery<{
    language: string;
    channel: string;
    subject: string | null;
    body_text: string;
    body_html: string | null;
  }>(
    `SELECT m.language, m.channel, m.subject, m.body_text, m.body_html
       FROM notification_messages m
      WHERE m.event_id = (SELECT event_id FROM notifications WHERE recipient = $1 LIMIT 1)`,
    [`${FAN_OUT.phonePrefix}0000000`],
  );
  const pick = (channel: string) =>
    LANGUAGES.map((language) => rows.find((r) => r.channel === channel && r.language === language))
      .filter((r) => r !== undefined)
      .map((r) => ({ subject: r.subject, text: r.body_text, html: r.body_html }));
  const sms = pick('sms').map((m) => m.text);
  const emails = pick('email');
  if (sms.length === 0 || emails.length === 0)
    throw new Error('raw delivery baseline: the fan-out left no rendered messages to copy');
  return { sms, emails };
}

export async function runRawDeliveryBaseline(
  ctx: PhaseContext,
  settings: BenchSettings,
): Promise<RawDeliveryBaseline> {
  const n = settings.fanoutSubscribers;
  const env = ctx.tracker.env;
  const input: RawSendersInput = {
    count: n,
    smpp: {
      host: env.SMPP_HOST,
      port: Number(env.SMPP_PORT),
      window: settings.smppWindow,
      sender: 'RELIEF',
    },
    smtp: {
      host: env.SMTP_HOST,
      port: Number(env.SMTP_PORT),
      connections: settings.smtpConnections,
      messagesPerConnection: settings.smtpMessagesPerConnection,
    },
    ...(await fanOutMessages(ctx.session)),
    ...RAW,
  };
  const arrivals = new Arrivals(ctx, RAW);
  ctx.monitor.begin('raw delivery baseline');
  const output = await new Promise<RawSendersOutput>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'raw-senders.ts'), JSON.stringify(input)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), settings.fanoutTimeoutSeconds * 1000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`raw senders: exit ${code}: ${stderr.slice(-500)}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as RawSendersOutput);
    });
  });
  // The last answers may overtake the peers' timestamps by a hair.
  await until(() => arrivals.sms >= n && arrivals.mails >= n, nowMs() + 2_000);
  const resources = ctx.monitor.end();
  arrivals.close();
  const rate = (count: number, first: number, last: number) =>
    count > 1 && last > first ? round((count - 1) / ((last - first) / 1000), 0) : null;
  return {
    messages: n,
    smppWindow: settings.smppWindow,
    smtpConnections: settings.smtpConnections,
    smsPerSecond: rate(arrivals.sms, arrivals.firstSmsAt, arrivals.lastSmsAt),
    emailsPerSecond: rate(arrivals.mails, arrivals.firstMailAt, arrivals.lastMailAt),
    lastSmsMs: arrivals.lastSmsAt ? round(arrivals.lastSmsAt - output.startedAt, 0) : null,
    lastEmailMs: arrivals.lastMailAt ? round(arrivals.lastMailAt - output.startedAt, 0) : null,
    received: { sms: arrivals.sms, emails: arrivals.mails },
    sender: {
      cpuSeconds: output.cpuSeconds,
      peakRssMiB: output.peakRssMiB,
      smsParts: output.sms.parts,
      errors: output.sms.errors + output.email.errors,
    },
    resources,
  };
}

export interface FailoverResult {
  subscribers: number;
  fault: string;
  /** SMS the primary had received when it stopped answering; filing → that moment. */
  faultAfterSms: number;
  faultAtMs: number | null;
  /** Fault → first SMS received by the secondary; → the last SMS anywhere; → ledger settled. */
  firstSecondaryMs: number | null;
  lastSmsMs: number | null;
  settledMs: number | null;
  /** Whole SMS received by each peer. */
  peers: { primary: number; secondary: number };
  /** Recipients by what reached them, counted at the peers. */
  recipients: {
    once: number;
    /** Received more than once (on one peer or on both). */
    twice: number;
    /** Received nowhere: lost, unless the ledger says `unknown` or `failed`. */
    none: number;
    /** Received nowhere while the ledger says `sent`. */
    lost: number;
  };
  /** Ledger rows by status and provider (`sent smpp:primary`, `unknown` ...). */
  ledger: Record<string, number>;
  /** `unknown` rows whose SMS the primary did receive (held answers): in doubt, not resent. */
  unknownReceivedAtPrimary: number;
  /** `unknown` rows the secondary also delivered (would be a resend of an in-doubt SMS). */
  unknownResent: number;
  primaryStats: { refusedBinds: number; heldAnswers: number };
  complete: boolean;
  resources: PhaseResources;
}

export async function runFailover(
  ctx: PhaseContext,
  settings: BenchSettings,
  log: (message: string) => void,
): Promise<FailoverResult> {
  const { session, tracker } = ctx;
  const primary = tracker.primary!;
  const n = settings.failoverSubscribers;
  const seedSeconds = await seed(session, FAILOVER, n);
  log(`  ${n} SMS subscribers of ${FAILOVER.region} inserted in ${seedSeconds} s`);
  const faultAfter = Math.max(1, Math.floor(n * settings.failoverAt));
  let faultAt = 0;
  const arrivals = new Arrivals(ctx, FAILOVER, (self) => {
    if (faultAt || self.byPeer.primary < faultAfter) return;
    // The primary stops answering: submit_sm taken but never answered, new binds refused.
    primary.faults.holdAnswers = true;
    primary.faults.refuseBinds = true;
    faultAt = nowMs();
  });
  const refusedBefore = primary.stats.refusedBinds;
  ctx.monitor.begin('failover');
  const filedAt = nowMs();
  const deadline = filedAt + settings.fanoutTimeoutSeconds * 1000;
  let statuses: Record<string, number> = {};
  const ledgerNow = async () => {
    const rows = await session.notificationQuery<{
      status: string;
      provider: string | null;
      n: number;
    }>(
      `SELECT status, provider, count(*)::int AS n FROM notifications
        WHERE channel = 'sms' AND recipient LIKE $1 GROUP BY status, provider`,
      [`${FAILOVER.phonePrefix}%`],
    );
    statuses = Object.fromEntries(
      rows.map((r) => [r.provider ? `${r.status} ${r.provider}` : r.status, r.n]),
    );
    const total = rows.reduce((s, r) => s + r.n, 0);
    const open = rows
      .filter((r) => r.status === 'pending' || r.status === 'sending')
      .reduce((s, r) => s + r.n, 0);
    return total >= n && open === 0;
  };
  const filing = await fileCityIncident(
    ctx,
    FAILOVER.region,
    'FL',
    'Failover: dam breach upstream, Astana, leave the Yesil embankments',
  );
  if (filing.status !== 201) throw new Error(`failover incident refused: HTTP ${filing.status}`);
  let settled = false;
  while (nowMs() < deadline) {
    if (await ledgerNow()) {
      settled = true;
      break;
    }
    await sleep(250);
  }
  const settledAt = nowMs();
  // Answers a late arrival may still be on its way.
  await sleep(500);
  const resources = ctx.monitor.end();
  arrivals.close();
  const heldAnswers = primary.stats.inFlight;
  primary.faults.holdAnswers = false;
  primary.faults.refuseBinds = false;
  primary.releaseAnswers();

  const rows = await session.notificationQuery<{ recipient: string; status: string }>(
    `SELECT recipient, status FROM notifications WHERE channel = 'sms' AND recipient LIKE $1`,
    [`${FAILOVER.phonePrefix}%`],
  );
  const recipients = { once: 0, twice: 0, none: 0, lost: 0 };
  let unknownReceivedAtPrimary = 0;
  let unknownResent = 0;
  for (const row of rows) {
    const seen = arrivals.perRecipient.get(`sms:${row.recipient}`);
    const total = seen ? seen.primary + seen.secondary : 0;
    if (total === 0) {
      recipients.none += 1;
      if (row.status === 'sent') recipients.lost += 1;
    } else if (total === 1) recipients.once += 1;
    else recipients.twice += 1;
    if (row.status === 'unknown') {
      if ((seen?.primary ?? 0) > 0) unknownReceivedAtPrimary += 1;
      if ((seen?.secondary ?? 0) > 0) unknownResent += 1;
    }
  }
  const fromFault = (at: number | undefined) =>
    faultAt && at && at >= faultAt ? round(at - faultAt, 0) : null;
  return {
    subscribers: n,
    fault:
      'the primary SMPP peer takes submit_sm but answers none of them (holdAnswers) and refuses new binds (refuseBinds)',
    faultAfterSms: faultAfter,
    faultAtMs: faultAt ? round(faultAt - filedAt, 0) : null,
    firstSecondaryMs: fromFault(arrivals.firstAt.secondary),
    lastSmsMs: fromFault(arrivals.lastSmsAt),
    settledMs: settled ? fromFault(settledAt) : null,
    peers: { primary: arrivals.byPeer.primary, secondary: arrivals.byPeer.secondary },
    recipients,
    ledger: statuses,
    unknownReceivedAtPrimary,
    unknownResent,
    primaryStats: { refusedBinds: primary.stats.refusedBinds - refusedBefore, heldAnswers },
    complete: settled,
    resources,
  };
}
