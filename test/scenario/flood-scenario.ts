/**
 * The spring floods of 2024 in Kazakhstan, played against a running platform over plain HTTP.
 *
 * Modelled on the UN preparedness meeting of 18 April 2024: floods in several regions; in Aktobe
 * region the Center, UNICEF and the Red Crescent Society of Kazakhstan supply 400 sanitary and
 * hygiene kits; at first "Kazakhstan is not requesting humanitarian assistance" (requests are
 * domestic and international partners are refused), later it does (the scope is widened).
 *
 * `runFloodScenario` is a sequence of named steps; a reporter hears each step and what happened
 * (the demo prints it, the e2e test collects it). It returns every id it created and the
 * notifications each stakeholder should have received, for the caller to check.
 */
import {
  day,
  eventually,
  Http,
  ScenarioError,
  type Identity,
  type TokenMinter,
} from './scenario-http';

export type { Identity, TokenMinter } from './scenario-http';

export interface PlatformUrls {
  incidents: string;
  requests: string;
  offers: string;
  notifications: string;
}

export const LOCAL_URLS: PlatformUrls = {
  incidents: 'http://127.0.0.1:3001',
  requests: 'http://127.0.0.1:3002',
  offers: 'http://127.0.0.1:3003',
  notifications: 'http://127.0.0.1:3004',
};

export interface ScenarioReporter {
  /** A new step begins. */
  step(number: number, title: string): void;
  /** What happened in it, one line. */
  say(line: string): void;
}

export interface ScenarioOptions {
  urls: PlatformUrls;
  mintToken: TokenMinter;
  reporter: ScenarioReporter;
  /** Makes subscriber addresses unique, so the scenario can run twice on one platform. */
  runTag: string;
  /** Bound on each wait for something that travels through Kafka (default 60 s). */
  timeoutMs?: number;
}

/** The people who act in the scenario (their tokens' claims). */
export const ACTORS = {
  admin: { role: 'admin', sub: 'admin-saule' },
  /** Situation centre of the Ministry for Emergency Situations: files and updates incidents. */
  operator: { role: 'operator', sub: 'op-yerlan' },
  /** Ministry logistics: raises requests and decides on offers. */
  logistics: { role: 'operator', sub: 'op-bolat' },
  unicef: { role: 'agency', org: 'unicef', sub: 'unicef-dana' },
  rcs: { role: 'agency', org: 'rcs-kz', sub: 'rcs-aigerim' },
  eu: { role: 'agency', org: 'eu', sub: 'echo-jean' },
  usaid: { role: 'agency', org: 'usaid', sub: 'usaid-sarah' },
} as const satisfies Record<string, Identity>;

export type Language = 'kk' | 'ru' | 'en';
export type Channel = 'email' | 'sms';

export type SubscriberKey =
  'aktobeDuty' | 'situationCentre' | 'logistics' | 'unicef' | 'rcs' | 'echo';

interface SubscriberPlan {
  name: string;
  role: string;
  organisation: string;
  language: Language;
  channels: Channel[];
  /** Local part and domain of the address; the run tag goes in between. */
  email: [string, string];
  /** Operator prefix of a Kazakh mobile number; seven digits of the run follow. */
  phonePrefix?: string;
  subscriptions: {
    eventTypes?: string[];
    regions?: string[];
    hazards?: string[];
    minSeverity?: string;
  }[];
  /** What they asked to hear, in words. */
  hears: string;
}

const INCIDENT_EVENTS = [
  'incident.reported',
  'incident.updated',
  'incident.severity-changed',
  'incident.status-changed',
  'incident.situation-updated',
  'incident.closed',
];

