/**
 * Who takes part in the flood scenario: the people who act (their tokens' claims), who
 * subscribes to what, and how messages name the catalogue items in each language.
 */
import { type Identity } from './scenario-http';
import { type RequestKey } from './flood-scenario.run';

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

export interface SubscriberPlan {
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

export const INCIDENT_EVENTS = [
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
          'offer.withdrawn',
        ],
        regions: ['KZ-15'],
        hazards: ['FL'],
      },
    ],
    hears:
      'floods in Aktobe region (KZ-15): incident news, fulfilled requests and withdrawn pledges',
  },
  situationCentre: {
    name: 'Situation centre, Ministry HQ Astana',
    role: 'national situation centre',
    organisation: 'ministry',
    language: 'ru',
    channels: ['email'],
    email: ['situation.centre', 'emer.gov.kz'],
    subscriptions: [
      { eventTypes: INCIDENT_EVENTS, hazards: ['FL'], minSeverity: 'Extreme' },
      // Coverage falling for an Extreme flood: a pledge the ministry counted on is withdrawn.
      { eventTypes: ['offer.withdrawn'], hazards: ['FL'], minSeverity: 'Extreme' },
    ],
    hears: 'incident news of floods anywhere once they are Extreme, and pledges withdrawn for them',
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
          'request.closed',
          'offer.withdrawn',
        ],
      },
    ],
    hears:
      'every request raised, opened to international partners, fulfilled, cancelled or closed, ' +
      'and every accepted pledge withdrawn (coverage falls)',
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

/** The catalogue's names of the requested items (as the APIs and the narrative show them). */
export const ITEM_NAMES: Record<RequestKey, string> = {
  kits: 'Sanitary and hygiene kit',
  pumps: 'Water pump',
  sandbags: 'Sandbags',
};

/**
 * How the messages word the items, written out by hand: after a number by the plural category
 * of the language (ru one / few / many; en one / other; kk keeps the noun singular), and `of`, as
 * a request "for" them is named (en plural, ru genitive plural, kk the label).
 */
const ITEM_WORDS: Record<
  RequestKey,
  { en: [string, string]; ru: [string, string, string]; kk: string; of: Record<Language, string> }
> = {
  kits: {
    en: ['hygiene kit', 'hygiene kits'],
    ru: [
      'санитарно-гигиенический набор',
      'санитарно-гигиенических набора',
      'санитарно-гигиенических наборов',
    ],
    kk: 'санитарлық-гигиеналық жиынтық',
    of: {
      en: 'hygiene kits',
      ru: 'санитарно-гигиенических наборов',
      kk: 'санитарлық-гигиеналық жиынтық',
    },
  },
  pumps: {
    en: ['water pump', 'water pumps'],
    ru: ['водяной насос', 'водяных насоса', 'водяных насосов'],
    kk: 'су сорғысы',
    of: { en: 'water pumps', ru: 'водяных насосов', kk: 'су сорғысы' },
  },
  sandbags: {
    en: ['sandbag', 'sandbags'],
    ru: ['мешок с песком', 'мешка с песком', 'мешков с песком'],
    // Kazakh names the item in the plural (құм қаптары) but counts it in the singular.
    kk: 'құм қабы',
    of: { en: 'sandbags', ru: 'мешков с песком', kk: 'құм қаптары' },
  },
};

/** What a message says for `n` of an item in `language`: "400 hygiene kits", "5 000 мешков с песком". */
export function goodsWords(item: RequestKey, n: number, language: Language): string {
  const number = new Intl.NumberFormat(language).format(n);
  const words = ITEM_WORDS[item];
  if (language === 'kk') return `${number} ${words.kk}`;
  const category = new Intl.PluralRules(language).select(n);
  if (language === 'en') return `${number} ${words.en[category === 'one' ? 0 : 1]}`;
  const form = category === 'one' ? 0 : category === 'few' ? 1 : 2;
  return `${number} ${words.ru[form]}`;
}

/** How a message names the item a request is for: "request for hygiene kits". */
export function itemWords(item: RequestKey, language: Language): string {
  return ITEM_WORDS[item].of[language];
}

/** How the partner whose offer it is reads of it. */
export const YOUR_OFFER: Record<Language, string> = {
  en: 'your offer',
  ru: 'ваше предложение',
  kk: 'ұсынысыңыз',
};

/** The resident's feedback (issue 19), as the scenario and its int-spec both send it. */
export const FEEDBACK = {
  itemCode: 'WASH-HYGIENE-KIT',
  /** "KIT Aktobe: the children need nappies": item and region keywords, no category word. */
  complaint: 'ЖИНАҚ Ақтөбе: балаларға жөргек керек',
  /** The Kazakh word for STOP. */
  stop: 'ТОҚТАТУ',
  /** How the Kazakh acknowledgement begins (notification-service templates/reply.templates.ts). */
  kazakhAck: 'Рахмет, хабарламаңыз алынды',
} as const;
