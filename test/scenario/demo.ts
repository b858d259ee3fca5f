/**
 * npm run demo: plays the spring-flood scenario against the platform `npm start` runs, and prints
 * what happens step by step, the final state, and who was told what (the notification-service's
 * ledger, checked against the local inboxes: MailDev's REST API and the SMPP sink's). Safe to run again: each run registers its own
 * subscribers (and removes those of earlier demo runs). A resident of Aktobe texts the platform
 * through the SMPP sink's inbound form (POST /api/sms/inbound), so the feedback and stock steps
 * (issue 19) are played too; without the SMS inbox they are left out, and the demo says so.
 *
 * Settings (environment): INCIDENT_SERVICE_URL, RESOURCE_REQUEST_SERVICE_URL,
 * PARTNER_OFFER_SERVICE_URL, NOTIFICATION_SERVICE_URL (default 127.0.0.1:3001..3004),
 * MAIL_INBOX_URL (MailDev, default http://127.0.0.1:1080), SMS_INBOX_URL (the SMPP sink's page,
 * default http://127.0.0.1:1081).
 */
import { randomBytes } from 'node:crypto';

import { mintDevToken } from '@relief/local-infra';
import {
  LOCAL_URLS,
  runFloodScenario,
  type PlatformUrls,
  type ScenarioResult,
} from './flood-scenario';
import { ACTORS, SUBSCRIBER_KEYS, SUBSCRIBERS } from './flood-scenario.cast';
import { type ScenarioPhones } from './flood-scenario.feedback-stock';
import { plural, type LedgerRow } from './flood-scenario.notifications';
import { Http, ScenarioError, type TokenMinter } from './scenario-http';

const urls: PlatformUrls = {
  incidents: process.env.INCIDENT_SERVICE_URL ?? LOCAL_URLS.incidents,
  requests: process.env.RESOURCE_REQUEST_SERVICE_URL ?? LOCAL_URLS.requests,
  offers: process.env.PARTNER_OFFER_SERVICE_URL ?? LOCAL_URLS.offers,
  notifications: process.env.NOTIFICATION_SERVICE_URL ?? LOCAL_URLS.notifications,
};
const MAIL_INBOX = process.env.MAIL_INBOX_URL ?? 'http://127.0.0.1:1080';
const SMS_INBOX = process.env.SMS_INBOX_URL ?? 'http://127.0.0.1:1081';

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

const mint: TokenMinter = (who) => mintDevToken({ role: who.role, org: who.org, sub: who.sub });
const http = new Http(mint);

