/**
 * Issue 19's part of the flood scenario, played when the caller can text the platform from a
 * phone (`ScenarioOptions.phones`: the SMPP sink's inbound form for the demo): a resident of
 * Aktobe texts that the hygiene kit lacks nappies; the ministry categorises it and UNICEF, which
 * delivered the kits, reads it without the phone number; the resident sends STOP; a new kit
 * version cites the feedback; UNICEF stocks 400 of it in Almaty region; a new Aktobe request is
 * covered from that stock, with the stock and the request's coverage shown (and checked to
 * agree) at each step; after the closure the resident hears by email only.
 */
// eslint-disable-next-line no-restricted-imports -- the demo runs it without Nest (not the index)
import { eventually, sleep } from '../../libs/testing/src/polling';
import { coverageLine, seen } from './flood-scenario.assistance';
import { ACTORS, FEEDBACK, INCIDENT_EVENTS } from './flood-scenario.cast';
import { phoneDigits, type LedgerRow } from './flood-scenario.notifications';
import { type ScenarioRun } from './flood-scenario.run';
import { day, ScenarioError } from './scenario-http';

/** The phone network's side, for issue 19's steps. */
export interface ScenarioPhones {
  /** A text from `from` to the platform's number; the gateway's deliver_sm_resp status (0: taken). */
  send(sms: { from: string; text: string; id: string }): Promise<number>;
  /** The texts `to` has received so far, oldest first. */
  received(to: string): Promise<string[]>;
}

const { itemCode: KIT, complaint: COMPLAINT, stop: STOP, kazakhAck: KAZAKH_ACK } = FEEDBACK;
const NAPPIES = 'Disposable nappies';

/** A piece of feedback as GET /feedback lists it (`phone` for the ministry only). */
interface FeedbackItem {
  id: string;
  version: number;
  text: string;
  language: string;
  regionCode: string | null;
  incidentReference: string | null;
  itemCode: string | null;
  category: string | null;
  phone?: string | null;
}
interface KitEntry {
  itemCode: string | null;
  name: string;
  quantity: number;
  unit: string;
}
interface Stockpile {
  id: string;
  warehouse: string;
  region: string;
  itemVersion: number | null;
  onHand: number;
  reserved: number;
  available: number;
  distanceKm?: number;
  versionDiffers?: boolean;
}
interface Coverage {
  requested: number;
  pledged: number;
  delivered: number;
  remaining: number;
}

/** What issue 19's steps created, for the caller to show or check. */
export interface FeedbackStockResult {
  residentPhone: string;
  residentSubscriberId: string;
  feedbackId: string;
  kitVersion: number;
  stockpileId: string;
  requestId: string;
  offerId: string;
}

export class FeedbackAndStock {
  private readonly tag: string;
  readonly result = {} as FeedbackStockResult;
  /** How many texts the resident had received when STOP was confirmed. */
  private textsAtStop = 0;
  private stoppedAt = '';

  constructor(
    private readonly run: ScenarioRun,
    private readonly phones: ScenarioPhones,
  ) {
    this.tag = run.options.runTag;
  }

  private get aktobe() {
    return this.run.incidents.aktobe;
  }