/** Who subscribes to what; an admin registers them through the notification-service API. */
export const SUBSCRIBERS: Record<SubscriberKey, SubscriberPlan> = {
  aktobeDuty: {
    name: 'Aliya Nurlanovna',
    role: 'duty officer, Emergency Department of Aktobe region',
    organisation: 'ministry',
    language: 'kk',
    channels: ['email', 'sms'],
    email: ['a.nurlanovna', 'emer.gov.kz'],
    phonePrefix: '+7701',
    subscriptions: [
      {
        eventTypes: [
          'incident.reported',
          'incident.severity-changed',
          'incident.status-changed',
          'incident.situation-updated',
          'incident.closed',
          'request.fulfilled',
        ],
        regions: ['KZ-15'],
        hazards: ['FL'],
      },
    ],
    hears: 'floods in Aktobe region (KZ-15): incident news and fulfilled requests',
  },
  situationCentre: {
    name: 'Situation centre, Ministry HQ Astana',
    role: 'national situation centre',
    organisation: 'ministry',
    language: 'ru',
    channels: ['email'],
    email: ['situation.centre', 'emer.gov.kz'],
    subscriptions: [{ eventTypes: INCIDENT_EVENTS, hazards: ['FL'], minSeverity: 'Extreme' }],
    hears: 'incident news of floods anywhere, once they are Extreme',
  },
  logistics: {
    name: 'Bolat Serikovich',
    role: 'logistics officer of the ministry',
    organisation: 'ministry',
    language: 'en',
    channels: ['email'],
    email: ['b.serikovich', 'emer.gov.kz'],
    subscriptions: [
      {
        eventTypes: [
          'request.raised',
          'request.scope-changed',
          'request.fulfilled',
          'request.cancelled',
        ],
      },
    ],
    hears: 'every request raised, opened to international partners, fulfilled or cancelled',
  },
  unicef: {
    name: 'Dana Akhmetova',
    role: 'emergency focal point, UNICEF Kazakhstan',
    organisation: 'UNICEF',
    language: 'en',
    channels: ['email', 'sms'],
    email: ['dakhmetova', 'unicef.org'],
    phonePrefix: '+7702',
    subscriptions: [{ eventTypes: ['request.scope-changed'] }],
    hears: 'requests opened to international partners, and the fate of UNICEF offers',
  },
  rcs: {
    name: 'Aigerim Sadykova',
    role: 'disaster management, Red Crescent Society of Kazakhstan',
    organisation: 'RCS-KZ',
    language: 'ru',
    channels: ['email', 'sms'],
    email: ['a.sadykova', 'redcrescent.kz'],
    phonePrefix: '+7705',
    subscriptions: [{ eventTypes: ['request.raised'], hazards: ['FL'] }],
    hears: 'every request raised for a flood, and the fate of Red Crescent offers',
  },
  echo: {
    name: 'Jean Dupont',
    role: 'DG ECHO Central Asia, European Union',
    organisation: 'EU',
    language: 'en',
    channels: ['email'],
    email: ['jean.dupont', 'echo.ec.europa.eu'],
    subscriptions: [],
    hears: 'the fate of EU offers only',
  },
};

export const SUBSCRIBER_KEYS = Object.keys(SUBSCRIBERS) as SubscriberKey[];

export interface RegisteredSubscriber {
  key: SubscriberKey;
  id: string;
  name: string;
  language: Language;
  email: string;
  phone: string | null;
  channels: Channel[];
}

export type IncidentKey = 'aktobe' | 'west' | 'north';
export type RequestKey = 'kits' | 'pumps' | 'sandbags';
export type OfferKey = 'rcsKits' | 'rcsPumps' | 'unicefKits' | 'euKits' | 'rcsMorePumps';

export interface Refusal {
  who: string;
  request: RequestKey;
  scope: string;
  status: number;
  code: string;
  at: string;
}

/** One message a stakeholder should receive; `mentions` must all appear in it. */
export interface ExpectedNotification {
  subscriber: SubscriberKey;
  channel: Channel;
  eventType: string;
  mentions: string[];
}

export interface ScenarioResult {
  runTag: string;
  incidents: Record<IncidentKey, { id: string; reference: string }>;
  requests: Record<RequestKey, { id: string; itemName: string }>;
  offers: Record<OfferKey, { id: string }>;
  subscribers: Record<SubscriberKey, RegisteredSubscriber>;
  refusals: Refusal[];
  /** When the ministry opened the kits request to international partners. */
  scopeWidenedAt: string;
  expected: ExpectedNotification[];
}

const ITEM_NAMES: Record<RequestKey, string> = {
  kits: 'Sanitary and hygiene kit',
  pumps: 'Water pump',
  sandbags: 'Sandbags',
};