async function assertPlatformUp(): Promise<void> {
  for (const [name, base] of Object.entries(urls)) {
    const ready = await fetch(`${base}/ready`, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (!ready) {
      throw new ScenarioError(
        `the ${name} service does not answer ready at ${base}. Start the platform first: npm start`,
      );
    }
  }
}

/** Phones through the SMPP sink: its inbound form sends, its inbox lists (newest first there). */
const phones: ScenarioPhones = {
  send: async (sms) => {
    const response = await fetch(`${SMS_INBOX}/api/sms/inbound`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(sms),
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok) {
      throw new ScenarioError(
        `the SMS inbox refused the text: ${response.status} ${await response.text()}`,
      );
    }
    return ((await response.json()) as { commandStatus: number }).commandStatus;
  },
  received: async (to) => {
    const texts = await inbox<{ text: string }>(
      `${SMS_INBOX}/api/sms?to=${encodeURIComponent(to)}`,
    );
    if (!texts) throw new ScenarioError(`the SMS inbox at ${SMS_INBOX} does not answer`);
    return texts.map((t) => t.text).reverse();
  },
};

/** The sink's inbound form answers 405 to a GET: there is one to text through. */
async function canText(): Promise<boolean> {
  return fetch(`${SMS_INBOX}/api/sms/inbound`, { signal: AbortSignal.timeout(5_000) }).then(
    (r) => r.status === 405,
    () => false,
  );
}

/** Subscribers registered by earlier runs would hear this run's events too: remove them. */
async function removeEarlierDemoSubscribers(): Promise<void> {
  // GET /subscribers is keyset-paged: { items, nextCursor }.
  const all: { id: string; userId: string | null }[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const { body } = await http.expect(
      200,
      ACTORS.admin,
      'GET',
      `${urls.notifications}/subscribers?limit=200${query}`,
    );
    const page = body as { items: typeof all; nextCursor: string | null };
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  const earlier = all.filter((s) => s.userId?.startsWith('demo-'));
  for (const s of earlier) {
    await http.expect(204, ACTORS.admin, 'DELETE', `${urls.notifications}/subscribers/${s.id}`);
  }
  if (earlier.length > 0) {
    console.log(dim(`(removed ${earlier.length} subscribers registered by an earlier demo run)`));
  }
}

async function printFinalState(result: ScenarioResult): Promise<void> {
  console.log(`\n${bold('Final state')}`);
  for (const { id } of Object.values(result.incidents)) {
    const { body: i } = await http.expect(
      200,
      ACTORS.operator,
      'GET',
      `${urls.incidents}/incidents/${id}`,
    );
    console.log(
      `  incident ${i.reference}  ${i.status.padEnd(9)} ${i.severity.padEnd(8)} ${i.title}`,
    );
  }
  for (const { id } of Object.values(result.requests)) {
    const { body: r } = await http.expect(
      200,
      ACTORS.operator,
      'GET',
      `${urls.requests}/requests/${id}`,
    );
    const c = r.coverage;
    console.log(
      `  request  ${r.incidentReference}  ${r.item.name.padEnd(24)} ${r.scope.padEnd(13)} ` +
        `${r.status.padEnd(19)} requested ${c.requested}, pledged ${c.pledged}, delivered ${c.delivered}, remaining ${c.remaining}`,
    );
  }
  for (const { id } of Object.values(result.offers)) {
    const { body: o } = await http.expect(
      200,
      ACTORS.operator,
      'GET',
      `${urls.offers}/offers/${id}`,
    );
    const detail =
      o.status === 'declined'
        ? `reason: ${o.reason}`
        : `offered ${o.quantity}, accepted ${o.acceptedQuantity ?? '-'}, delivered ${o.deliveredQuantity ?? '-'}`;
    console.log(
      `  offer    ${o.partner.code.padEnd(7)} ${o.item.name.padEnd(24)} ${o.status.padEnd(9)} ${detail}`,
    );
  }
  const story = result.feedbackAndStock;
  if (story) {
    const { body: r } = await http.expect(
      200,
      ACTORS.operator,
      'GET',
      `${urls.requests}/requests/${story.requestId}`,
    );
    const c = r.coverage;
    console.log(
      `  request  ${r.incidentReference}  ${`${r.item.name} v${r.item.version}`.padEnd(24)} ${r.scope.padEnd(13)} ` +
        `${r.status.padEnd(19)} requested ${c.requested}, pledged ${c.pledged}, delivered ${c.delivered}, remaining ${c.remaining}`,
    );
    const { body: s } = await http.expect(
      200,
      ACTORS.unicef,
      'GET',
      `${urls.offers}/stock/${story.stockpileId}`,
    );
    console.log(
      `  stock    ${s.ownerCode.padEnd(7)} ${`${s.warehouse} (${s.region})`.padEnd(24)} kit v${s.itemVersion}: ` +
        `on hand ${s.onHand}, reserved ${s.reserved}, available ${s.available}`,
    );
    const { body: f } = await http.expect(
      200,
      ACTORS.operator,
      'GET',
      `${urls.notifications}/feedback/summary?incidentId=${result.incidents.aktobe.id}`,
    );
    console.log(
      `  feedback ${result.incidents.aktobe.reference}  ${f.total} message(s) from affected people`,
    );
  }
  for (const r of result.refusals) {
    console.log(
      `  refused  ${r.who.padEnd(7)} on the ${r.scope} ${r.request} request: ${r.status} ${r.code}`,
    );
  }
}

/** What the demo reads of MailDev's GET /email and the SMPP sink's GET /api/sms. */
interface InboxMail {
  to: { address: string }[];
}
interface InboxSms {
  to: string;
}

/** The inbox's list, or null when it does not answer (then the demo says so). */
function inbox<T>(url: string): Promise<T[] | null> {
  return fetch(url, { signal: AbortSignal.timeout(5_000) })
    .then((r) => (r.ok ? (r.json() as Promise<T[]>) : null))
    .catch(() => null);
}

async function printWhoWasTold(result: ScenarioResult): Promise<void> {
  console.log(
    `\n${bold('Who was told what')} ${dim('(notification ledger; emails checked in MailDev, SMS in the SMS inbox)')}`,
  );
  const mailInbox = await inbox<InboxMail>(`${MAIL_INBOX}/email`);
  const smsInbox = await inbox<InboxSms>(`${SMS_INBOX}/api/sms`);
  for (const key of SUBSCRIBER_KEYS) {
    const subscriber = result.subscribers[key];
    const plan = SUBSCRIBERS[key];
    const { body } = await http.expect(
      200,
      ACTORS.admin,
      'GET',
      `${urls.notifications}/notifications?subscriberId=${subscriber.id}&limit=500`,
    );
    // Oldest first; for one event, the email before the SMS.
    const rows = (body as LedgerRow[]).sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.channel.localeCompare(b.channel),
    );
    const email = subscriber.email.toLowerCase();
    const mails = mailInbox?.filter((m) => m.to.some((t) => t.address.toLowerCase() === email));
    const texts = smsInbox?.filter((m) => m.to === subscriber.phone);
    const mailsCaught = mails ? `${mails.length} in MailDev` : 'MailDev not reachable';
    const smsCaught = texts ? `${texts.length} in the SMS inbox` : 'SMS inbox not reachable';
    const smsSent = rows.filter((r) => r.channel === 'sms').length;
    console.log(
      `\n  ${bold(subscriber.name)} (${plan.organisation}, ${subscriber.language}) - ` +
        `${plural(rows.filter((r) => r.channel === 'email').length, 'email')} (${mailsCaught}), ` +
        `${smsSent} SMS${subscriber.phone ? ` (${smsCaught})` : ''}`,
    );
    for (const row of rows) {
      const what = row.channel === 'email' ? row.subject : row.text;
      console.log(`    ${row.channel.padEnd(5)} ${row.status.padEnd(5)} ${what}`);
    }
  }
  console.log(dim(`\nEmails: ${MAIL_INBOX} (MailDev). SMS: ${SMS_INBOX} (the SMPP sink's inbox).`));
}

async function main(): Promise<void> {
  await assertPlatformUp();
  await removeEarlierDemoSubscribers();
  const runTag = randomBytes(3).toString('hex');
  console.log(bold(`Spring floods in Kazakhstan - a demo run (tag ${runTag})`));
  const started = Date.now();
  const texting = await canText();
  if (!texting) {
    console.log(
      dim(
        `(no SMS inbound form at ${SMS_INBOX}/api/sms/inbound: the feedback and stock steps are left out)`,
      ),
    );
  }
  const result = await runFloodScenario({
    urls,
    mintToken: mint,
    runTag,
    phones: texting ? phones : undefined,
    reporter: {
      step: (n, title) => console.log(`\n${bold(`${n}. ${title}`)}`),
      say: (line) => console.log(`   ${line}`),
    },
  });
  await printFinalState(result);
  await printWhoWasTold(result);
  console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

main().catch((error: unknown) => {
  console.error(`\nThe demo stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