  /** A resident of Aktobe texts the platform; the SMSC delivers the message twice. */
  async residentTexts(): Promise<void> {
    const { run, phones } = this;
    const phone = `+7701${phoneDigits(this.tag, 99)}`;
    const { body: subscriber } = await run.http.expect(
      201,
      ACTORS.admin,
      'POST',
      `${run.urls.notifications}/subscribers`,
      {
        name: 'Gulnar, resident of Aktobe',
        organisation: 'public',
        email: `gulnar+${this.tag}@example.kz`,
        phone,
        language: 'kk',
        channels: ['sms', 'email'],
        userId: `demo-${this.tag}-resident`,
      },
    );
    await run.http.expect(
      201,
      ACTORS.admin,
      'POST',
      `${run.urls.notifications}/subscribers/${subscriber.id}/subscriptions`,
      { eventTypes: INCIDENT_EVENTS, regions: ['KZ-15'] },
    );
    this.result.residentPhone = phone;
    this.result.residentSubscriberId = subscriber.id;
    run.report.say(`Gulnar (kk) follows the floods in Aktobe region by SMS ${phone} and email`);

    const sms = { from: phone, text: COMPLAINT, id: `demo-${this.tag}-mo-1` };
    for (const attempt of [1, 2]) {
      const status = await phones.send(sms);
      if (status !== 0) throw new ScenarioError(`the SMS gateway refused the text: ${status}`);
      if (attempt === 1) run.report.say(`She texts the platform's number: "${COMPLAINT}"`);
      else run.report.say('The SMS centre delivers the same message again (same message id)');
    }
    const list = await eventually(
      () =>
        run.http.expect(
          200,
          ACTORS.logistics,
          'GET',
          `${run.urls.notifications}/feedback?incidentId=${this.aktobe.id}&channel=sms`,
        ),
      (a) => (a.body.items as FeedbackItem[]).some((f) => f.phone === phone),
      'the SMS in the feedback list',
      { timeoutMs: run.timeoutMs },
    );
    const hers = (list.body.items as FeedbackItem[]).filter((f) => f.phone === phone);
    if (hers.length !== 1) {
      throw new ScenarioError(`the SMS delivered twice is listed ${hers.length} times, not once`);
    }
    const f = hers[0];
    this.result.feedbackId = f.id;
    run.report.say(
      `The ministry's feedback list: 1 message from ${f.phone}, in ${f.language}, region ${f.regionCode}, ` +
        `${f.incidentReference}, item ${f.itemCode}, ${f.category ?? 'not categorised yet'}`,
    );
    const acks = await eventually(
      async () => (await phones.received(phone)).filter((t) => t.startsWith(KAZAKH_ACK)),
      (texts) => texts.length > 0,
      'the acknowledgement',
      { timeoutMs: run.timeoutMs },
    );
    await sleep(1_000);
    const all = (await phones.received(phone)).filter((t) => t.startsWith(KAZAKH_ACK));
    if (all.length !== 1) throw new ScenarioError(`${all.length} acknowledgements, not one`);
    run.report.say(`Her phone gets one acknowledgement, in Kazakh: "${acks[0]}"`);
  }

  /** The ministry categorises it; the summary counts it against the kit; UNICEF reads it. */
  async feedbackCategorised(): Promise<void> {
    const { run } = this;
    const url = `${run.urls.notifications}/feedback`;
    const { body: changed } = await run.http.expect(
      200,
      ACTORS.logistics,
      'PATCH',
      `${url}/${this.result.feedbackId}`,
      { category: 'missing-item', handled: true },
      { 'If-Match': `"${await this.feedbackVersion()}"` },
    );
    run.report.say(`The ministry marks it: ${changed.category}, handled`);
    const { body: summary } = await run.http.expect(
      200,
      ACTORS.logistics,
      'GET',
      `${url}/summary?incidentId=${this.aktobe.id}`,
    );
    for (const line of summary.items as {
      itemCode: string | null;
      count: number;
      categories: Record<string, number>;
      topWords: { word: string }[];
    }[]) {
      const categories = Object.entries(line.categories)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ');
      run.report.say(
        `Feedback on ${line.itemCode ?? 'no item'} in ${this.aktobe.reference}: ${line.count} (${categories}); ` +
          `most often: ${line.topWords.map((w) => w.word).join(', ')}`,
      );
    }
    const { body: forUnicef } = await run.http.expect(
      200,
      ACTORS.unicef,
      'GET',
      `${url}?incidentId=${this.aktobe.id}`,
    );
    const seenByUnicef = (forUnicef.items as FeedbackItem[]).find(
      (f) => f.id === this.result.feedbackId,
    );
    if (!seenByUnicef) throw new ScenarioError('UNICEF, which delivered the kits, does not see it');
    if ('phone' in seenByUnicef || JSON.stringify(forUnicef).includes(this.result.residentPhone)) {
      throw new ScenarioError('UNICEF is shown the phone number');
    }
    run.report.say(
      `UNICEF, which delivered kits in Aktobe, reads "${seenByUnicef.text}" (no phone number)`,
    );
  }

