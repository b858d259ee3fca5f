/**
 * A fan-out for the fault tests: thousands of subscribers of one region, by email and SMS, and
 * one incident there that notifies them all (plus the duty officer, who hears of every incident).
 * The subscribers are test set-up, written straight into the notification service's database in
 * two INSERT ... SELECT statements (the API would take minutes for thousands); then a fault lands
 * while the fan-out is being delivered and `settleFanOut` counts what reached the sinks.
 */
import { describeError, eventually, sleep } from '@relief/testing';
import { DUTY, messageIdOf, refOf, resolveSmsInDoubt } from './fault-tally';
import { type FaultWorld } from './fault-world';

/** Subscribers seeded for the fan-out carry this organisation (and no other subscriber does). */
const ORGANISATION = 'fan-out';
/** Akmola region: the stream's cases are in Aktobe (KZ-15), so its subscribers hear only this. */
const REGION = 'KZ-11';

export interface FanOut {
  reference: string;
  /** The incident.reported event the ledger rows belong to. */
  eventId: string;
  recipients: number;
  /** `email|address` and `sms|+7...`, one per expected message. */
  expected: Set<string>;
  /** Where the sinks stood when the incident was filed: later arrivals are this fan-out's. */
  mailsFrom: number;
  smsFrom: number;
  filedAt: number;
}

export interface FanOutTally {
  recipients: number;
  messagesExpected: number;
  lost: number;
  /** Extra arrivals: another Message-ID for an email, a second text for an SMS. */
  duplicated: number;
  /** The same email again with the same Message-ID (its row was in flight at the kill). */
  sameIdResends: number;
  /** Arrivals since the incident was filed that nobody expected. */
  unexpected: number;
  /** SMS rows of the fan-out left `unknown` by the kill, and how many an admin had to resend. */
  unknown: number;
  resentByAdmin: number;
  /** Fan-out ledger rows by channel and status. */
  ledger: Record<string, number>;
  /** From filing the incident to the last arrival at a sink. */
  deliveredInMs: number;
  problems: string[];
}

/** Subscriber i's addresses (seedFanOutSubscribers writes the same in SQL). */
function mailPhone(i: number): { email: string; phone: string } {
  return {
    email: `fan-out-${i}@akmola.gov.kz`,
    phone: `+7705${String(i).padStart(7, '0')}`,
  };
}

/**
 * `count` subscribers of the fan-out region with email and SMS (languages en, ru, kk in turn),
 * each with one subscription to incident.reported there.
 */
export async function seedFanOutSubscribers(world: FaultWorld, count: number): Promise<void> {
  // The addresses of mailPhone(i).
  await world.query(
    'notification-service',
    `INSERT INTO subscribers (id, name, organisation, email, phone, language, channels,
                              created_at, updated_at)
     SELECT gen_random_uuid(), 'Fan-out subscriber ' || i, '${ORGANISATION}',
            'fan-out-' || i || '@akmola.gov.kz', '+7705' || lpad(i::text, 7, '0'),
            (ARRAY['en', 'ru', 'kk'])[1 + i % 3], ARRAY['email', 'sms'], now(), now()
       FROM generate_series(1, ${Math.trunc(count)}) AS i`,
  );
  await world.query(
    'notification-service',
    `INSERT INTO subscriptions (id, subscriber_id, event_types, regions, hazards, min_severity,
                                created_at)
     SELECT gen_random_uuid(), id, ARRAY['incident.reported'], ARRAY['${REGION}'], '{}', NULL, now()
       FROM subscribers WHERE organisation = '${ORGANISATION}'`,
  );
  const [row] = await world.query<{ n: number }>(
    'notification-service',
    `SELECT count(*)::int AS n FROM subscribers WHERE organisation = '${ORGANISATION}'`,
  );
  if (row.n !== count) throw new Error(`seeded ${row.n} fan-out subscribers, not ${count}`);
}

/** Files the incident that reaches every seeded subscriber; returns once its rows are planned. */
export async function fileFanOutIncident(world: FaultWorld, count: number): Promise<FanOut> {
  const mailsFrom = world.sinks.mails.length;
  const smsFrom = world.sinks.sms.length;
  const filedAt = Date.now();
  const reply = await world.send('incident-service', 'operator', 'POST', '/incidents', {
    title: 'Fan-out flood',
    hazard: 'FL',
    region: REGION,
    severity: 'Severe',
    urgency: 'Immediate',
    certainty: 'Observed',
    figures: { affected: count, evacuated: 0 },
  });
  if (reply.status !== 201) throw new Error(`POST /incidents: ${reply.status}`);
  const reference = String(reply.body.reference);
  const expected = new Set<string>([`email|${DUTY.email}`, `sms|${DUTY.phone}`]);
  for (let i = 1; i <= count; i += 1) {
    const { email, phone } = mailPhone(i);
    expected.add(`email|${email}`);
    expected.add(`sms|${phone}`);
  }
  // The planner writes all the rows in one transaction: once one is there, all are.
  const [planned] = await eventually(
    () =>
      world.query<{ event_id: string; n: number }>(
        'notification-service',
        `SELECT n.event_id, count(*)::int AS n
           FROM notifications n JOIN subscribers s ON s.id = n.subscriber_id
          WHERE s.organisation = '${ORGANISATION}'
          GROUP BY n.event_id`,
      ),
    (rows) => rows.length > 0,
    'the fan-out to be planned',
    { timeoutMs: 60_000, intervalMs: 100, retryErrors: true },
  );
  if (planned.n !== count * 2) throw new Error(`planned ${planned.n} rows, not ${count * 2}`);
  return {
    reference,
    eventId: planned.event_id,
    recipients: count + 1,
    expected,
    mailsFrom,
    smsFrom,
    filedAt,
  };
}