/** How Russian and Kazakh messages name the catalogue items (English: ITEM_NAMES). */
const ITEM_WORDS: Record<'ru' | 'kk', Record<RequestKey, string>> = {
  ru: {
    kits: 'санитарно-гигиенический набор',
    pumps: 'водяной насос',
    sandbags: 'мешки с песком',
  },
  kk: {
    kits: 'санитарлық-гигиеналық жиынтық',
    pumps: 'су сорғысы',
    sandbags: 'құм қаптары',
  },
};

/** A mention as a reader of `language` finds it: item names in their words, the rest as is. */
function inLanguage(mention: string, language: 'en' | 'ru' | 'kk'): string {
  if (language === 'en') return mention;
  const key = (Object.keys(ITEM_NAMES) as RequestKey[]).find((k) => ITEM_NAMES[k] === mention);
  return key ? ITEM_WORDS[language][key] : mention;
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

function coverageLine(c: {
  requested: number;
  pledged: number;
  delivered: number;
  remaining: number;
}): string {
  return `requested ${c.requested}, pledged ${c.pledged}, delivered ${c.delivered}, remaining ${c.remaining}`;
}

/** The scenario; see the file comment. Throws ScenarioError naming the step that went wrong. */
export async function runFloodScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const scenario = new FloodScenario(options);
  return scenario.run();
}

class FloodScenario {
  private readonly http: Http;
  private readonly urls: PlatformUrls;
  private readonly report: ScenarioReporter;
  private readonly timeoutMs: number;
  private stepNumber = 0;
  private currentStep = '';

  private readonly incidents = {} as Record<IncidentKey, { id: string; reference: string }>;
  /** The ETag of each incident, sent back as If-Match. */
  private readonly incidentVersions = new Map<string, string>();
  private readonly requests = {} as Record<RequestKey, { id: string; itemName: string }>;
  private readonly offers = {} as Record<OfferKey, { id: string }>;
  private readonly subscribers = {} as Record<SubscriberKey, RegisteredSubscriber>;
  private readonly refusals: Refusal[] = [];
  private scopeWidenedAt = '';

