/**
 * Every HTTP endpoint of the four services, in one table: who may call it, and a valid call of it
 * (on a target that can take it). The fuzz test and the authorization matrix are driven by it,
 * and a test compares it with the routes the Nest applications actually register, so a new
 * endpoint cannot be forgotten here.
 */
import { encodeUtf8 } from './hostile';
import { day, SERVICE_NAMES, type Method, type ServiceName, type Who, type World } from './world';

export interface ValidCall {
  /** Values of the path's `:name` segments. */
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** A valid JSON body (an object), when the endpoint reads one. */
  body?: Record<string, unknown>;
  /** A body that is not JSON (a signed form), sent as is under its content type. */
  raw?: { body: string; contentType: string };
  /** Headers the call needs besides Authorization and If-Match (a signature). */
  headers?: Record<string, string>;
  /** The target's version, sent as `If-Match: "<version>"` when the endpoint reads it. */
  ifMatch?: number;
  /** The token of `self` (the person linked to the target subscriber). */
  selfToken?: string;
}

export interface Endpoint {
  service: ServiceName;
  method: Method;
  /** Express path template as Nest registers it, e.g. `/incidents/:id`. */
  path: string;
  /** Callers that get a 2xx with a valid call. */
  allowed: readonly Who[];
  /**
   * The answer to a caller that is not allowed, where it is not the default (401 without a
   * token, 403 otherwise): 404 where the service does not reveal that the target exists.
   */
  refused?: Partial<Record<Who, number>>;
  /** What an allowed caller gets when it is not a 2xx (see the entry). */
  answers?: number;
  /** A call allowed for this caller changes what is stored. */
  writes: boolean;
  /**
   * A write on an existing versioned resource: If-Match is required (428 without it, 412 with
   * an older version), the platform's one rule (libs/runtime/src/if-match.ts).
   */
  ifMatch?: 'required';
  /** A valid call. Called for each allowed write, so it makes a fresh target where needed. */
  valid(world: World, who: Who): Promise<ValidCall>;
  /**
   * For a read: what is wrong with what `who` was shown (an item it may not see, or, for a
   * caller who sees everything, nothing to show that the filter had anything to hide).
   */
  sees?(world: World, who: Who, body: unknown): string | undefined;
  /**
   * Where the fuzzer should start from instead of `valid` (a valid call would be slow or leave
   * something behind outside the database).
   */
  fuzzBase?(world: World, who: Who): Promise<ValidCall>;
  /** A bulk endpoint's own body limit (@BulkBody), above the platform's 64 KiB. */
  maxBodyBytes?: number;
  /**
   * The body is signed in a header (a webhook): a spoilt body no longer matches its signature,
   * so it is refused with 401 `bad_signature` (or 415 where its type is not taken).
   */
  signed?: true;
}

export const ANYONE: readonly Who[] = [
  'anonymous',
  'operator',
  'ownAgency',
  'otherAgency',
  'admin',
  'self',
  'noRole',
  'unknownRole',
  'orglessAgency',
];
const AUTHENTICATED: readonly Who[] = ['operator', 'ownAgency', 'otherAgency', 'admin', 'self'];
const MINISTRY: readonly Who[] = ['operator', 'admin'];
const ADMIN: readonly Who[] = ['admin'];
const OWN_AGENCY: readonly Who[] = ['ownAgency'];
/** Subscriber endpoints do not reveal to others that a subscriber exists. */
const HIDDEN_FROM_OTHERS = { operator: 404, ownAgency: 404, otherAgency: 404 } as const;

const none = (): Promise<ValidCall> => Promise.resolve({});

/** The items of a page answer (`{ items: [...] }`). */
function itemsOf<T>(body: unknown): T[] {
  const items = (body as { items?: unknown } | undefined)?.items;
  if (!Array.isArray(items)) throw new Error(`not a page: ${JSON.stringify(body).slice(0, 200)}`);
  return items as T[];
}