  private async feedbackVersion(): Promise<number> {
    const { body } = await this.run.http.expect(
      200,
      ACTORS.logistics,
      'GET',
      `${this.run.urls.notifications}/feedback?incidentId=${this.aktobe.id}`,
    );
    const f = (body.items as FeedbackItem[]).find((i) => i.id === this.result.feedbackId);
    if (!f) throw new ScenarioError('the feedback left the list');
    return f.version;
  }

  /** STOP in Kazakh: confirmed once, and nothing more by SMS to that number. */
  async residentStops(): Promise<void> {
    const { run, phones } = this;
    const phone = this.result.residentPhone;
    const before = (await phones.received(phone)).length;
    const status = await phones.send({ from: phone, text: STOP, id: `demo-${this.tag}-mo-2` });
    if (status !== 0) throw new ScenarioError(`the SMS gateway refused the STOP: ${status}`);
    this.stoppedAt = new Date().toISOString();
    run.report.say(`Gulnar texts "${STOP}" (STOP)`);
    const texts = await eventually(
      () => phones.received(phone),
      (t) => t.length > before,
      'the STOP confirmation',
      { timeoutMs: run.timeoutMs },
    );
    this.textsAtStop = texts.length;
    run.report.say(`Confirmed, in Kazakh: "${texts[texts.length - 1]}"`);
  }

  /** Kit version n+1 answers the feedback; UNICEF stocks 400 of it in Almaty region. */
  async newKitStocked(): Promise<void> {
    const { run } = this;
    const versions = `${run.urls.requests}/catalogue/items/${KIT}/versions`;
    const { body: all } = await run.http.expect(200, ACTORS.logistics, 'GET', versions);
    const latest = all[all.length - 1] as { version: number; contents: KitEntry[] };
    // Played again on one platform, the kit already has nappies: then it gets more of them.
    const contents = latest.contents.some((e) => e.name === NAPPIES)
      ? latest.contents.map((e) => (e.name === NAPPIES ? { ...e, quantity: e.quantity + 10 } : e))
      : [...latest.contents, { itemCode: null, name: NAPPIES, quantity: 30, unit: 'piece' }];
    const { body: summary } = await run.http.expect(
      200,
      ACTORS.logistics,
      'GET',
      `${run.urls.notifications}/feedback/summary?incidentId=${this.aktobe.id}&itemCode=${KIT}`,
    );
    const count = (summary.items[0]?.categories['missing-item'] ?? 0) as number;
    const { body: published } = await run.http.expect(201, ACTORS.logistics, 'POST', versions, {
      contents,
      note: `v${latest.version + 1}: nappies after the feedback from Aktobe`,
      citation: {
        feedbackCount: count,
        incidentId: this.aktobe.id,
        regionCode: 'KZ-15',
        category: 'missing-item',
        summary: `${count} ${count === 1 ? 'response' : 'responses'} from Aktobe: no nappies in the kit`,
      },
    });
    this.result.kitVersion = published.version;
    const { body: diff } = await run.http.expect(
      200,
      ACTORS.unicef,
      'GET',
      `${versions}/${latest.version}/diff/${published.version}`,
    );
    const changes = [
      ...diff.added.map((e: KitEntry) => `+ ${e.quantity} ${e.unit} ${e.name}`),
      ...diff.changed.map(
        (e: { name: string; unit: string; from: number; to: number }) =>
          `${e.name} ${e.from} -> ${e.to} ${e.unit}`,
      ),
      ...diff.removed.map((e: KitEntry) => `- ${e.name}`),
    ];
    run.report.say(
      `Hygiene kit v${published.version} published (${changes.join('; ')}), citing "${published.citation.summary}"`,
    );
    const { body: pile } = await run.http.expect(
      201,
      ACTORS.unicef,
      'POST',
      `${run.urls.offers}/stock`,
      {
        region: 'KZ-19',
        warehouse: 'UNICEF warehouse, Qonaev',
        itemCode: KIT,
        itemVersion: published.version,
        unit: 'kit',
        quantity: 400,
        expiresOn: day(730),
      },
    );
    this.result.stockpileId = pile.id;
    run.report.say(
      `UNICEF stocks 400 kits of v${pile.itemVersion} at ${pile.warehouse} (Almaty region, ${pile.region}): ${stockLine(pile, 400)}`,
    );
  }

