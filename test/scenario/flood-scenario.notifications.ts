/**
 * Steps 1 and 14 of the flood scenario: the notification desk registers the subscribers, and at
 * the end every stakeholder must have been told what concerns them (the ledger, all sent).
 * `expectedNotifications` says who should hear what, given the subscriptions and the run.
 */
// eslint-disable-next-line no-restricted-imports -- the demo runs it without Nest (not the index)
import { eventually } from '../../libs/testing/src/polling';
import {
  ACTORS,
  inLanguage,
  ITEM_NAMES,
  SUBSCRIBER_KEYS,
  SUBSCRIBERS,
  type Channel,
  type SubscriberKey,
} from './flood-scenario.cast';
import { type ScenarioRun } from './flood-scenario.run';

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
function phoneDigits(runTag: string, salt: number): string {
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

/** Who should hear what, given the subscriptions above and what happened. */
export function expectedNotifications(run: ScenarioRun): ExpectedNotification[] {
  const aktobe = run.incidents.aktobe.reference;
  const north = run.incidents.north.reference;
  const kits = ITEM_NAMES.kits;
  const pumps = ITEM_NAMES.pumps;
  const sandbags = ITEM_NAMES.sandbags;
  const plan: [SubscriberKey, string, string[]][] = [
    ['aktobeDuty', 'incident.reported', [aktobe]],
    ['aktobeDuty', 'incident.status-changed', [aktobe]], // active
    ['aktobeDuty', 'incident.situation-updated', [aktobe]], // the dam breach
    ['aktobeDuty', 'incident.severity-changed', [aktobe]],
    ['aktobeDuty', 'incident.situation-updated', [aktobe]], // the water recedes
    ['aktobeDuty', 'incident.status-changed', [aktobe]], // contained
    ['aktobeDuty', 'incident.closed', [aktobe]],
    ['aktobeDuty', 'request.fulfilled', [aktobe, kits]],
    // Extreme from the severity change on: what came before is below its threshold.
    ['situationCentre', 'incident.severity-changed', [aktobe]],
    ['situationCentre', 'incident.situation-updated', [aktobe]],
    ['situationCentre', 'incident.status-changed', [aktobe]],
    ['situationCentre', 'incident.closed', [aktobe]],
    ['logistics', 'request.raised', [aktobe, kits]],
    ['logistics', 'request.raised', [aktobe, pumps]],
    ['logistics', 'request.raised', [north, sandbags]],
    ['logistics', 'request.scope-changed', [aktobe, kits]],
    ['logistics', 'request.fulfilled', [aktobe, kits]],
    ['unicef', 'request.scope-changed', [aktobe, kits]],
    ['unicef', 'offer.accepted', [aktobe, kits]],
    ['unicef', 'offer.delivered', [aktobe, kits]],
    ['rcs', 'request.raised', [aktobe, kits]],
    ['rcs', 'request.raised', [aktobe, pumps]],
    ['rcs', 'request.raised', [north, sandbags]],
    ['rcs', 'offer.accepted', [aktobe, kits]],
    ['rcs', 'offer.accepted', [aktobe, pumps]],
    ['rcs', 'offer.delivered', [aktobe, kits]],
    ['rcs', 'offer.delivered', [aktobe, pumps]],
    ['rcs', 'offer.declined', [aktobe, pumps]],
    ['echo', 'offer.declined', [aktobe, kits]],
  ];
  return plan.flatMap(([subscriber, eventType, mentions]) =>
    SUBSCRIBERS[subscriber].channels.map((channel) => ({
      subscriber,
      channel,
      eventType,
      mentions: mentions.map((m) => inLanguage(m, SUBSCRIBERS[subscriber].language)),
    })),
  );
}