/** What ServiceCoreModule and the OpenAPI set-up give every service. */
function core(service: ServiceName): Endpoint[] {
  const docs = [
    '/docs',
    '/docs/',
    '/docs/index.html',
    '/docs/LICENSE',
    '/docs/swagger-ui-init.js',
    '/docs/docs/swagger-ui-init.js',
    '/docs/openapi.json',
    '/docs-yaml',
  ];
  return [
    ...['/health', '/ready', '/metrics', ...docs].map((path): Endpoint => ({
      service,
      method: 'GET',
      path,
      allowed: ANYONE,
      // Registered by @nestjs/swagger for a file swagger-ui-dist no longer ships.
      ...(path === '/docs/LICENSE' ? { answers: 404 } : {}),
      writes: false,
      valid: none,
    })),
    {
      service,
      method: 'GET',
      path: '/admin/audit',
      allowed: ADMIN,
      writes: false,
      valid: () => Promise.resolve({ query: { object: 'anything', limit: '10' } }),
    },
    {
      service,
      method: 'GET',
      path: '/admin/audit/verify',
      allowed: ADMIN,
      // Seals pending audit rows (bookkeeping, see APPEND_ONLY of world.ts); stores nothing new.
      writes: false,
      valid: none,
    },
    {
      service,
      method: 'GET',
      path: '/admin/dead-letters',
      allowed: ADMIN,
      writes: false,
      valid: () => Promise.resolve({ query: { topic: 'incident.events', limit: '10' } }),
    },
    {
      service,
      method: 'POST',
      path: '/admin/dead-letters/replay',
      allowed: ADMIN,
      // Publishes to Kafka and records the replay in the audit trail.
      writes: true,
      // No such dead letter: refused (404) without reading a topic for seconds.
      fuzzBase: () =>
        Promise.resolve({ body: { topic: 'incident.events.dlq', partition: 0, offset: '0' } }),
      valid: async (w) => {
        const letter = await w.deadLetter(service);
        return {
          body: {
            topic: `${letter.topic}`,
            partition: letter.partition,
            offset: letter.offset,
          },
        };
      },
    },
  ];
}

const incidentEndpoints: Endpoint[] = [
  {
    service: 'incident',
    method: 'POST',
    path: '/incidents',
    allowed: MINISTRY,
    writes: true,
    valid: () =>
      Promise.resolve({
        body: {
          title: 'Spring flood on the Ilek river',
          description: 'Ice jam downstream of Aktobe; water rising.',
          hazard: 'FL',
          region: 'KZ-15',
          district: 'Kargaly district',
          settlement: 'Kargaly',
          location: { latitude: 50.2839, longitude: 57.166, radiusKm: 15 },
          severity: 'Severe',
          urgency: 'Immediate',
          certainty: 'Observed',
          occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
          figures: { affected: 5400, evacuated: 2300, injured: 4, dead: 0, homesDamaged: 120 },
        },
      }),
  },
  {
    service: 'incident',
    method: 'GET',
    path: '/incidents',
    allowed: AUTHENTICATED,
    writes: false,
    valid: async (w) => {
      await w.incident();
      await w.incident();
      const first = await w.api<{ items: { reference: string }[]; nextCursor: string }>(
        'incident',
        'GET',
        '/incidents?limit=1',
        'operator',
      );
      return {
        query: {
          region: 'KZ-15,KZ-27',
          hazard: 'FL,FF',
          status: 'reported,active',
          severity: 'Severe,Extreme',
          reference: first.body.items[0].reference,
          reportedFrom: '2020-01-01T00:00:00.000Z',
          reportedTo: new Date(Date.now() + 86_400_000).toISOString(),
          limit: '5',
          cursor: first.body.nextCursor,
        },
      };
    },
  },
  {
    service: 'incident',
    method: 'GET',
    path: '/incidents/:id',
    allowed: AUTHENTICATED,
    writes: false,
    valid: async (w) => ({ params: { id: (await w.incident()).id } }),
  },
  {
    service: 'incident',
    method: 'PATCH',
    path: '/incidents/:id',
    allowed: MINISTRY,
    writes: true,
    ifMatch: 'required',
    valid: async (w) => {
      const incident = await w.incident();
      return {
        params: { id: incident.id },
        ifMatch: incident.version,
        body: { title: 'Spring flood on the Ilek and Kargaly rivers', district: null },
      };
    },
  },
  {
    service: 'incident',
    method: 'POST',
    path: '/incidents/:id/status',
    allowed: MINISTRY,
    writes: true,
    ifMatch: 'required',
    valid: async (w) => {
      const incident = await w.incident();
      return { params: { id: incident.id }, ifMatch: incident.version, body: { status: 'active' } };
    },
  },
  {
    service: 'incident',
    method: 'POST',
    path: '/incidents/:id/situation-updates',
    allowed: MINISTRY,
    writes: true,
    ifMatch: 'required',
    valid: async (w) => {
      const incident = await w.incident();
      return {
        params: { id: incident.id },
        ifMatch: incident.version,
        body: {
          text: 'Second dam breach; evacuation of Kargaly continues.',
          figures: { affected: 6000, evacuated: 3100 },
        },
      };
    },
  },
  {
    service: 'incident',
    method: 'GET',
    path: '/incidents/:id/timeline',
    allowed: AUTHENTICATED,
    writes: false,
    valid: async (w) => ({
      params: { id: (await w.incident()).id },
      query: { after: '0', limit: '50' },
    }),
  },
  {
    service: 'incident',
    method: 'GET',
    path: '/incidents/:id/cap',
    allowed: ANYONE,
    writes: false,
    valid: async (w) => ({ params: { id: (await w.incident()).id } }),
  },
  {
    service: 'incident',
    method: 'GET',
    path: '/cap/alerts/:identifier',
    allowed: ANYONE,
    writes: false,
    valid: async (w) => {
      const { id } = await w.incident();
      const { body } = await w.api<{ reference: string; version: number }>(
        'incident',
        'GET',
        `/incidents/${id}`,
        'operator',
      );
      return { params: { identifier: `${body.reference}-v${body.version}` } };
    },
  },
  {
    service: 'incident',
    method: 'GET',
    path: '/cap/alerts.atom',
    allowed: ANYONE,
    writes: false,
    valid: none,
  },
  {
    service: 'incident',
    method: 'GET',
    // Drills (exercises, tests) stay out of the public feed: operators follow them here.
    path: '/cap/exercises.atom',
    allowed: MINISTRY,
    writes: false,
    valid: none,
  },
  {
    service: 'incident',
    method: 'GET',
    path: '/hazards',
    allowed: AUTHENTICATED,
    writes: false,
    valid: none,
  },
  {
    service: 'incident',
    method: 'GET',
    path: '/regions',
    allowed: AUTHENTICATED,
    writes: false,
    valid: () => Promise.resolve({ query: { country: 'KZ' } }),
  },
  {
    service: 'incident',
    method: 'POST',
    path: '/regions',
    allowed: ADMIN,
    writes: true,
    valid: (w) => {
      const code = w.regionCode();
      return Promise.resolve({
        body: {
          code: `UZ-${code}`,
          name: 'Tashkent Region',
          category: 'region',
          referenceCode: code,
        },
      });
    },
  },
];

