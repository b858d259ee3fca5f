import { EVENT_EXAMPLES, HAZARDS, REGIONS } from '@relief/contracts';
import { LANGUAGES, type Language } from '../subscribers/subscriber';
import { WORDED_REASON_CODES } from './reasons';
import { FEEDBACK_REPLIES, renderReply, type FeedbackReply } from './reply.templates';
import { type Audience } from './template';
import { audiencesOf, EXTRA_TEMPLATES, render, TEMPLATED_EVENT_TYPES } from './templates';
import { KNOWN_ITEMS, KNOWN_UNITS } from './vocabulary';

/**
 * The representative payloads every template is rendered with (the golden files and the checks
 * over all renderings read the same list): each type's catalogue example and its variants, the
 * counts 1, 2, 5, 21 and 1000 in every unit, every catalogue item, hazard, region and reason code.
 * Test data only.
 */
export interface GoldenCase {
  /** The golden file the rendering goes to (without language and extension). */
  file: string;
  /** What varies, as a heading in that file. */
  label: string;
  type: string;
  payload: object;
}

export const COUNTS = [1, 2, 5, 21, 1000] as const;

/** The catalogue's own units (resource-request-service's seed), by item. */
export const CATALOGUE_UNITS: Readonly<Record<string, string>> = {
  'WASH-HYGIENE-KIT': 'kit',
  'WASH-DRINKING-WATER': 'litre',
  'WASH-JERRYCAN': 'piece',
  'SHELTER-TENT-FAMILY': 'piece',
  'NFI-BLANKET': 'piece',
  'NFI-MATTRESS': 'piece',
  'NFI-KITCHEN-SET': 'set',
  'FOOD-RATION': 'ration',
  'FOOD-FLOUR': 'tonne',
  'AGRI-ANIMAL-FEED': 'tonne',
  'HEALTH-MEDICAL-KIT': 'kit',
  'EQUIP-WATER-PUMP': 'piece',
  'EQUIP-GENERATOR': 'piece',
  'FLOOD-SANDBAG': 'piece',
  'RESCUE-MOTOR-BOAT': 'piece',
  'RESCUE-TEAM': 'team',
};

const ex = EVENT_EXAMPLES;
const TYPES = [...TEMPLATED_EVENT_TYPES, ...Object.keys(EXTRA_TEMPLATES)] as string[];
const example = (type: string): object => ex[type as keyof typeof ex];

/** The partner whose data is shown in the sweeps: a short code and a proper name. */
const UNICEF = { partnerCode: 'UNICEF-KZ', partnerName: 'UNICEF Kazakhstan' };

function withCounts(file: string, type: string, base: object, unit: string, itemCode: string) {
  return COUNTS.map((n) => ({
    file,
    label: `${itemCode} × ${n} ${unit}`,
    type,
    payload: {
      ...base,
      itemCode,
      unit,
      quantity: n,
      acceptedQuantity: n,
      deliveredQuantity: n,
      releasedQuantity: n,
      coverage: { requested: n, pledged: n, delivered: n, remaining: n },
    },
  }));
}

