import {
  CERTAINTY_WORDS,
  HAZARD_WORDS,
  knownRegion,
  SEVERITY_WORDS,
  URGENCY_WORDS,
  type Urgency,
} from '@relief/contracts';
import { hazardInfo } from '../hazards/hazards';
import { capStatus } from './cap-status';
import type { IncidentState } from '../incidents/incident';
import { el, renderXml, type XmlElement } from '@relief/exchange';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
export const CAP_CONTENT_TYPE = 'application/cap+xml';

/** Who publishes the alerts (CAP <sender>, <senderName>); set per deployment. */
export interface CapSender {
  /** Unique id of the originator, e.g. alerts@emergency.gov.kz: no spaces, commas, < or &. */
  sender: string;
  senderName: string;
}

/** The platform's languages and their CAP <language> (RFC 3066) tags. */
export type CapLanguage = 'kk' | 'ru' | 'en';
export const CAP_LANGUAGES: readonly { language: CapLanguage; tag: string }[] = [
  { language: 'kk', tag: 'kk-KZ' },
  { language: 'ru', tag: 'ru-KZ' },
  // CAP's default language: a receiver that ignores <language> reads this block as English.
  { language: 'en', tag: 'en-US' },
];

export interface CapAlertInput {
  incident: Readonly<IncidentState>;
  regionName: string;
  /** When the incident was last changed by this version: the previous message's <sent>. */
  previousSentAt?: Date;
}

export type CapMsgType = 'Alert' | 'Update' | 'Cancel';

/**
 * Every version of an incident is one CAP message: the first is an Alert, later ones Update the
 * previous message, and a cancelled (false) report Cancels it. A closed incident is an Update
 * with urgency Past and responseType AllClear, which is how CAP says "over".
 */
export function capMsgType(incident: Pick<IncidentState, 'version' | 'status'>): CapMsgType {
  if (incident.status === 'cancelled') return 'Cancel';
  return incident.version === 1 ? 'Alert' : 'Update';
}

/** Unique per sender and message: the reference plus the incident version. */
export function capIdentifier(reference: string, version: number): string {
  return `${reference}-v${version}`;
}

/** CAP 1.2 times: seconds precision and a numeric offset; "Z" is not allowed, UTC is -00:00. */
export function capDateTime(time: Date): string {
  return `${time.toISOString().slice(0, 19)}-00:00`;
}

/** CAP headlines should stay under 160 characters (text messages, sirens' displays). */
const HEADLINE_MAX = 160;

export function buildCapAlert(input: CapAlertInput, from: CapSender): XmlElement {
  const { incident } = input;
  const hazard = hazardInfo(incident.hazard);
  const msgType = capMsgType(incident);
  const closed = incident.status === 'closed';
  const urgency: Urgency = closed ? 'Past' : incident.urgency;
  const references =
    incident.version > 1 && input.previousSentAt
      ? [
          from.sender,
          capIdentifier(incident.reference, incident.version - 1),
          capDateTime(input.previousSentAt),
        ].join(',')
      : undefined;

  const figures = incident.figures;
  const parameter = (name: string, value: string | number) =>
    el('parameter', el('valueName', name), el('value', String(value)));

  /**
   * One block per language, so each receiver picks its own: the same facts, the platform's words
   * (hazard, severity, urgency, certainty, region) in that language; what the operator typed
   * (title, description, district, settlement) as typed.
   */
  const infos = CAP_LANGUAGES.map(({ language, tag }) =>
    el(
      'info',
      el('language', tag),
      el('category', hazard.capCategory),
      el('event', capitalized(HAZARD_WORDS[incident.hazard]?.[language] ?? hazard.name)),
      closed && el('responseType', 'AllClear'),
      el('urgency', urgency),
      el('severity', incident.severity),
      el('certainty', incident.certainty),
      el('eventCode', el('valueName', 'GLIDE'), el('value', incident.hazard)),
      el('onset', capDateTime(incident.occurredAt)),
      el('senderName', from.senderName),
      el('headline', headline(incident.title)),
      el('description', describe(incident, urgency, language)),
      parameter('incidentReference', incident.reference),
      parameter('incidentStatus', incident.status),
      parameter('peopleAffected', figures.affected),
      parameter('peopleEvacuated', figures.evacuated),
      parameter('peopleInjured', figures.injured),
      parameter('peopleDead', figures.dead),
      parameter('homesDamaged', figures.homesDamaged),
      area(input, language),
    ),
  );

  return el(
    'alert',
    { xmlns: CAP_NAMESPACE },
    el('identifier', capIdentifier(incident.reference, incident.version)),
    el('sender', from.sender),
    el('sent', capDateTime(incident.updatedAt)),
    el('status', capStatus(incident.mode)),
    el('msgType', msgType),
    el('scope', 'Public'),
    msgType === 'Cancel' && incident.statusReason && el('note', incident.statusReason),
    references && el('references', references),
    el('incidents', incident.reference),
    ...infos,
  );
}