const requestEndpoints: Endpoint[] = [
  {
    service: 'request',
    method: 'GET',
    path: '/catalogue',
    allowed: AUTHENTICATED,
    writes: false,
    valid: none,
  },
  {
    service: 'request',
    method: 'POST',
    path: '/requests',
    allowed: MINISTRY,
    writes: true,
    valid: (w) =>
      Promise.resolve({
        body: {
          incidentId: w.incidentId,
          item: { code: 'WASH-HYGIENE-KIT' },
          quantity: 400,
          priority: 'critical',
          neededBy: day(10),
          location: {
            region: 'KZ-15',
            address: 'Aktobe, evacuation centre at school No. 3',
            coordinates: { latitude: 50.2839, longitude: 57.167 },
          },
          notes: 'Families evacuated from Kargaly',
          scope: 'international',
        },
      }),
  },
  {
    service: 'request',
    method: 'GET',
    path: '/requests',
    allowed: AUTHENTICATED,
    writes: false,
    valid: (w) =>
      Promise.resolve({
        query: {
          incidentId: w.incidentId,
          region: 'KZ-AKT',
          status: 'open',
          scope: 'international',
          itemCode: 'WASH-HYGIENE-KIT',
          priority: 'high',
          limit: '10',
          offset: '0',
        },
      }),
  },
  {
    service: 'request',
    method: 'GET',
    path: '/requests/:id',
    allowed: AUTHENTICATED,
    writes: false,
    valid: async (w) => ({ params: { id: (await w.request()).id } }),
  },
  {
    service: 'request',
    method: 'PATCH',
    path: '/requests/:id',
    allowed: MINISTRY,
    writes: true,
    ifMatch: 'required',
    valid: async (w) => {
      const target = await w.request();
      return {
        params: { id: target.id },
        ifMatch: target.version,
        body: {
          quantity: 500,
          priority: 'critical',
          neededBy: day(12),
          location: { region: 'KZ-15', address: null, coordinates: null },
          notes: null,
        },
      };
    },
  },
  {
    service: 'request',
    method: 'POST',
    path: '/requests/:id/scope',
    allowed: MINISTRY,
    writes: true,
    ifMatch: 'required',
    valid: async (w) => {
      const target = await w.request();
      return {
        params: { id: target.id },
        ifMatch: target.version,
        body: { scope: 'domestic', reason: 'Covered by the national reserve' },
      };
    },
  },
  {
    service: 'request',
    method: 'POST',
    path: '/requests/:id/cancel',
    allowed: MINISTRY,
    writes: true,
    ifMatch: 'required',
    valid: async (w) => {
      const target = await w.request();
      return {
        params: { id: target.id },
        ifMatch: target.version,
        body: { reason: 'Covered from the state reserve' },
      };
    },
  },
  {
    service: 'request',
    method: 'GET',
    path: '/incidents/:incidentId/coverage',
    allowed: AUTHENTICATED,
    writes: false,
    valid: async (w) => {
      await w.request();
      return {
        params: { incidentId: w.incidentId },
        query: { format: 'json', includeDrills: 'false' },
      };
    },
  },
  {
    service: 'request',
    method: 'GET',
    path: '/exports/requests.hxl.csv',
    allowed: AUTHENTICATED,
    writes: false,
    valid: (w) =>
      Promise.resolve({
        query: { incidentId: w.incidentId, region: 'KZ-15', lang: 'kk', includeDrills: 'false' },
      }),
  },
  {
    service: 'request',
    method: 'GET',
    path: '/exports/3w.hxl.csv',
    allowed: AUTHENTICATED,
    writes: false,
    valid: (w) =>
      Promise.resolve({
        query: { incidentId: w.incidentId, region: 'KZ-15', lang: 'ru', includeDrills: 'true' },
      }),
  },
];