export const GOLDEN_CASES: GoldenCase[] = [
  // Every template with its catalogue example.
  ...TYPES.map((type) => ({
    file: type,
    label: 'catalogue example',
    type,
    payload: example(type),
  })),
  // Drills: every message of an exercise or test is marked in the recipient's language.
  ...(['incident.reported', 'request.raised', 'offer.accepted'] as const).flatMap((type) =>
    (['exercise', 'test'] as const).map((mode) => ({
      file: type,
      label: `a drill (${mode})`,
      type,
      payload: { ...ex[type], mode },
    })),
  ),
  // Variants that change the sentences.
  {
    file: 'request.scope-changed',
    label: 'brought back to domestic',
    type: 'request.scope-changed',
    payload: { ...ex['request.scope-changed'], scope: 'domestic', previousScope: 'international' },
  },
  {
    file: 'request.closed',
    label: 'no reason (an event from before reason codes)',
    type: 'request.closed',
    payload: {
      ...ex['request.closed'],
      reason: null,
      reasonCode: undefined,
      reasonParams: undefined,
    },
  },
  {
    file: 'request.raised',
    label: 'free item, a unit without words, domestic, with notes',
    type: 'request.raised',
    payload: {
      ...ex['request.raised'],
      itemCode: null,
      itemName: 'Diesel fuel',
      unit: 'litre',
      quantity: 2000,
      scope: 'domestic',
      notes: 'Deliver to the Kargaly depot.',
    },
  },
  {
    file: 'incident.closed',
    label: 'cancelled, no reason',
    type: 'incident.closed',
    payload: { ...ex['incident.closed'], status: 'cancelled', reason: null, reasonCode: null },
  },
  {
    file: 'incident.reported',
    label: 'title with markup, no area',
    type: 'incident.reported',
    payload: {
      ...ex['incident.reported'],
      title: '<script>alert("x")</script>',
      areaDescription: null,
    },
  },
  {
    file: 'incident.situation-updated',
    label: 'no summary',
    type: 'incident.situation-updated',
    payload: { ...ex['incident.situation-updated'], summary: null },
  },
  {
    file: 'offer.accepted',
    label: 'UNICEF, 250 of 300 medical kits',
    type: 'offer.accepted',
    payload: {
      ...ex['offer.accepted'],
      ...UNICEF,
      itemCode: 'HEALTH-MEDICAL-KIT',
      itemName: 'Medical kit',
      unit: 'kit',
      quantity: 300,
      acceptedQuantity: 250,
    },
  },
  {
    file: 'offer.declined',
    label: 'acceptance reverted (quantity exceeds remaining)',
    type: 'offer.declined',
    payload: {
      ...ex['offer.declined'],
      acceptanceReverted: true,
      reason: 'The request could take only 200.',
      reasonCode: 'quantity-exceeds-remaining',
      reasonParams: { quantity: 300, remaining: 200, unit: 'tent' },
    },
  },
  {
    file: 'offer.delivered',
    label: 'full delivery',
    type: 'offer.delivered',
    payload: { ...ex['offer.delivered'], deliveredQuantity: 300, shortfallQuantity: 0 },
  },
  {
    file: 'offer.withdrawn',
    label: 'not yet accepted, with a reason',
    type: 'offer.withdrawn',
    payload: {
      ...ex['offer.withdrawn'],
      previousStatus: 'published',
      releasedQuantity: null,
      reason: 'Stock sent to another region.',
      reasonCode: 'operator',
      reasonParams: {},
    },
  },
  {
    file: 'feedback.received',
    label: 'web form, nothing linked',
    type: 'feedback.received',
    payload: {
      ...ex['feedback.received'],
      channel: 'web',
      regionCode: null,
      incidentId: null,
      incidentReference: null,
      itemCode: null,
      category: null,
      mode: null,
    },
  },
  {
    file: 'feedback.received',
    label: 'long Kazakh text with a phone number in it, an item without words',
    type: 'feedback.received',
    payload: {
      ...ex['feedback.received'],
      language: 'kk',
      text:
        'Жинақта сабын жоқ, балаларға жөргек те жетпейді. Маған +7 701 234 56 78 нөміріне қоңырау шалыңыз. ' +
        'Біз Қарғалы ауылындағы мектепте тұрамыз, бізде қырық адам бар, су да аз, көмек керек.',
      itemCode: 'WASH-NAPPIES',
      category: 'quantity',
    },
  },
  {
    file: 'feedback.received',
    label: 'a drill (exercise)',
    type: 'feedback.received',
    payload: { ...ex['feedback.received'], mode: 'exercise' },
  },
  {
    file: 'feedback.categorised',
    label: 'handled by an administrator, no category, region only',
    type: 'feedback.categorised',
    payload: {
      ...ex['feedback.categorised'],
      handled: true,
      categorisedBy: 'admin',
      category: null,
      incidentId: null,
      incidentReference: null,
      itemCode: null,
    },
  },
  ...(['missing-item', 'quality', 'quantity', 'other'] as const).map((category) => ({
    file: 'sweep.feedback',
    label: category,
    type: 'feedback.categorised',
    payload: { ...ex['feedback.categorised'], category },
  })),
  {
    file: 'generic.request.coverage-changed',
    label: 'a type without a template',
    type: 'request.coverage-changed',
    payload: ex['request.coverage-changed'],
  },
  // Counts 1, 2, 5, 21, 1000 in every unit (the item that unit counts, else a measured one).
  ...KNOWN_UNITS.flatMap((unit) => {
    const item =
      Object.entries(CATALOGUE_UNITS).find(([, u]) => u === unit)?.[0] ?? 'SHELTER-TENT-FAMILY';
    return [
      ...withCounts('sweep.units', 'request.raised', ex['request.raised'], unit, item),
      ...withCounts(
        'sweep.units',
        'offer.accepted',
        { ...ex['offer.accepted'], ...UNICEF },
        unit,
        item,
      ),
    ];
  }),
  // Every catalogue item in its own unit, 1 and 21 and 1000 of it.
  ...KNOWN_ITEMS.flatMap((itemCode) =>
    [1, 21, 1000].flatMap((n) =>
      ['request.raised', 'offer.accepted', 'offer.delivered'].map((type) => ({
        file: 'sweep.items',
        label: `${type}: ${itemCode} × ${n}`,
        type,
        payload: {
          ...example(type),
          ...UNICEF,
          itemCode,
          unit: CATALOGUE_UNITS[itemCode] ?? 'piece',
          quantity: n,
          acceptedQuantity: n,
          deliveredQuantity: n,
        },
      })),
    ),
  ),
  ...HAZARDS.map((hazard) => ({
    file: 'sweep.hazards',
    label: hazard,
    type: 'incident.reported',
    payload: { ...ex['incident.reported'], hazard },
  })),
  ...REGIONS.map((r) => ({
    file: 'sweep.regions',
    label: r.code,
    type: 'incident.reported',
    payload: { ...ex['incident.reported'], region: r.code },
  })),
  ...WORDED_REASON_CODES.map((reasonCode) => ({
    file: 'sweep.reasons',
    label: reasonCode,
    type: 'offer.declined',
    payload: {
      ...ex['offer.declined'],
      reasonCode,
      reasonParams: {
        incidentReference: 'FL-2024-KZ-AKT-0007',
        note: reasonCode.startsWith('incident-') ? 'Water back in the river bed.' : null,
        requestStatus: 'fulfilled',
        quantity: 300,
        remaining: 21,
        unit: 'tent',
      },
    },
  })),
];

