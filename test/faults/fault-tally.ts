/**
 * What the fault tests count: the five messages each case must produce (the incident by email
 * and SMS to the duty officer, the request by email to logistics, the acceptance by email and
 * SMS to UNICEF's desk), what reached the sinks, and the one line each test prints.
 */
import { describeError, eventually, sleep, SERVICE_NAMES } from '@relief/testing';
import { statesReached, type Case } from './fault-cases';
import { type FaultWorld } from './fault-world';

export const DUTY = { email: 'duty@emer.gov.kz', phone: '+77012345678' };
export const LOGISTICS = { email: 'logistics@emer.gov.kz' };
export const UNICEF_DESK = { email: 'desk@unicef.org', phone: '+77017654321' };

/** What a message is about, read from its subject or text. */
type Kind = 'incident' | 'request' | 'accepted' | 'other';

/** Incident references look like FL-2026-KZ-AKT-0001. */
const REFERENCE = /\b[A-Z]{2}-\d{4}-[A-Z]{2}-[A-Z0-9]{2,3}-\d{4,}\b/;

export interface Tally {
  cases: number;
  /** Outbox rows of the four services (domain and notification events) and how many are unpublished. */
  eventsSent: number;
  eventsPending: number;
  statesReached: number;
  statesExpected: number;
  messagesExpected: number;
  /** Expected (event, recipient, channel) that never arrived. */
  lost: number;
  /** Extra arrivals of an expected one (for email: another Message-ID; for SMS: another text). */
  duplicated: number;
  /** Arrivals nobody expected (e.g. a message about an incident filed twice). */
  unexpected: number;
  /** The same email again with the same Message-ID (resent after a crash; receivers drop it). */
  sameIdResends: number;
  /** SMS ledger rows `unknown` (cut off between claiming and recording) and how many admins had to resend. */
  smsInDoubt: number;
  smsResentByAdmin: number;
  emails: number;
  sms: number;
  /** Ledger rows by status. */
  ledger: Record<string, number>;
  problems: string[];
}

function key(channel: 'email' | 'sms', to: string, kind: Kind, ref: string): string {
  return `${channel}|${to.toLowerCase()}|${kind}|${ref}`;
}

function kindOf(text: string): Kind {
  if (/new incident/i.test(text)) return 'incident';
  if (/accepted/i.test(text)) return 'accepted';
  if (/requested|: need /i.test(text)) return 'request';
  return 'other';
}

export function refOf(text: string): string {
  return REFERENCE.exec(text)?.[0] ?? 'no-reference';
}

/** An email's Message-ID as the sink received it (`none` without one). */
export function messageIdOf(raw: string): string {
  return /^Message-ID:\s*<([^>]+)>/im.exec(raw)?.[1] ?? 'none';
}

/**
 * Asserts the tally of a fault test (after it printed its line). Only a crash between a send and
 * its record may resend an email (with the same Message-ID); any other fault must not.
 */
export function expectClean(tally: Tally, faults: { crashes?: boolean } = {}): void {
  if (!faults.crashes) expect(tally.sameIdResends).toBe(0);
  expect(tally.problems).toEqual([]);
  expect(tally.statesReached).toBe(tally.statesExpected);
  expect(tally.lost).toBe(0);
  expect(tally.duplicated).toBe(0);
  expect(tally.unexpected).toBe(0);
  expect(tally.eventsPending).toBe(0);
}

/** The five (channel, recipient, kind, reference) a case must produce. */
function expectedMessages(cases: Case[]): string[] {
  return cases.flatMap((c) => {
    const ref = c.reference ?? `case-${c.index}`;
    return [
      key('email', DUTY.email, 'incident', ref),
      key('sms', DUTY.phone, 'incident', ref),
      key('email', LOGISTICS.email, 'request', ref),
      key('email', UNICEF_DESK.email, 'accepted', ref),
      key('sms', UNICEF_DESK.phone, 'accepted', ref),
    ];
  });
}

/** What the sinks received, by key: every arrival, with the Message-ID of emails. */
function received(world: FaultWorld): Map<string, { arrivals: number; messageIds: Set<string> }> {
  const seen = new Map<string, { arrivals: number; messageIds: Set<string> }>();
  const add = (k: string, messageId?: string) => {
    const entry = seen.get(k) ?? { arrivals: 0, messageIds: new Set<string>() };
    entry.arrivals += 1;
    if (messageId) entry.messageIds.add(messageId);
    seen.set(k, entry);
  };
  for (const mail of world.sinks.mails) {
    const messageId = messageIdOf(mail.raw);
    for (const to of mail.to)
      add(key('email', to, kindOf(mail.subject), refOf(mail.subject)), messageId);
  }
  for (const sms of world.sinks.sms) add(key('sms', sms.to, kindOf(sms.text), refOf(sms.text)));
  return seen;
}