const offerEndpoints: Endpoint[] = [
  {
    service: 'offer',
    method: 'GET',
    path: '/partners',
    allowed: AUTHENTICATED,
    writes: false,
    valid: none,
  },
  {
    service: 'offer',
    method: 'GET',
    path: '/partners/:code',
    allowed: AUTHENTICATED,
    writes: false,
    valid: () => Promise.resolve({ params: { code: 'unicef' } }),
  },
  {
    service: 'offer',
    method: 'POST',
    path: '/partners',
    allowed: ADMIN,
    writes: true,
    valid: (w) =>
      Promise.resolve({
        body: {
          code: w.unique('KAZ-NGO').toUpperCase().slice(0, 32),
          name: 'Zhardem Public Foundation',
          kind: 'ngo',
          origin: 'domestic',
          contactEmail: 'duty@zhardem.example.org',
          contactPhone: '+7 717 200 0000',
        },
      }),
  },
  {
    service: 'offer',
    method: 'PATCH',
    path: '/partners/:code',
    allowed: ADMIN,
    writes: true,
    ifMatch: 'required',
    valid: async (w) => {
      const partner = await w.partner();
      return {
        params: { code: partner.code },
        ifMatch: partner.version,
        body: {
          name: 'Zhardem Foundation',
          kind: 'ngo',
          origin: 'domestic',
          contactEmail: null,
          contactPhone: '+7 717 200 0001',
        },
      };
    },
  },
  {
    service: 'offer',
    method: 'DELETE',
    path: '/partners/:code',
    allowed: ADMIN,
    writes: true,
    ifMatch: 'required',
    valid: async (w) => {
      const partner = await w.partner();
      return { params: { code: partner.code }, ifMatch: partner.version };
    },
  },
  {
    service: 'offer',
    method: 'GET',
    path: '/requests',
    allowed: AUTHENTICATED,
    writes: false,
    valid: (w) =>
      Promise.resolve({ query: { incidentId: w.incidentId, limit: '10', offset: '0' } }),
    // Both agencies' partners are international: domestic requests are not theirs to see.
    sees: (w, who, body) => {
      const items = itemsOf<{ requestId: string; scope: string }>(body);
      const domestic = items.filter((i) => i.scope === 'domestic');
      if (MINISTRY.includes(who)) {
        return items.some((i) => i.requestId === w.domesticRequestId)
          ? undefined
          : 'the ministry does not see the domestic request';
      }
      return domestic.length > 0 ? `sees ${domestic.length} domestic requests` : undefined;
    },
  },
  {
    service: 'offer',
    method: 'GET',
    path: '/requests/:id',
    allowed: AUTHENTICATED,
    writes: false,
    valid: (w) => Promise.resolve({ params: { id: w.requestId } }),
  },
  {
    service: 'offer',
    method: 'POST',
    path: '/offers',
    // The ministry offers too, from its own stock only (a stockpile of its own, made fresh).
    allowed: ['ownAgency', 'otherAgency', 'self', 'operator', 'admin'],
    writes: true,
    valid: async (w, who) => ({
      body: {
        requestId: w.requestId,
        quantity: 10,
        unit: 'kit',
        expectedDeliveryDate: day(5),
        conditions: 'Transport to Aktobe by the ministry',
        note: 'From the Almaty warehouse',
        ...(who === 'operator' || who === 'admin'
          ? { stockpileId: (await stockpileOf(w, who)).id, itemVersion: newStockpile.itemVersion }
          : {}),
      },
    }),
  },
  {
    service: 'offer',
    method: 'GET',
    path: '/offers',
    allowed: AUTHENTICATED,
    writes: false,
    valid: (w) =>
      Promise.resolve({
        query: {
          requestId: w.requestId,
          incidentId: w.incidentId,
          status: 'published',
          limit: '10',
          offset: '0',
        },
      }),
    // UNICEF holds a published offer on the request from the start.
    sees: (_w, who, body) => {
      const codes = itemsOf<{ partner: { code: string } }>(body).map((i) => i.partner.code);
      if (MINISTRY.includes(who)) {
        return codes.includes('UNICEF') ? undefined : "the ministry does not see UNICEF's offer";
      }
      const own = who === 'otherAgency' ? 'IFRC' : 'UNICEF';
      const others = codes.filter((c) => c !== own);
      if (who === 'ownAgency' && codes.length === 0) return 'UNICEF does not see its own offer';
      return others.length > 0 ? `sees offers of ${[...new Set(others)].join(', ')}` : undefined;
    },
  },
  {
    service: 'offer',
    method: 'GET',
    path: '/exports/offers.hxl.csv',
    allowed: AUTHENTICATED,
    writes: false,
    valid: (w) =>
      Promise.resolve({
        query: { incidentId: w.incidentId, region: 'KZ-15', lang: 'en', includeDrills: 'false' },
      }),
  },
  {
    service: 'offer',
    method: 'GET',
    path: '/offers/:id',
    allowed: ['operator', 'admin', 'ownAgency'],
    writes: false,
    valid: async (w) => ({ params: { id: (await w.offer()).id } }),
  },
  {
    service: 'offer',
    method: 'PATCH',
    path: '/offers/:id',
    allowed: OWN_AGENCY,
    writes: true,
    ifMatch: 'required',
    valid: async (w) => {
      const offer = await w.offer();
      return {
        params: { id: offer.id },
        ifMatch: offer.version,
        body: { quantity: 12, expectedDeliveryDate: day(6), conditions: null, note: 'Two trucks' },
      };
    },
  },
  {
    service: 'offer',
    method: 'POST',
    path: '/offers/:id/accept',
    allowed: MINISTRY,
    writes: true,
    ifMatch: 'required',
    valid: async (w) => {
      const offer = await w.offer();
      return {
        params: { id: offer.id },
        ifMatch: offer.version,
        body: { quantity: 5, requestId: w.requestId },
      };
    },
  },
  {
    service: 'offer',
    method: 'POST',
    path: '/offers/:id/decline',
    allowed: MINISTRY,
    writes: true,
    ifMatch: 'required',
    valid: async (w) => {
      const offer = await w.offer();
      return {
        params: { id: offer.id },
        ifMatch: offer.version,
        body: { reason: 'Kits do not meet the agreed standard' },
      };
    },
  },
  {
    service: 'offer',
    method: 'POST',
    path: '/offers/:id/withdraw',
    allowed: OWN_AGENCY,
    writes: true,
    ifMatch: 'required',
    valid: async (w) => {
      const offer = await w.offer();
      return {
        params: { id: offer.id },
        ifMatch: offer.version,
        body: { reason: 'Stock sent to another emergency' },
      };
    },
  },
  {
    service: 'offer',
    method: 'POST',
    path: '/offers/:id/dispatch',
    allowed: OWN_AGENCY,
    writes: true,
    ifMatch: 'required',
    valid: async (w) => {
      const offer = await w.offer('dispatchable');
      return {
        params: { id: offer.id },
        ifMatch: offer.version,
        body: { expectedArrival: new Date(Date.now() + 2 * 86_400_000).toISOString() },
      };
    },
  },
  {
    service: 'offer',
    method: 'POST',
    path: '/offers/:id/delivery-report',
    allowed: OWN_AGENCY,
    writes: true,
    ifMatch: 'required',
    valid: async (w) => {
      const offer = await w.offer('dispatched');
      return {
        params: { id: offer.id },
        ifMatch: offer.version,
        body: { quantity: 9, note: 'One kit damaged on the way' },
      };
    },
  },
  {
    service: 'offer',
    method: 'POST',
    path: '/offers/:id/confirm-delivery',
    allowed: MINISTRY,
    writes: true,
    ifMatch: 'required',
    valid: async (w) => {
      const offer = await w.offer('dispatched');
      return { params: { id: offer.id }, ifMatch: offer.version, body: { quantity: 9 } };
    },
  },
];

