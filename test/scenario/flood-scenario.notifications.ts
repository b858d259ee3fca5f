/**
 * Steps 1 and 15 of the flood scenario: the notification desk registers the subscribers, and at
 * the end every stakeholder must have been told what concerns them (the ledger, all sent).
 * `expectedNotifications` says who should hear what, given the subscriptions and the run.
 */
// eslint-disable-next-line no-restricted-imports -- the demo runs it without Nest (not the index)
import { eventually } from '../../libs/testing/src/polling';
import {
  ACTORS,
  goodsWords,
  itemWords,
  SUBSCRIBER_KEYS,
  SUBSCRIBERS,
  YOUR_OFFER,
  type Channel,
  type Language,
  type SubscriberKey,
} from './flood-scenario.cast';
import { type RequestKey, type ScenarioRun } from './flood-scenario.run';

/** One message a stakeholder should receive; `mentions` must all appear in it. */
export interface ExpectedNotification {
  subscriber: SubscriberKey;
  channel: Channel;
  eventType: string;
  mentions: string[];
}

/** A row of the notification-service's delivery ledger (GET /notifications). */
export interface LedgerRow {
  id: string;
  eventId: string;
  eventType: string;
  subscriberId: string;
  channel: Channel;
  recipient: string;
  language: string;
  subject: string | null;
  text: string;
  status: string;
  attempts: number;
  createdAt: string;
}