export function renderCapAlert(input: CapAlertInput, from: CapSender): string {
  return renderXml(buildCapAlert(input, from));
}

function headline(title: string): string {
  const chars = Array.from(title); // by code point: never split a surrogate pair
  return chars.length <= HEADLINE_MAX ? title : `${chars.slice(0, HEADLINE_MAX - 1).join('')}…`;
}

const FIGURES: Record<CapLanguage, (f: IncidentState['figures']) => string> = {
  kk: (f) =>
    `Зардап шеккендер: ${f.affected}; эвакуацияланғандар: ${f.evacuated}; ` +
    `жарақат алғандар: ${f.injured}; қаза тапқандар: ${f.dead}. Зақымдалған үйлер: ${f.homesDamaged}.`,
  ru: (f) =>
    `Пострадавших: ${f.affected}; эвакуировано: ${f.evacuated}; ранено: ${f.injured}; ` +
    `погибло: ${f.dead}. Повреждено домов: ${f.homesDamaged}.`,
  en: (f) =>
    `People affected: ${f.affected}; evacuated: ${f.evacuated}; injured: ${f.injured}; ` +
    `dead: ${f.dead}. Homes damaged: ${f.homesDamaged}.`,
};

const SUMMARY_LABELS: Record<CapLanguage, [severity: string, urgency: string, certainty: string]> =
  {
    kk: ['Ауырлығы', 'Шұғылдығы', 'Сенімділігі'],
    ru: ['Тяжесть', 'Срочность', 'Достоверность'],
    en: ['Severity', 'Urgency', 'Certainty'],
  };

function describe(
  incident: Readonly<IncidentState>,
  urgency: Urgency,
  language: CapLanguage,
): string {
  const [severityLabel, urgencyLabel, certaintyLabel] = SUMMARY_LABELS[language];
  const summary =
    `${severityLabel}: ${SEVERITY_WORDS[incident.severity][language]}. ` +
    `${urgencyLabel}: ${URGENCY_WORDS[urgency][language]}. ` +
    `${certaintyLabel}: ${CERTAINTY_WORDS[incident.certainty][language]}.`;
  const text = `${summary}\n${FIGURES[language](incident.figures)}`;
  return incident.description ? `${incident.description}\n\n${text}` : text;
}

function capitalized(word: string): string {
  return word.charAt(0).toLocaleUpperCase() + word.slice(1);
}

/** The region's name in the language (@relief/contracts), else the name incident-service has. */
export function regionNameIn(code: string, fallback: string, language: CapLanguage): string {
  return knownRegion(code)?.names[language] ?? fallback;
}

export function areaDescription(
  incident: Pick<IncidentState, 'settlement' | 'district'>,
  regionName: string,
): string {
  return [incident.settlement, incident.district, regionName].filter(Boolean).join(', ');
}

function area(input: CapAlertInput, language: CapLanguage): XmlElement {
  const { incident } = input;
  const location = incident.location;
  const regionName = regionNameIn(incident.region, input.regionName, language);
  return el(
    'area',
    el('areaDesc', areaDescription(incident, regionName)),
    location &&
      el(
        'circle',
        `${decimal(location.latitude)},${decimal(location.longitude)} ${decimal(location.radiusKm)}`,
      ),
    el('geocode', el('valueName', 'ISO3166-2'), el('value', incident.region)),
  );
}

/** Plain decimal notation (String() would write 1e-7): six places is about 10 cm. */
function decimal(value: number): string {
  return String(Number(value.toFixed(6)));
}