/** The subscriber of a call: `self` acts as the person linked to it. */
async function forSubscriber(w: World): Promise<{ id: string; selfToken: string }> {
  const subscriber = await w.subscriber();
  return { id: subscriber.id, selfToken: subscriber.selfToken };
}

/** The subscriber whose ledger `self` reads in GET /subscribers/me/notifications' valid call. */
let ownLedger: string | undefined;

const notificationEndpoints: Endpoint[] = [
  {
    service: 'notification',
    method: 'POST',
    path: '/subscribers',
    allowed: ADMIN,
    writes: true,
    valid: (w) =>
      Promise.resolve({
        body: {
          name: 'Aigerim Seitkali',
          organisation: 'ministry',
          email: 'a.seitkali@emer.gov.kz',
          phone: '+77012345678',
          language: 'kk',
          channels: ['email', 'sms'],
          userId: w.unique('user'),
        },
      }),
  },
  {
    service: 'notification',
    method: 'GET',
    path: '/subscribers',
    allowed: ADMIN,
    writes: false,
    valid: () => Promise.resolve({ query: { limit: '5' } }),
  },
  {
    service: 'notification',
    method: 'POST',
    path: '/subscribers/import',
    allowed: ADMIN,
    writes: true,
    maxBodyBytes: 50 * 1024 * 1024,
    valid: (w) =>
      Promise.resolve({
        body: {
          subscribers: [
            {
              reference: w.unique('HR'),
              name: 'Imported duty desk',
              organisation: 'ministry',
              email: `${w.unique('desk')}@emer.gov.kz`,
              language: 'en',
              channels: ['email'],
              subscriptions: [{ regions: ['KZ-15'], hazards: ['FL'] }],
            },
          ],
        },
      }),
    // Rows are refused one by one in a 200 report: the fuzzer spoils the body around them.
    fuzzBase: () => Promise.resolve({ body: { subscribers: [] } }),
  },
  {
    service: 'notification',
    method: 'GET',
    path: '/subscribers/export',
    allowed: ADMIN,
    writes: false,
    valid: () => Promise.resolve({ query: { format: 'json' } }),
  },
  {
    service: 'notification',
    method: 'GET',
    path: '/subscribers/me',
    // Every identity with a role may ask; only `self` has a subscriber linked to it, so the
    // others (the admin too) get 404 `subscriber_not_found`.
    allowed: ['self'],
    refused: { ...HIDDEN_FROM_OTHERS, admin: 404 },
    writes: false,
    valid: async (w) => {
      const { selfToken } = await forSubscriber(w);
      return { selfToken };
    },
    sees: (_w, who, body) => {
      const userId = (body as { userId?: unknown } | undefined)?.userId;
      return who === 'self' && !(typeof userId === 'string' && userId.startsWith('self-'))
        ? `not a subscriber linked to a person: ${JSON.stringify(body).slice(0, 200)}`
        : undefined;
    },
  },
  {
    service: 'notification',
    method: 'GET',
    path: '/subscribers/me/notifications',
    // As /subscribers/me: only `self` has a subscriber linked to it; the others get 404.
    allowed: ['self'],
    refused: { ...HIDDEN_FROM_OTHERS, admin: 404 },
    writes: false,
    valid: async (w) => {
      const { id, selfToken } = await forSubscriber(w);
      await w.failedNotification(id);
      // Another subscriber's row, which the answer must leave out.
      await w.failedNotification((await w.subscriber()).id);
      ownLedger = id;
      return { selfToken, query: { channel: 'sms', status: 'failed', limit: '10' } };
    },
    sees: (_w, who, body) => {
      if (who !== 'self') return undefined;
      const rows = Array.isArray(body) ? (body as { subscriberId?: unknown }[]) : [];
      if (rows.length === 0)
        return `not the caller's ledger: ${JSON.stringify(body).slice(0, 200)}`;
      const others = rows.filter((r) => r.subscriberId !== ownLedger);
      return others.length > 0
        ? `rows of another subscriber: ${JSON.stringify(others).slice(0, 200)}`
        : undefined;
    },
  },
  {
    service: 'notification',
    method: 'GET',
    path: '/subscribers/:id',
    allowed: ['admin', 'self'],
    refused: HIDDEN_FROM_OTHERS,
    writes: false,
    valid: async (w) => {
      const { id, selfToken } = await forSubscriber(w);
      return { params: { id }, selfToken };
    },
  },
  {
    service: 'notification',
    method: 'PATCH',
    path: '/subscribers/:id',
    allowed: ['admin', 'self'],
    refused: HIDDEN_FROM_OTHERS,
    writes: true,
    valid: async (w) => {
      const { id, selfToken } = await forSubscriber(w);
      return { params: { id }, selfToken, body: { language: 'ru', channels: ['sms'] } };
    },
  },
  {
    service: 'notification',
    method: 'DELETE',
    path: '/subscribers/:id',
    allowed: ADMIN,
    writes: true,
    valid: async (w) => {
      const { id, selfToken } = await forSubscriber(w);
      return { params: { id }, selfToken };
    },
  },
  {
    service: 'notification',
    method: 'GET',
    path: '/subscribers/:id/subscriptions',
    allowed: ['admin', 'self'],
    refused: HIDDEN_FROM_OTHERS,
    writes: false,
    valid: async (w) => {
      const { id, selfToken } = await forSubscriber(w);
      await w.subscription(id);
      return { params: { id }, selfToken };
    },
  },
  {
    service: 'notification',
    method: 'POST',
    path: '/subscribers/:id/subscriptions',
    allowed: ['admin', 'self'],
    refused: HIDDEN_FROM_OTHERS,
    writes: true,
    valid: async (w) => {
      const { id, selfToken } = await forSubscriber(w);
      return {
        params: { id },
        selfToken,
        body: {
          eventTypes: ['incident.reported', 'incident.severity-changed'],
          regions: ['KZ-15', 'KZ-27'],
          hazards: ['FL'],
          minSeverity: 'Moderate',
        },
      };
    },
  },
  {
    service: 'notification',
    method: 'DELETE',
    path: '/subscribers/:id/subscriptions/:subscriptionId',
    allowed: ['admin', 'self'],
    refused: HIDDEN_FROM_OTHERS,
    writes: true,
    valid: async (w) => {
      const { id, selfToken } = await forSubscriber(w);
      return { params: { id, subscriptionId: await w.subscription(id) }, selfToken };
    },
  },
  {
    service: 'notification',
    method: 'GET',
    path: '/unsubscribe',
    allowed: ANYONE,
    writes: true,
    valid: async (w) => {
      const { id } = await w.subscriber();
      return { query: { token: w.unsubscribeToken(id) } };
    },
  },
  {
    service: 'notification',
    method: 'GET',
    path: '/notifications',
    allowed: MINISTRY,
    writes: false,
    valid: async (w) => {
      const { id } = await w.subscriber();
      await w.failedNotification(id);
      return {
        query: {
          eventId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c20',
          subscriberId: id,
          channel: 'sms',
          status: 'failed',
          limit: '10',
        },
      };
    },
  },
  {
    service: 'notification',
    method: 'POST',
    path: '/notifications/:id/resend',
    allowed: ADMIN,
    writes: true,
    valid: async (w) => {
      const { id } = await w.subscriber();
      return { params: { id: await w.failedNotification(id) } };
    },
  },
  {
    service: 'notification',
    method: 'POST',
    path: '/webhooks/sms/receipts',
    // Public for JWT: the HTTP SMS gateway signs the body with the shared secret instead.
    allowed: ANYONE,
    // A receipt is kept even before the part it reports on is known.
    writes: true,
    signed: true,
    valid: (w) => {
      const body = `MessageSid=${w.unique('SM')}&MessageStatus=undelivered&ErrorCode=30003`;
      return Promise.resolve({
        raw: { body, contentType: 'application/x-www-form-urlencoded' },
        headers: { 'X-Signature': w.webhookSignature(body) },
      });
    },
  },
];

