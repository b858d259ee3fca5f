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

export const ITEM_NAMES: Record<RequestKey, string> = {
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
export function inLanguage(mention: string, language: 'en' | 'ru' | 'kk'): string {
  if (language === 'en') return mention;
  const key = (Object.keys(ITEM_NAMES) as RequestKey[]).find((k) => ITEM_NAMES[k] === mention);
  return key ? ITEM_WORDS[language][key] : mention;
}