  constructor(private readonly options: ScenarioOptions) {
    this.http = new Http(options.mintToken);
    this.urls = options.urls;
    this.report = options.reporter;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  async run(): Promise<ScenarioResult> {
    await this.step('The notification desk registers who must hear what', () =>
      this.registerSubscribers(),
    );
    await this.step('Operators file the spring floods in three regions', () =>
      this.fileIncidents(),
    );
    await this.step('Operators keep the incidents current', () => this.updateIncidents());
    await this.step('The ministry raises requests (domestic: no international call yet)', () =>
      this.raiseRequests(),
    );
    await this.step(
      'International partners offer, and are refused while the scope is domestic',
      () => this.refuseInternationalPartners(),
    );
    await this.step('The Red Crescent Society of Kazakhstan (domestic) offers', () =>
      this.domesticOffers(),
    );
    await this.step(
      'The Government asks for international assistance: the kits request is widened',
      () => this.widenScope(),
    );
    await this.step('UNICEF and the EU offer hygiene kits', () => this.internationalOffers());
    await this.step('The ministry decides: accepts some (one in part), declines another', () =>
      this.decide(),
    );
    await this.step('Partners dispatch what was accepted', () => this.dispatch());
    await this.step('Deliveries arrive and are confirmed: the kits request is fulfilled', () =>
      this.deliver(),
    );
    await this.step('The Red Crescent offers more pumps', () => this.lateOffer());
    await this.step('The water recedes: the Aktobe incident is contained, then closed', () =>
      this.closeAktobe(),
    );
    await this.step('Every stakeholder has been told what concerns them', () =>
      this.awaitNotifications(),
    );
    return {
      runTag: this.options.runTag,
      incidents: this.incidents,
      requests: this.requests,
      offers: this.offers,
      subscribers: this.subscribers,
      refusals: this.refusals,
      scopeWidenedAt: this.scopeWidenedAt,
      expected: this.expectedNotifications(),
    };
  }

  private async step(title: string, work: () => Promise<void>): Promise<void> {
    this.stepNumber += 1;
    this.currentStep = `${this.stepNumber}. ${title}`;
    this.report.step(this.stepNumber, title);
    try {
      await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ScenarioError(`step ${this.currentStep} failed: ${message}`, { cause: error });
    }
  }

  // ---------------------------------------------------------------- 1. subscribers

  private async registerSubscribers(): Promise<void> {
    const tag = this.options.runTag;
    let salt = 0;
    for (const key of SUBSCRIBER_KEYS) {
      const plan = SUBSCRIBERS[key];
      salt += 1;
      const email = `${plan.email[0]}+${tag}@${plan.email[1]}`;
      const phone = plan.phonePrefix ? `${plan.phonePrefix}${phoneDigits(tag, salt)}` : null;
      const { body } = await this.http.expect(
        201,
        ACTORS.admin,
        'POST',
        `${this.urls.notifications}/subscribers`,
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
        await this.http.expect(
          201,
          ACTORS.admin,
          'POST',
          `${this.urls.notifications}/subscribers/${body.id}/subscriptions`,
          subscription,
        );
      }
      this.subscribers[key] = {
        key,
        id: body.id,
        name: plan.name,
        language: plan.language,
        email,
        phone,
        channels: plan.channels,
      };
      const how = plan.channels.map((c) => (c === 'sms' ? `SMS ${phone}` : email)).join(' + ');
      this.report.say(`${plan.name} (${plan.role}) [${plan.language}] ${how}`);
      this.report.say(`    hears: ${plan.hears}`);
    }
  }

  // ---------------------------------------------------------------- 2-3. incidents

  private async fileIncident(key: IncidentKey, body: Record<string, unknown>): Promise<void> {
    const answer = await this.http.expect(
      201,
      ACTORS.operator,
      'POST',
      `${this.urls.incidents}/incidents`,
      body,
    );
    this.incidents[key] = { id: answer.body.id, reference: answer.body.reference };
    this.incidentVersions.set(answer.body.id, answer.etag ?? `"${answer.body.version}"`);
    const f = answer.body.figures;
    this.report.say(
      `${answer.body.reference}  ${answer.body.title} (${answer.body.region}), ${answer.body.severity}; ` +
        `${f.affected} affected, ${f.evacuated} evacuated`,
    );
  }

  private async fileIncidents(): Promise<void> {
    await this.fileIncident('aktobe', {
      title: 'Spring flood on the Ilek river',
      description: 'Snowmelt and ice jams; the Kargaly reservoir is overflowing.',
      hazard: 'FL',
      region: 'KZ-15',
      district: 'Kargaly district',
      settlement: 'Badamsha',
      location: { latitude: 50.2839, longitude: 57.167, radiusKm: 40 },
      severity: 'Severe',
      urgency: 'Immediate',
      certainty: 'Observed',
      figures: { affected: 5400, evacuated: 2300 },
    });
    await this.fileIncident('west', {
      title: 'Zhaiyk (Ural) river rising at Uralsk',
      hazard: 'FL',
      region: 'KZ-27',
      settlement: 'Uralsk',
      severity: 'Moderate',
      urgency: 'Expected',
      certainty: 'Likely',
      figures: { affected: 1200, evacuated: 300 },
    });
    await this.fileIncident('north', {
      title: 'Esil river flood in Petropavlovsk',
      hazard: 'FL',
      region: 'KZ-59',
      settlement: 'Petropavlovsk',
      severity: 'Severe',
      urgency: 'Immediate',
      certainty: 'Observed',
      figures: { affected: 3100, evacuated: 1400 },
    });
  }

  /**
   * `If-Match` with the version of what `who` looks at before changing it (offers and requests
   * also change through other services' events, so the version of an earlier answer may be old).
   */
  private async seen(who: Identity, url: string): Promise<Record<string, string>> {
    const answer = await this.http.expect(200, who, 'GET', url);
    return answer.etag ? { 'If-Match': answer.etag } : {};
  }

  /** A write on an incident, with If-Match; keeps the new ETag. */
  private async incidentWrite(
    key: IncidentKey,
    method: string,
    path: string,
    body: unknown,
    status = 200,
  ) {
    const { id } = this.incidents[key];
    const answer = await this.http.expect(
      status,
      ACTORS.operator,
      method,
      `${this.urls.incidents}/incidents/${id}${path}`,
      body,
      { 'If-Match': this.incidentVersions.get(id)! },
    );
    if (answer.etag) this.incidentVersions.set(id, answer.etag);
    return answer;
  }

  private async setStatus(key: IncidentKey, status: string, reason?: string): Promise<void> {
    await this.incidentWrite(key, 'POST', '/status', { status, ...(reason ? { reason } : {}) });
    this.report.say(
      `${this.incidents[key].reference} is now ${status}${reason ? ` (${reason})` : ''}`,
    );
  }

  private async situationUpdate(
    key: IncidentKey,
    text: string,
    figures: Record<string, number>,
  ): Promise<void> {
    await this.incidentWrite(key, 'POST', '/situation-updates', { text, figures }, 201);
    const shown = Object.entries(figures)
      .map(([name, value]) => `${name} ${value}`)
      .join(', ');
    this.report.say(`${this.incidents[key].reference} situation report: ${text} (${shown})`);
  }

  private async updateIncidents(): Promise<void> {
    await this.setStatus('aktobe', 'active');
    await this.situationUpdate(
      'aktobe',
      'Kargaly reservoir dam breached; evacuation of Kargaly and Alga districts continues.',
      { affected: 8200, evacuated: 4100, homesDamaged: 1350 },
    );
    await this.incidentWrite('aktobe', 'PATCH', '', { severity: 'Extreme' });
    this.report.say(`${this.incidents.aktobe.reference} severity raised: Severe -> Extreme`);
    await this.setStatus('west', 'active');
    await this.situationUpdate(
      'west',
      'Water at 8.2 m at the Uralsk gauge; dykes are being reinforced.',
      { affected: 2600, evacuated: 950, homesDamaged: 210 },
    );
    await this.setStatus('north', 'active');
  }

  // ---------------------------------------------------------------- 4. requests

  /** Until the resource-request-service has heard of the incident (incident.reported). */
  private async awaitIncidentKnown(key: IncidentKey): Promise<void> {
    await eventually(
      () =>
        this.http.call(
          ACTORS.logistics,
          'GET',
          `${this.urls.requests}/incidents/${this.incidents[key].id}/coverage`,
        ),
      (answer) => answer.status === 200,
      `the resource-request-service to know ${this.incidents[key].reference}`,
      this.timeoutMs,
    );
  }

  private async raise(key: RequestKey, incident: IncidentKey, body: object): Promise<void> {
    const answer = await this.http.expect(
      201,
      ACTORS.logistics,
      'POST',
      `${this.urls.requests}/requests`,
      { incidentId: this.incidents[incident].id, ...body },
    );
    const r = answer.body;
    this.requests[key] = { id: r.id, itemName: r.item.name };
    this.report.say(
      `${r.incidentReference}: ${r.quantity} x ${r.item.name} (${r.priority}, by ${r.neededBy}, ` +
        `${r.location.address}) - scope ${r.scope}, ${r.status}  [request ${r.id}]`,
    );
  }

  private async raiseRequests(): Promise<void> {
    await this.awaitIncidentKnown('aktobe');
    await this.awaitIncidentKnown('north');
    await this.raise('kits', 'aktobe', {
      item: { code: 'WASH-HYGIENE-KIT' },
      quantity: 400,
      priority: 'high',
      neededBy: day(7),
      location: { region: 'KZ-15', address: 'Aktobe, evacuation centre at school No. 3' },
      notes: 'Kit contents adjusted to the feedback of the affected population.',
    });
    await this.raise('pumps', 'aktobe', {
      item: { code: 'EQUIP-WATER-PUMP' },
      quantity: 30,
      priority: 'critical',
      neededBy: day(3),
      location: { region: 'KZ-15', address: 'Kargaly district, flooded streets of Badamsha' },
    });
    await this.raise('sandbags', 'north', {
      item: { code: 'FLOOD-SANDBAG' },
      quantity: 5000,
      priority: 'high',
      neededBy: day(2),
      location: { region: 'KZ-59', address: 'Petropavlovsk, Zarechny district dyke' },
    });
  }

  // ---------------------------------------------------------------- 5-8. offers

  /** Until the partner-offer-service's read model of the request satisfies `accept`. */
  private async awaitRequestView(
    key: RequestKey,
    accept: (view: { scope: string; status: string; revision: number }) => boolean,
    what: string,
  ) {
    const answer = await eventually(
      () =>
        this.http.call(
          ACTORS.logistics,
          'GET',
          `${this.urls.offers}/requests/${this.requests[key].id}`,
        ),
      (a) => a.status === 200 && accept(a.body),
      `the partner-offer-service to see the ${key} request ${what}`,
      this.timeoutMs,
    );
    return answer.body as { scope: string; status: string; available: number };
  }

  private async publish(
    offerKey: OfferKey | null,
    who: Identity,
    request: RequestKey,
    body: object,
  ) {
    const answer = await this.http.call(who, 'POST', `${this.urls.offers}/offers`, {
      requestId: this.requests[request].id,
      ...body,
    });
    if (offerKey) {
      if (answer.status !== 201) {
        throw new ScenarioError(
          `${who.org} could not offer on the ${request} request: ${answer.status} ${JSON.stringify(answer.body)}`,
        );
      }
      this.offers[offerKey] = { id: answer.body.id };
      const o = answer.body;
      this.report.say(
        `${o.partner.name} offers ${o.quantity} x ${o.item.name} for ${o.incidentReference}: ${o.status}  [offer ${o.id}]`,
      );
    }
    return answer;
  }

  private async refuseInternationalPartners(): Promise<void> {
    await this.awaitRequestView('kits', () => true, 'at all');
    await this.awaitRequestView('pumps', () => true, 'at all');
    const visible = await this.http.expect(
      200,
      ACTORS.unicef,
      'GET',
      `${this.urls.offers}/requests?incidentId=${this.incidents.aktobe.id}`,
    );
    this.report.say(
      `UNICEF looks for Aktobe requests it may answer: ${visible.body.total} (all are domestic)`,
    );
    const attempts: [Identity & { org: string }, RequestKey, number][] = [
      [ACTORS.unicef, 'kits', 400],
      [ACTORS.eu, 'kits', 200],
      [ACTORS.usaid, 'pumps', 10],
    ];
    for (const [who, request, quantity] of attempts) {
      const answer = await this.publish(null, who, request, { quantity });
      const refusal: Refusal = {
        who: who.org.toUpperCase(),
        request,
        scope: 'domestic',
        status: answer.status,
        code: String(answer.body?.code ?? ''),
        at: new Date().toISOString(),
      };
      this.refusals.push(refusal);
      if (answer.status !== 403 || refusal.code !== 'request_domestic_only') {
        throw new ScenarioError(
          `${refusal.who} offering on the domestic ${request} request: expected 403 request_domestic_only, ` +
            `got ${answer.status} ${JSON.stringify(answer.body)}`,
        );
      }
      this.report.say(
        `${refusal.who} offers ${quantity} x ${ITEM_NAMES[request]}: refused, ${answer.status} ${refusal.code}`,
      );
    }
  }

  private async domesticOffers(): Promise<void> {
    await this.publish('rcsKits', ACTORS.rcs, 'kits', {
      quantity: 150,
      expectedDeliveryDate: day(2),
      conditions: 'From the Red Crescent warehouse in Aktobe',
    });
    await this.publish('rcsPumps', ACTORS.rcs, 'pumps', {
      quantity: 10,
      expectedDeliveryDate: day(1),
    });
  }

  private async widenScope(): Promise<void> {
    const reason =
      'The Government of Kazakhstan asked its international partners for hygiene kits for Aktobe region';
    const kits = `${this.urls.requests}/requests/${this.requests.kits.id}`;
    const answer = await this.http.expect(
      200,
      ACTORS.logistics,
      'POST',
      `${kits}/scope`,
      { scope: 'international', reason },
      await this.seen(ACTORS.logistics, kits),
    );
    this.scopeWidenedAt = new Date().toISOString();
    this.report.say(
      `kits request: scope domestic -> ${answer.body.scope} ("${reason}"); ${coverageLine(answer.body.coverage)}`,
    );
    const view = await this.awaitRequestView(
      'kits',
      (v) => v.scope === 'international',
      'international',
    );
    const visible = await this.http.expect(
      200,
      ACTORS.unicef,
      'GET',
      `${this.urls.offers}/requests?incidentId=${this.incidents.aktobe.id}`,
    );
    this.report.say(
      `UNICEF now finds ${visible.body.total} Aktobe request open to it: ` +
        `${visible.body.items.map((i: { itemName: string }) => i.itemName).join(', ')} ` +
        `(${view.available} still available)`,
    );
  }

  private async internationalOffers(): Promise<void> {
    await this.publish('unicefKits', ACTORS.unicef, 'kits', {
      quantity: 300,
      expectedDeliveryDate: day(4),
      note: 'From the sets formed within the UNICEF project, stored in Almaty region',
    });
    await this.publish('euKits', ACTORS.eu, 'kits', {
      quantity: 200,
      expectedDeliveryDate: day(6),
    });
  }

  private async offerCall(
    who: Identity,
    offer: OfferKey,
    action: string,
    body: object = {},
  ): Promise<OfferView> {
    const url = `${this.urls.offers}/offers/${this.offers[offer].id}`;
    const { body: answer } = await this.http.expect(
      200,
      who,
      'POST',
      `${url}/${action}`,
      body,
      await this.seen(who, url),
    );
    return answer as OfferView;
  }

  private async requestState(key: RequestKey) {
    const { body } = await this.http.expect(
      200,
      ACTORS.logistics,
      'GET',
      `${this.urls.requests}/requests/${this.requests[key].id}`,
    );
    return body as {
      status: string;
      scope: string;
      endReason: string | null;
      coverage: { requested: number; pledged: number; delivered: number; remaining: number };
    };
  }

  /** Until the resource-request-service shows the request with this status; reports it. */
  private async awaitRequestStatus(key: RequestKey, status: string): Promise<void> {
    const state = await eventually(
      () => this.requestState(key),
      (s) => s.status === status,
      `the ${key} request to be ${status}`,
      this.timeoutMs,
    );
    this.report.say(
      `${ITEM_NAMES[key]} request: ${state.status}; ${coverageLine(state.coverage)}` +
        (state.endReason ? ` (${state.endReason})` : ''),
    );
  }

  private async decide(): Promise<void> {
    const rcsKits = await this.offerCall(ACTORS.logistics, 'rcsKits', 'accept');
    this.report.say(`Red Crescent's 150 kits: ${rcsKits.status} (${rcsKits.acceptedQuantity})`);
    const unicef = await this.offerCall(ACTORS.logistics, 'unicefKits', 'accept', {
      quantity: 250,
    });
    this.report.say(`UNICEF's 300 kits: ${unicef.status} in part, ${unicef.acceptedQuantity}`);
    const reason = 'The need is covered by UNICEF and the Red Crescent Society of Kazakhstan';
    const eu = await this.offerCall(ACTORS.logistics, 'euKits', 'decline', { reason });
    this.report.say(`EU's 200 kits: ${eu.status} ("${reason}")`);
    const pumps = await this.offerCall(ACTORS.logistics, 'rcsPumps', 'accept');
    this.report.say(`Red Crescent's 10 pumps: ${pumps.status} (${pumps.acceptedQuantity})`);
    await this.awaitRequestStatus('kits', 'pledged');
    await this.awaitRequestStatus('pumps', 'partially-pledged');
  }

  /** Dispatch waits for the request side to confirm the acceptance (409 until then). */
  private async dispatchOne(who: Identity, offer: OfferKey, expectedArrival: string) {
    const url = `${this.urls.offers}/offers/${this.offers[offer].id}`;
    const answer = await eventually(
      async () =>
        this.http.call(
          who,
          'POST',
          `${url}/dispatch`,
          { expectedArrival },
          await this.seen(who, url),
        ),
      (a) => a.status !== 409 || a.body?.code !== 'acceptance_not_confirmed',
      `the acceptance of ${offer} to be confirmed`,
      this.timeoutMs,
    );
    if (answer.status !== 200) {
      throw new ScenarioError(
        `dispatching ${offer}: ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
    this.report.say(
      `${answer.body.partner.name} dispatched ${answer.body.acceptedQuantity} x ${answer.body.item.name}, ` +
        `expected ${expectedArrival.slice(0, 10)}`,
    );
  }

  private async dispatch(): Promise<void> {
    await this.dispatchOne(ACTORS.rcs, 'rcsKits', `${day(1)}T10:00:00.000Z`);
    await this.dispatchOne(ACTORS.rcs, 'rcsPumps', `${day(1)}T06:00:00.000Z`);
    await this.dispatchOne(ACTORS.unicef, 'unicefKits', `${day(3)}T12:00:00.000Z`);
  }

  private async deliver(): Promise<void> {
    await this.offerCall(ACTORS.rcs, 'rcsKits', 'delivery-report', {
      quantity: 150,
      note: 'Handed over at school No. 3',
    });
    const rcs = await this.offerCall(ACTORS.logistics, 'rcsKits', 'confirm-delivery');
    this.report.say(
      `Red Crescent reports 150 kits arrived; the ministry confirms ${rcs.deliveredQuantity}`,
    );
    const pumps = await this.offerCall(ACTORS.logistics, 'rcsPumps', 'confirm-delivery');
    this.report.say(
      `The ministry confirms ${pumps.deliveredQuantity} Red Crescent pumps at Badamsha`,
    );
    await this.offerCall(ACTORS.unicef, 'unicefKits', 'delivery-report', { quantity: 250 });
    const unicef = await this.offerCall(ACTORS.logistics, 'unicefKits', 'confirm-delivery');
    this.report.say(
      `UNICEF reports 250 kits arrived; the ministry confirms ${unicef.deliveredQuantity}`,
    );
    await this.awaitRequestStatus('kits', 'fulfilled');
    await this.awaitRequestStatus('pumps', 'partially-delivered');
  }

  private async lateOffer(): Promise<void> {
    await this.publish('rcsMorePumps', ACTORS.rcs, 'pumps', {
      quantity: 8,
      expectedDeliveryDate: day(2),
    });
  }

  // ---------------------------------------------------------------- 9. closing

  private async closeAktobe(): Promise<void> {
    await this.situationUpdate(
      'aktobe',
      'Water is receding; most evacuated families have returned home.',
      { affected: 8200, evacuated: 1200, homesDamaged: 1350 },
    );
    await this.setStatus('aktobe', 'contained');
    await this.setStatus(
      'aktobe',
      'closed',
      'Water below the danger mark; recovery handed over to the Aktobe regional akimat',
    );
    await this.awaitRequestStatus('pumps', 'closed');
    await this.awaitRequestStatus('kits', 'fulfilled');
    const declined = await eventually(
      () =>
        this.http.call(
          ACTORS.logistics,
          'GET',
          `${this.urls.offers}/offers/${this.offers.rcsMorePumps.id}`,
        ),
      (a) => a.status === 200 && a.body.status === 'declined',
      'the late pump offer to be declined with its request',
      this.timeoutMs,
    );
    this.report.say(`Red Crescent's late offer of 8 pumps: declined ("${declined.body.reason}")`);
    const sandbags = await this.requestState('sandbags');
    this.report.say(
      `Elsewhere the floods go on: ${this.incidents.north.reference} stays active, its sandbags request ${sandbags.status}`,
    );
  }

  // ---------------------------------------------------------------- 10. notifications

  private async ledger(key: SubscriberKey): Promise<LedgerRow[]> {
    const { body } = await this.http.expect(
      200,
      ACTORS.admin,
      'GET',
      `${this.urls.notifications}/notifications?subscriberId=${this.subscribers[key].id}&limit=500`,
    );
    return body as LedgerRow[];
  }

  private async awaitNotifications(): Promise<void> {
    const expected = this.expectedNotifications();
    for (const key of SUBSCRIBER_KEYS) {
      const mine = expected.filter((e) => e.subscriber === key);
      const rows = await eventually(
        () => this.ledger(key),
        (r) => r.length >= mine.length && r.every((row) => row.status === 'sent'),
        `${mine.length} notifications to ${SUBSCRIBERS[key].name}, all sent`,
        this.timeoutMs * 2,
        500,
      );
      const count = (channel: Channel) => rows.filter((r) => r.channel === channel).length;
      const sms = count('sms') > 0 ? ` + ${count('sms')} SMS` : '';
      this.report.say(
        `${SUBSCRIBERS[key].name} [${SUBSCRIBERS[key].language}]: ${plural(count('email'), 'email')}${sms}, all sent`,
      );
    }
  }

  /** Who should hear what, given the subscriptions above and what happened. */
  private expectedNotifications(): ExpectedNotification[] {
    const aktobe = this.incidents.aktobe.reference;
    const north = this.incidents.north.reference;
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
}

/** What the scenario reads of an offer (GET /offers/:id). */
interface OfferView {
  status: string;
  acceptedQuantity: number | null;
  deliveredQuantity: number | null;
  reason: string | null;
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