/** Prepositioned stock (partner-offer-service, issue 19): owners are partners and the ministry. */
const OWNERS: readonly Who[] = ['operator', 'admin', 'ownAgency', 'otherAgency'];
const newStockpile = {
  region: 'KZ-19',
  warehouse: 'Fuzz warehouse',
  itemCode: 'WASH-HYGIENE-KIT',
  itemVersion: 2,
  unit: 'kit',
  quantity: 10,
  expiresOn: day(300),
};
/** A new stockpile of the caller's: the own agency's (UNICEF), or the ministry's. */
async function stockpileOf(
  w: World,
  who: 'ownAgency' | 'operator' | 'admin',
): Promise<{ id: string; version: number }> {
  const { body, etag } = await w.api<{ id: string }>('offer', 'POST', '/stock', who, newStockpile);
  return { id: body.id, version: etag };
}
/** A stockpile of the own agency's (UNICEF). */
const unicefStockpile = (w: World) => stockpileOf(w, 'ownAgency');

const stockEndpoints: Endpoint[] = [
  {
    service: 'offer',
    method: 'POST',
    path: '/stock',
    allowed: OWNERS,
    writes: true,
    valid: () => Promise.resolve({ body: { ...newStockpile } }),
  },
  {
    service: 'offer',
    method: 'GET',
    path: '/stock',
    allowed: OWNERS,
    writes: false,
    valid: () =>
      Promise.resolve({ query: { region: 'KZ-19', itemCode: 'WASH-HYGIENE-KIT', limit: '10' } }),
  },
  {
    service: 'offer',
    method: 'GET',
    path: '/stock/by-region',
    allowed: OWNERS,
    writes: false,
    valid: none,
  },
  {
    service: 'offer',
    method: 'GET',
    path: '/stock/matches',
    allowed: OWNERS,
    writes: false,
    valid: (w) => Promise.resolve({ query: { requestId: w.requestId } }),
  },
  {
    service: 'offer',
    method: 'GET',
    path: '/stock/:id',
    allowed: ['operator', 'admin', 'ownAgency'],
    writes: false,
    valid: async (w) => ({ params: { id: (await unicefStockpile(w)).id } }),
  },
  {
    service: 'offer',
    method: 'POST',
    path: '/stock/:id/movements',
    allowed: OWN_AGENCY,
    writes: true,
    ifMatch: 'required',
    valid: async (w) => {
      const pile = await unicefStockpile(w);
      return {
        params: { id: pile.id },
        ifMatch: pile.version,
        body: { kind: 'written-off', quantity: 2, reason: 'water damage' },
      };
    },
  },
];