/** Waits until every expected message arrived at least once (bounded). */
async function waitForMessages(
  world: FaultWorld,
  cases: Case[],
  timeoutMs = 120_000,
): Promise<void> {
  const expected = expectedMessages(cases);
  await eventually(
    () => Promise.resolve(received(world)),
    (seen) => expected.every((k) => seen.has(k)),
    `${expected.length} messages at the sinks`,
    { timeoutMs: timeoutMs, intervalMs: 500, retryErrors: true },
  ).catch((error: unknown) => {
    const seen = received(world);
    const missing = expected.filter((k) => !seen.has(k));
    throw new Error(`${describeError(error).slice(0, 300)}\nmissing: ${missing.join(', ')}`);
  });
}

/**
 * SMS rows `unknown`: the worker was cut off between claiming and recording. What an admin does
 * (README): ask the provider (here: the sink) whether it arrived; if it did not, resend it.
 * `eventId`: only that event's rows (a uuid).
 */
export async function resolveSmsInDoubt(
  world: FaultWorld,
  eventId?: string,
): Promise<{ inDoubt: number; resent: number }> {
  if (eventId !== undefined && !/^[0-9a-f-]{36}$/i.test(eventId)) {
    throw new Error(`not an event id: ${eventId}`);
  }
  const rows = await world.query<{ id: string; recipient: string; body_text: string }>(
    'notification-service',
    // Rows planned in bulk hold no body: theirs is their event's message in their language.
    `SELECT n.id, n.recipient, COALESCE(n.body_text, m.body_text) AS body_text
       FROM notifications n
       LEFT JOIN notification_messages m
         ON m.event_id = n.event_id AND m.language = n.language AND m.channel = n.channel
      WHERE n.status = 'unknown' AND n.channel = 'sms'
        ${eventId ? `AND n.event_id = '${eventId}'` : ''}`,
  );
  const seen = received(world);
  let resent = 0;
  for (const row of rows) {
    const k = key('sms', row.recipient, kindOf(row.body_text), refOf(row.body_text));
    if (seen.has(k)) continue;
    const reply = await world.send(
      'notification-service',
      'admin',
      'POST',
      `/notifications/${row.id}/resend`,
    );
    if (reply.status >= 300) throw new Error(`resend ${row.id}: ${reply.status}`);
    resent += 1;
  }
  return { inDoubt: rows.length, resent };
}

/**
 * Waits for the final states and the messages, gives late duplicates time to show, then counts
 * everything. Does not assert: the caller prints the line first, then asserts.
 */
export async function settle(
  world: FaultWorld,
  cases: Case[],
  timeoutMs = 120_000,
): Promise<Tally> {
  const problems: string[] = [];
  const total = cases.length * 3;
  const states = await eventually(
    () => statesReached(world, cases),
    (s) => s.reached === total,
    'every final state',
    { timeoutMs: timeoutMs, intervalMs: 1_000, retryErrors: true },
  ).catch(async (error: unknown) => {
    problems.push(describeError(error).slice(0, 500));
    return statesReached(world, cases);
  });
  problems.push(...states.missing);
  // An SMS in doubt that never reached the sink arrives only once an admin resends it (below):
  // until then this wait cannot end, so its timeout is a problem only if no resend explains it.
  const unarrived = await waitForMessages(world, cases, timeoutMs).then(
    () => undefined,
    (error: unknown) => describeError(error),
  );
  // Every ledger row ends sent (or unknown: in doubt), and the outboxes drain.
  await eventually(
    () => world.ledger(),
    (l) => Object.keys(l).every((s) => s === 'sent' || s === 'unknown'),
    'the ledger to settle',
    { timeoutMs: 30_000, intervalMs: 500, retryErrors: true },
  ).catch((error: unknown) => problems.push(describeError(error).slice(0, 500)));
  const doubt = await resolveSmsInDoubt(world);
  if (doubt.resent > 0) {
    await waitForMessages(world, cases, 30_000).catch((error: unknown) =>
      problems.push(`after ${doubt.resent} SMS resent by admin: ${describeError(error)}`),
    );
  } else if (unarrived) {
    problems.push(unarrived);
  }
  // A crashed worker's email comes back after its lease (5 s): wait past that for duplicates.
  await sleep(7_000);
  const outboxes = await eventually(
    () => Promise.all(SERVICE_NAMES.map((name) => world.outbox(name))),
    (all) => all.every((o) => o.pending === 0),
    'every outbox to be published',
    { timeoutMs: 30_000, intervalMs: 500, retryErrors: true },
  ).catch(async (error: unknown) => {
    problems.push(describeError(error).slice(0, 300));
    return Promise.all(SERVICE_NAMES.map((name) => world.outbox(name)));
  });

  const expected = expectedMessages(cases);
  const expectedSet = new Set(expected);
  const seen = received(world);
  let lost = 0;
  let duplicated = 0;
  let sameIdResends = 0;
  for (const k of expected) {
    const entry = seen.get(k);
    if (!entry) {
      lost += 1;
      continue;
    }
    const distinct = k.startsWith('email|') ? entry.messageIds.size : entry.arrivals;
    duplicated += distinct - 1;
    sameIdResends += entry.arrivals - distinct;
  }
  const unexpectedKeys = [...seen.keys()].filter((k) => !expectedSet.has(k));
  if (unexpectedKeys.length > 0) problems.push(`unexpected: ${unexpectedKeys.join(', ')}`);
  const final = await statesReached(world, cases);
  return {
    cases: cases.length,
    eventsSent: outboxes.reduce((sum, o) => sum + o.total, 0),
    eventsPending: outboxes.reduce((sum, o) => sum + o.pending, 0),
    statesReached: final.reached,
    statesExpected: total,
    messagesExpected: expected.length,
    lost,
    duplicated,
    unexpected: unexpectedKeys.reduce((sum, k) => sum + (seen.get(k)?.arrivals ?? 0), 0),
    sameIdResends,
    smsInDoubt: doubt.inDoubt,
    smsResentByAdmin: doubt.resent,
    emails: world.sinks.mails.length,
    sms: world.sinks.sms.length,
    ledger: await world.ledger(),
    problems,
  };
}