  /** A new kits request for Aktobe, covered from the Almaty stock: stock and coverage together. */
  async coveredFromStock(): Promise<void> {
    const { run } = this;
    const { body: raised } = await run.http.expect(
      201,
      ACTORS.logistics,
      'POST',
      `${run.urls.requests}/requests`,
      {
        incidentId: this.aktobe.id,
        item: { code: KIT },
        quantity: 400,
        priority: 'high',
        neededBy: day(10),
        location: { region: 'KZ-15', address: 'Aktobe, families returning to Kargaly district' },
        scope: 'international',
      },
    );
    this.result.requestId = raised.id;
    run.report.say(
      `The ministry asks for 400 more hygiene kits (v${raised.item.version}) for ${raised.incidentReference}, scope ${raised.scope}`,
    );
    await eventually(
      () => run.http.call(ACTORS.unicef, 'GET', `${run.urls.offers}/requests/${raised.id}`),
      (a) => a.status === 200,
      'the partner-offer-service to know the request',
      { timeoutMs: run.timeoutMs },
    );
    const { body: matches } = await run.http.expect(
      200,
      ACTORS.unicef,
      'GET',
      `${run.urls.offers}/stock/matches?requestId=${raised.id}`,
    );
    run.report.say('UNICEF sees its matching stock, nearest first:');
    for (const m of matches as Stockpile[]) {
      run.report.say(
        `    ${String(m.distanceKm).padStart(5)} km  ${m.warehouse} (${m.region}): ${m.available} available, v${m.itemVersion}` +
          (m.versionDiffers ? ' (another version than requested)' : ''),
      );
    }
    if (!(matches as Stockpile[]).some((m) => m.id === this.result.stockpileId)) {
      throw new ScenarioError('the Almaty stock is not among the matches');
    }

    const { body: offer } = await run.http.expect(
      201,
      ACTORS.unicef,
      'POST',
      `${run.urls.offers}/offers`,
      {
        requestId: raised.id,
        quantity: 400,
        stockpileId: this.result.stockpileId,
        expectedDeliveryDate: day(4),
      },
    );
    this.result.offerId = offer.id;
    await this.agree('UNICEF offers the 400 from the Almaty stock (reserved)', {
      onHand: 400,
      reserved: 400,
      pledged: 0,
      delivered: 0,
    });
    const url = `${run.urls.offers}/offers/${offer.id}`;
    await run.http.expect(
      200,
      ACTORS.logistics,
      'POST',
      `${url}/accept`,
      {},
      await seen(run, ACTORS.logistics, url),
    );
    await this.agree('The ministry accepts', {
      onHand: 400,
      reserved: 400,
      pledged: 400,
      delivered: 0,
    });
    const dispatched = await eventually(
      async () =>
        run.http.call(
          ACTORS.unicef,
          'POST',
          `${url}/dispatch`,
          { expectedArrival: `${day(3)}T09:00:00.000Z` },
          await seen(run, ACTORS.unicef, url),
        ),
      (a) => a.status !== 409 || a.body?.code !== 'acceptance_not_confirmed',
      'the acceptance to be confirmed',
      { timeoutMs: run.timeoutMs },
    );
    if (dispatched.status !== 200) {
      throw new ScenarioError(
        `dispatching from stock: ${dispatched.status} ${JSON.stringify(dispatched.body)}`,
      );
    }
    await this.agree('UNICEF dispatches from Qonaev', {
      onHand: 0,
      reserved: 0,
      pledged: 400,
      delivered: 0,
    });
    await run.http.expect(
      200,
      ACTORS.unicef,
      'POST',
      `${url}/delivery-report`,
      { quantity: 400, note: 'Handed over in Kargaly district' },
      await seen(run, ACTORS.unicef, url),
    );
    await run.http.expect(
      200,
      ACTORS.logistics,
      'POST',
      `${url}/confirm-delivery`,
      {},
      await seen(run, ACTORS.logistics, url),
    );
    await this.agree('The ministry confirms the delivery', {
      onHand: 0,
      reserved: 0,
      pledged: 400,
      delivered: 400,
    });
  }