/** What reached the sinks since the fan-out was filed, by `channel|recipient`. */
function arrivals(
  world: FaultWorld,
  fanOut: FanOut,
): { seen: Map<string, { arrivals: number; messageIds: Set<string> }>; unexpected: number } {
  const seen = new Map<string, { arrivals: number; messageIds: Set<string> }>();
  let unexpected = 0;
  const add = (k: string, text: string, messageId?: string) => {
    if (!fanOut.expected.has(k) || refOf(text) !== fanOut.reference) {
      unexpected += 1;
      return;
    }
    const entry = seen.get(k) ?? { arrivals: 0, messageIds: new Set<string>() };
    entry.arrivals += 1;
    if (messageId) entry.messageIds.add(messageId);
    seen.set(k, entry);
  };
  const { mails, sms } = world.sinks;
  for (let i = fanOut.mailsFrom; i < mails.length; i += 1) {
    const mail = mails[i];
    const messageId = messageIdOf(mail.raw);
    for (const to of mail.to) add(`email|${to.toLowerCase()}`, mail.subject, messageId);
  }
  for (let i = fanOut.smsFrom; i < sms.length; i += 1) add(`sms|${sms[i].to}`, sms[i].text);
  return { seen, unexpected };
}

/** Messages that reached the sinks since the fan-out was filed, by channel (cheap: two lengths). */
export function arrivedSoFar(world: FaultWorld, fanOut: FanOut): { email: number; sms: number } {
  return {
    email: world.sinks.mails.length - fanOut.mailsFrom,
    sms: world.sinks.sms.length - fanOut.smsFrom,
  };
}

/** The fan-out's ledger rows by `channel status`. */
export async function fanOutLedger(
  world: FaultWorld,
  fanOut: FanOut,
): Promise<Record<string, number>> {
  const rows = await world.query<{ channel: string; status: string; n: number }>(
    'notification-service',
    `SELECT channel, status, count(*)::int AS n FROM notifications
      WHERE event_id = '${fanOut.eventId}' GROUP BY channel, status ORDER BY channel, status`,
  );
  return Object.fromEntries(rows.map((r) => [`${r.channel} ${r.status}`, r.n]));
}

/**
 * Waits until every fan-out row ended (`sent`, or `unknown` for an SMS in doubt), resolves the
 * SMS in doubt as an admin does (fault-tally.ts), waits for every message, gives late resends a
 * moment, then counts. Does not assert: the caller prints its line first.
 */
export async function settleFanOut(
  world: FaultWorld,
  fanOut: FanOut,
  timeoutMs = 120_000,
): Promise<FanOutTally> {
  const problems: string[] = [];
  const ended = (ledger: Record<string, number>) =>
    Object.keys(ledger).every((k) => k.endsWith(' sent') || k === 'sms unknown');
  await eventually(() => fanOutLedger(world, fanOut), ended, 'the fan-out ledger to settle', {
    timeoutMs,
    intervalMs: 500,
    retryErrors: true,
  }).catch((error: unknown) => problems.push(describeError(error).slice(0, 500)));
  const doubt = await resolveSmsInDoubt(world, fanOut.eventId);
  await eventually(
    () => Promise.resolve(arrivals(world, fanOut).seen),
    (seen) => [...fanOut.expected].every((k) => seen.has(k)),
    `${fanOut.expected.size} fan-out messages at the sinks`,
    { timeoutMs: 60_000, intervalMs: 500, retryErrors: true },
  ).catch((error: unknown) => problems.push(describeError(error).slice(0, 300)));
  // Every row has ended, so nothing more should come: a moment for anything that still would.
  await sleep(2_000);
  const { seen, unexpected } = arrivals(world, fanOut);
  let lost = 0;
  let duplicated = 0;
  let sameIdResends = 0;
  const missing: string[] = [];
  for (const k of fanOut.expected) {
    const entry = seen.get(k);
    if (!entry) {
      lost += 1;
      missing.push(k);
      continue;
    }
    const distinct = k.startsWith('email|') ? entry.messageIds.size : entry.arrivals;
    duplicated += distinct - 1;
    sameIdResends += entry.arrivals - distinct;
  }
  if (missing.length > 0) problems.push(`missing: ${missing.slice(0, 20).join(', ')}`);
  const last = [world.sinks.mails.at(-1)?.at, world.sinks.sms.at(-1)?.at]
    .map((at) => (at ? Date.parse(at) : 0))
    .reduce((a, b) => Math.max(a, b), 0);
  return {
    recipients: fanOut.recipients,
    messagesExpected: fanOut.expected.size,
    lost,
    duplicated,
    sameIdResends,
    unexpected,
    unknown: doubt.inDoubt,
    resentByAdmin: doubt.resent,
    ledger: await fanOutLedger(world, fanOut),
    deliveredInMs: last - fanOut.filedAt,
    problems,
  };
}