/** Seven digits that differ from run to run (so do the phone numbers of the subscribers). */
export function phoneDigits(runTag: string, salt: number): string {
  let hash = salt * 7919;
  for (const c of runTag) hash = (hash * 31 + c.charCodeAt(0)) % 9_000_000;
  return String(1_000_000 + hash).padStart(7, '0');
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function registerSubscribers(run: ScenarioRun): Promise<void> {
  const tag = run.options.runTag;
  let salt = 0;
  for (const key of SUBSCRIBER_KEYS) {
    const plan = SUBSCRIBERS[key];
    salt += 1;
    const email = `${plan.email[0]}+${tag}@${plan.email[1]}`;
    const phone = plan.phonePrefix ? `${plan.phonePrefix}${phoneDigits(tag, salt)}` : null;
    const { body } = await run.http.expect(
      201,
      ACTORS.admin,
      'POST',
      `${run.urls.notifications}/subscribers`,
      {
        name: plan.name,
        organisation: plan.organisation,
        email,
        phone,
        language: plan.language,
        channels: plan.channels,
        userId: `demo-${tag}-${key}`,
      },
    );
    for (const subscription of plan.subscriptions) {
      await run.http.expect(
        201,
        ACTORS.admin,
        'POST',
        `${run.urls.notifications}/subscribers/${body.id}/subscriptions`,
        subscription,
      );
    }
    run.subscribers[key] = {
      key,
      id: body.id,
      name: plan.name,
      language: plan.language,
      email,
      phone,
      channels: plan.channels,
    };
    const how = plan.channels.map((c) => (c === 'sms' ? `SMS ${phone}` : email)).join(' + ');
    run.report.say(`${plan.name} (${plan.role}) [${plan.language}] ${how}`);
    run.report.say(`    hears: ${plan.hears}`);
  }
}

async function ledger(run: ScenarioRun, key: SubscriberKey): Promise<LedgerRow[]> {
  const { body } = await run.http.expect(
    200,
    ACTORS.admin,
    'GET',
    `${run.urls.notifications}/notifications?subscriberId=${run.subscribers[key].id}&limit=500`,
  );
  return body as LedgerRow[];
}

export async function awaitNotifications(run: ScenarioRun): Promise<void> {
  const expected = expectedNotifications(run);
  for (const key of SUBSCRIBER_KEYS) {
    const mine = expected.filter((e) => e.subscriber === key);
    const rows = await eventually(
      () => ledger(run, key),
      (r) => r.length >= mine.length && r.every((row) => row.status === 'sent'),
      `${mine.length} notifications to ${SUBSCRIBERS[key].name}, all sent`,
      { timeoutMs: run.timeoutMs * 2, intervalMs: 500 },
    );
    const count = (channel: Channel) => rows.filter((r) => r.channel === channel).length;
    const sms = count('sms') > 0 ? ` + ${count('sms')} SMS` : '';
    run.report.say(
      `${SUBSCRIBERS[key].name} [${SUBSCRIBERS[key].language}]: ${plural(count('email'), 'email')}${sms}, all sent`,
    );
  }
}

/** A word a message must say, as is or in the reader's language. */
type Mention = string | ((language: Language) => string);

/**
 * Who should hear what, given the subscriptions above and what happened. The mentions are what
 * the email's subject and the SMS both say: the incident reference, the goods as the reader's
 * language words them (a count in agreement), "your offer" to the partner whose offer it is, the
 * partner's code to everyone else.
 */
export function expectedNotifications(run: ScenarioRun): ExpectedNotification[] {
  const aktobe = run.incidents.aktobe.reference;
  const north = run.incidents.north.reference;
  const goods = (key: RequestKey, n: number) => (l: Language) => goodsWords(key, n, l);
  const item = (key: RequestKey) => (l: Language) => itemWords(key, l);
  const yours = (l: Language) => YOUR_OFFER[l];
  const plan: [SubscriberKey, string, Mention[]][] = [
    ['aktobeDuty', 'incident.reported', [aktobe]],
    ['aktobeDuty', 'incident.status-changed', [aktobe]], // active
    ['aktobeDuty', 'incident.situation-updated', [aktobe]], // the dam breach
    ['aktobeDuty', 'incident.severity-changed', [aktobe]],
    ['aktobeDuty', 'incident.situation-updated', [aktobe]], // the water recedes
    ['aktobeDuty', 'incident.status-changed', [aktobe]], // contained
    ['aktobeDuty', 'incident.closed', [aktobe]],
    ['aktobeDuty', 'request.fulfilled', [aktobe, item('kits')]],
    // The Red Crescent takes back 6 pumps the ministry had accepted: coverage falls.
    ['aktobeDuty', 'offer.withdrawn', [aktobe, 'RCS-KZ', goods('pumps', 6)]],
    // Extreme from the severity change on: what came before is below its threshold.
    ['situationCentre', 'incident.severity-changed', [aktobe]],
    ['situationCentre', 'incident.situation-updated', [aktobe]],
    ['situationCentre', 'incident.status-changed', [aktobe]],
    ['situationCentre', 'incident.closed', [aktobe]],
    ['situationCentre', 'offer.withdrawn', [aktobe, 'RCS-KZ', goods('pumps', 6)]],
    ['logistics', 'request.raised', [aktobe, goods('kits', 400)]],
    ['logistics', 'request.raised', [aktobe, goods('pumps', 30)]],
    ['logistics', 'request.raised', [north, goods('sandbags', 5000)]],
    ['logistics', 'request.scope-changed', [aktobe, item('kits')]],
    ['logistics', 'request.fulfilled', [aktobe, item('kits')]],
    ['logistics', 'offer.withdrawn', [aktobe, 'RCS-KZ', goods('pumps', 6)]],
    // The pumps request closes with the incident, 20 short (the kits one was fulfilled).
    ['logistics', 'request.closed', [aktobe, item('pumps')]],
    ['unicef', 'request.scope-changed', [aktobe, item('kits')]],
    // Accepted in part: the subject names the 300 offered, the SMS the 250 accepted.
    ['unicef', 'offer.accepted', [aktobe, yours, item('kits'), '250']],
    ['unicef', 'offer.delivered', [aktobe, goods('kits', 250)]],
    ['rcs', 'request.raised', [aktobe, goods('kits', 400)]],
    ['rcs', 'request.raised', [aktobe, goods('pumps', 30)]],
    ['rcs', 'request.raised', [north, goods('sandbags', 5000)]],
    ['rcs', 'offer.accepted', [aktobe, yours, goods('kits', 150)]],
    ['rcs', 'offer.accepted', [aktobe, yours, goods('pumps', 10)]],
    ['rcs', 'offer.accepted', [aktobe, yours, goods('pumps', 6)]], // withdrawn later
    ['rcs', 'offer.delivered', [aktobe, goods('kits', 150)]],
    ['rcs', 'offer.delivered', [aktobe, goods('pumps', 10)]],
    ['rcs', 'offer.declined', [aktobe, yours, goods('pumps', 8)]],
    ['echo', 'offer.declined', [aktobe, yours, goods('kits', 200)]],
  ];
  return plan.flatMap(([subscriber, eventType, mentions]) => {
    const language = SUBSCRIBERS[subscriber].language;
    return SUBSCRIBERS[subscriber].channels.map((channel) => ({
      subscriber,
      channel,
      eventType,
      mentions: mentions.map((m) => (typeof m === 'string' ? m : m(language))),
    }));
  });
}