/** Kit compositions (resource-request-service catalogue, issue 19): the seeded hygiene kit. */
const KIT = 'WASH-HYGIENE-KIT';

/** Feedback from affected people (notification-service, issue 19). */
async function webFeedback(w: World): Promise<{ id: string; version: number }> {
  const { body } = await w.api<{ id: string }>(
    'notification',
    'POST',
    '/feedback',
    'operator',
    { text: 'НАБОР 2 нет мыла', regionCode: 'KZ-15' },
    [202],
  );
  return { id: body.id, version: 1 }; // a new feedback row starts at version 1
}

const issue19Endpoints: Endpoint[] = [
  {
    service: 'request',
    method: 'GET',
    path: '/catalogue/items/:code/versions',
    allowed: AUTHENTICATED,
    writes: false,
    valid: () => Promise.resolve({ params: { code: KIT } }),
  },
  {
    service: 'request',
    method: 'GET',
    path: '/catalogue/items/:code/versions/:version',
    allowed: AUTHENTICATED,
    writes: false,
    valid: () => Promise.resolve({ params: { code: KIT, version: '1' } }),
  },
  {
    service: 'request',
    method: 'GET',
    path: '/catalogue/items/:code/versions/:from/diff/:to',
    allowed: AUTHENTICATED,
    writes: false,
    valid: () => Promise.resolve({ params: { code: KIT, from: '1', to: '1' } }),
  },
  {
    service: 'request',
    method: 'POST',
    path: '/catalogue/items/:code/versions',
    allowed: MINISTRY,
    writes: true,
    valid: () =>
      Promise.resolve({
        params: { code: KIT },
        body: { contents: [{ itemCode: null, name: 'Soap', quantity: 2, unit: 'bar' }] },
      }),
  },
  {
    service: 'notification',
    method: 'POST',
    path: '/feedback',
    // The public web form: no sign-in.
    allowed: ANYONE,
    writes: true,
    valid: () => Promise.resolve({ body: { text: 'ЖИНАҚ сабын жоқ', regionCode: 'KZ-15' } }),
  },
  {
    service: 'notification',
    method: 'GET',
    path: '/feedback',
    // An agency sees what its organisation delivered.
    allowed: AUTHENTICATED,
    writes: false,
    valid: none,
  },
  {
    service: 'notification',
    method: 'GET',
    path: '/feedback/summary',
    // An agency sees what its organisation delivered.
    allowed: AUTHENTICATED,
    writes: false,
    valid: none,
  },
  {
    service: 'notification',
    method: 'PATCH',
    path: '/feedback/:id',
    allowed: MINISTRY,
    writes: true,
    ifMatch: 'required',
    valid: async (w) => {
      const feedback = await webFeedback(w);
      return {
        params: { id: feedback.id },
        ifMatch: feedback.version,
        body: { category: 'missing-item', handled: true },
      };
    },
  },
  {
    service: 'notification',
    method: 'POST',
    path: '/webhooks/sms/inbound',
    // Public for JWT: the HTTP SMS gateway signs the body with the shared secret instead.
    allowed: ANYONE,
    writes: true,
    signed: true,
    valid: (w) => {
      const body = `MessageSid=${w.unique('SM')}&From=%2B77011234567&Body=${encodeURIComponent('НАБОР нет мыла')}`;
      return Promise.resolve({
        raw: { body, contentType: 'application/x-www-form-urlencoded' },
        headers: { 'X-Signature': w.webhookSignature(body) },
      });
    },
  },
];

export const ENDPOINTS: readonly Endpoint[] = [
  ...stockEndpoints,
  ...issue19Endpoints,
  ...incidentEndpoints,
  ...requestEndpoints,
  ...offerEndpoints,
  ...notificationEndpoints,
  ...SERVICE_NAMES.flatMap(core),
];

export function describeEndpoint(e: Pick<Endpoint, 'service' | 'method' | 'path'>): string {
  return `${e.service} ${e.method} ${e.path}`;
}

/** The path of a call, each `:name` replaced by its encoded value. */
export function fillPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} of ${template}`);
    return encodeUtf8(value);
  });
}

export function encodeQuery(query: Record<string, string | readonly string[]> = {}): string {
  return Object.entries(query)
    .flatMap(([key, value]) =>
      (typeof value === 'string' ? [value] : value).map(
        (v) => `${encodeUtf8(key)}=${encodeUtf8(v)}`,
      ),
    )
    .join('&');
}