/** The one line each fault test prints. */
export function printTally(world: FaultWorld, name: string, tally: Tally, extra = ''): string {
  const line =
    `[fault ${name}] events sent ${tally.eventsSent}, ` +
    `states reached ${tally.statesReached}/${tally.statesExpected}, ` +
    `messages lost ${tally.lost}, duplicated ${tally.duplicated} ` +
    `(cases ${tally.cases}, messages ${tally.messagesExpected - tally.lost}/${tally.messagesExpected}` +
    `, unexpected ${tally.unexpected}, email resent with the same Message-ID ${tally.sameIdResends}` +
    `, SMS in doubt ${tally.smsInDoubt} of which resent by admin ${tally.smsResentByAdmin}` +
    `, events unpublished ${tally.eventsPending}, HTTP calls ${world.http.calls}` +
    `, unanswered ${world.http.noAnswer}, answers lost after the write ${world.http.lostAnswers}` +
    `, 5xx ${world.http.serverErrors.length}` +
    ` (503 dependency_unavailable ${world.http.serverErrors.filter((e) => e.endsWith(' 503 "dependency_unavailable"')).length})` +
    `${extra ? `, ${extra}` : ''})`;
  console.log(line);
  if (tally.problems.length > 0) {
    console.log(
      `[fault ${name}] problems (logs in ${world.logDir}):\n  ${tally.problems.join('\n  ')}`,
    );
  }
  return line;
}

/** UNICEF's stockpile of `quantity` kits that every other case of the stream offers from. */
export async function openStockpile(world: FaultWorld, quantity: number): Promise<void> {
  const recorded = await world.send('partner-offer-service', 'unicef', 'POST', '/stock', {
    region: 'KZ-19',
    warehouse: `Fault run ${world.runId}`,
    itemCode: 'WASH-HYGIENE-KIT',
    unit: 'kit',
    quantity,
  });
  expect(recorded.status).toBe(201);
  world.stockpileId = recorded.body.id as string;
}

/**
 * Every stock case was offered once and accepted whole: exactly its quantity is reserved,
 * nothing left the warehouse, and the movement ledger adds up.
 */
export async function expectStockHeld(
  world: FaultWorld,
  cases: Case[],
  quantity: number,
): Promise<void> {
  const fromStock = cases.filter((c) => c.stockpileId !== undefined);
  expect(fromStock.length).toBeGreaterThan(0);
  const [pile] = await world.query<{ on_hand: number; reserved: number }>(
    'partner-offer-service',
    `SELECT on_hand, reserved FROM stockpiles WHERE id = '${world.stockpileId}'`,
  );
  const ledger = await world.query<{ kind: string; total: number }>(
    'partner-offer-service',
    `SELECT kind, SUM(quantity)::int AS total FROM stock_movements
      WHERE stockpile_id = '${world.stockpileId}' GROUP BY kind`,
  );
  const sum = (kind: string) => ledger.find((r) => r.kind === kind)?.total ?? 0;
  const held = fromStock.reduce((total, c) => total + c.quantity, 0);
  expect(pile).toEqual({ on_hand: quantity, reserved: held });
  expect(sum('received')).toBe(quantity);
  expect(sum('reserved') - sum('released') - sum('dispatched')).toBe(held);
  const offers = await world.query<{ n: number }>(
    'partner-offer-service',
    `SELECT COUNT(*)::int AS n FROM offers WHERE stockpile_id = '${world.stockpileId}'`,
  );
  expect(offers[0].n).toBe(fromStock.length);
}