  /**
   * Until the request's coverage is what the step makes it; then the stockpile must be as
   * expected too, and both are reported on one line. Throws when they disagree.
   */
  private async agree(
    what: string,
    want: { onHand: number; reserved: number; pledged: number; delivered: number },
  ): Promise<void> {
    const { run } = this;
    const { body: request } = await eventually(
      () =>
        run.http.expect(
          200,
          ACTORS.logistics,
          'GET',
          `${run.urls.requests}/requests/${this.result.requestId}`,
        ),
      (a) =>
        a.body.coverage.pledged === want.pledged && a.body.coverage.delivered === want.delivered,
      `coverage pledged ${want.pledged}, delivered ${want.delivered}`,
      { timeoutMs: run.timeoutMs },
    );
    const { body: pile } = await run.http.expect(
      200,
      ACTORS.unicef,
      'GET',
      `${run.urls.offers}/stock/${this.result.stockpileId}`,
    );
    if (pile.onHand !== want.onHand || pile.reserved !== want.reserved) {
      throw new ScenarioError(
        `${what}: the stock shows on hand ${pile.onHand}, reserved ${pile.reserved}; expected ${want.onHand}, ${want.reserved}`,
      );
    }
    run.report.say(
      `${what}. Stock: ${stockLine(pile, 400)} | request: ${coverageLine(request.coverage as Coverage)}`,
    );
  }

  /** After the closure: the resident was told by email only, and her phone got nothing more. */
  async residentByEmailOnly(): Promise<void> {
    const { run, phones } = this;
    const rows = await eventually(
      async () =>
        (
          await run.http.expect(
            200,
            ACTORS.admin,
            'GET',
            `${run.urls.notifications}/notifications?subscriberId=${this.result.residentSubscriberId}&limit=100`,
          )
        ).body as LedgerRow[],
      (r) => r.some((row) => row.eventType === 'incident.closed'),
      "the closure in the resident's ledger",
      { timeoutMs: run.timeoutMs },
    );
    const afterStop = rows.filter((r) => r.createdAt > this.stoppedAt);
    if (afterStop.some((r) => r.channel === 'sms')) {
      throw new ScenarioError('an SMS was planned to a number that sent STOP');
    }
    const texts = await phones.received(this.result.residentPhone);
    if (texts.length !== this.textsAtStop) {
      throw new ScenarioError(
        `${texts.length - this.textsAtStop} SMS reached her phone after STOP`,
      );
    }
    run.report.say(
      `Since her STOP Gulnar heard of Aktobe ${afterStop.length} times, by email only: ` +
        afterStop.map((r) => r.eventType).join(', '),
    );
  }
}

/** On hand / reserved / available, and what left the warehouse of what was received. */
function stockLine(pile: Stockpile, received: number): string {
  return `on hand ${pile.onHand}, reserved ${pile.reserved}, available ${pile.available}, dispatched ${received - pile.onHand}`;
}