/** One rendering of a case: the language and audience it was written for. */
export interface Rendering {
  case: GoldenCase;
  language: Language;
  audience: Audience;
  subject: string;
  text: string;
  html: string;
  sms: string;
}

export const UNSUBSCRIBE_URL = 'http://x/unsubscribe?token=t';

/** Every case in every language for every audience its template states. */
export function renderAll(): Rendering[] {
  return GOLDEN_CASES.flatMap((c) =>
    LANGUAGES.flatMap((language) =>
      audiencesOfCase(c).map((audience) => ({
        case: c,
        language,
        audience,
        ...render(c.type, language, c.payload, { audience, unsubscribeUrl: UNSUBSCRIBE_URL }),
      })),
    ),
  );
}

function audiencesOfCase(c: GoldenCase): readonly Audience[] {
  return EXTRA_TEMPLATES[c.type]?.audiences ?? audiencesOf(c.type);
}

/** One automatic answer to an inbound text, as the sender reads it. */
export interface ReplyRendering {
  reply: FeedbackReply;
  linked: boolean;
  language: Language;
  sms: string;
}

/** Every reply in every language; the acknowledgement linked to an incident or not (it says so). */
export function renderReplies(): ReplyRendering[] {
  return FEEDBACK_REPLIES.flatMap((reply) =>
    (reply === 'received' ? [false, true] : [false]).flatMap((linked) =>
      LANGUAGES.map((language) => ({
        reply,
        linked,
        language,
        sms: renderReply(reply, language, { linked }),
      })),
    ),
  );
}
