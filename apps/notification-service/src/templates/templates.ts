import { modeOf, type IncidentMode, type PayloadOf } from '@relief/contracts';
import type { Language } from '../subscribers/subscriber';
import { FEEDBACK_TEMPLATES } from './feedback.templates';
import { INCIDENT_TEMPLATES } from './incident.templates';
import { OFFER_TEMPLATES } from './offer.templates';
import { REQUEST_TEMPLATES } from './request.templates';
import {
  draft,
  type Audience,
  type NotifiableEventType,
  type Template,
  type TemplateEntry,
} from './template';

export { AUDIENCES, type Audience } from './template';

/** What one template produces; html is derived from the lines with every value escaped. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

/**
 * Every notifiable event type → its template, typed by the event's payload class (offers are
 * written for their owner too, feedback for operators and partners).
 */
export const TEMPLATES: {
  readonly [T in NotifiableEventType]: T extends `offer.${string}`
    ? Template<PayloadOf<T>, 'owner' | 'others'>
    : T extends `feedback.${string}`
      ? Template<PayloadOf<T>, 'operator' | 'partner'>
      : Template<PayloadOf<T>>;
} = {
  ...INCIDENT_TEMPLATES,
  ...REQUEST_TEMPLATES,
  ...OFFER_TEMPLATES,
  ...FEEDBACK_TEMPLATES,
};

export const TEMPLATED_EVENT_TYPES = Object.keys(TEMPLATES) as NotifiableEventType[];

/** Templates written beyond the notifiable types (ready for when those become notifiable). */
export const EXTRA_TEMPLATES: Readonly<Record<string, TemplateEntry>> = Object.fromEntries(
  Object.entries({
    ...INCIDENT_TEMPLATES,
    ...REQUEST_TEMPLATES,
    ...OFFER_TEMPLATES,
    ...FEEDBACK_TEMPLATES,
  }).filter(([type]) => !(type in TEMPLATES)),
);

/** The audiences a type's template is written for (`others` for a type without one). */
export function audiencesOf(eventType: string): readonly Audience[] {
  const template = (TEMPLATES as Readonly<Record<string, TemplateEntry | undefined>>)[eventType];
  return template?.audiences ?? ['others'];
}

/** The fields the generic template reads, if the event has them. */
interface AnyPayload {
  reference?: string;
  incidentReference?: string;
}

/** For every other event type: the reference it names and that there is news. */
const GENERIC: TemplateEntry = {
  audiences: ['others'],
  args: (p: AnyPayload) => ({
    ref: p.reference ?? p.incidentReference ?? '-',
  }),
  wording: {
    en: {
      others: {
        subject: '{ref}: update',
        lines: ['There is an update on {ref}.'],
        sms: '{ref}: update',
      },
    },
    ru: {
      others: {
        subject: '{ref}: обновление',
        lines: ['Есть новости по {ref}.'],
        sms: '{ref}: обновление',
      },
    },
    kk: {
      others: {
        subject: '{ref}: жаңарту',
        lines: ['{ref} бойынша жаңа мәлімет бар.'],
        sms: '{ref}: жаңарту',
      },
    },
  },
};

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const UNSUBSCRIBE: Record<Language, string> = {
  en: 'Stop these emails',
  ru: 'Отписаться от писем',
  kk: 'Хаттардан бас тарту',
};

/**
 * The mark of a drill, in the recipient's language: before every subject and SMS, and as the
 * first line of the email, so nobody mistakes an exercise for a real emergency.
 */
export const DRILL_PREFIX: Readonly<
  Record<Exclude<IncidentMode, 'actual'>, Record<Language, string>>
> = {
  exercise: { en: 'EXERCISE', ru: 'УЧЕНИЯ', kk: 'ЖАТТЫҒУ' },
  test: { en: 'TEST', ru: 'ТЕСТ', kk: 'СЫНАҚ' },
};

/** How a message is rendered: for whom, and the email's unsubscribe link. */
export interface RenderOptions {
  /** `owner` only means something for offer events; default `others`. */
  audience?: Audience;
  unsubscribeUrl?: string;
}

/**
 * The message for one event in one language, for one audience. Never empty: a missing language
 * falls back to English, an audience the template does not have to `others` (for feedback to
 * `partner`, which shows the least), an unknown event type to the generic template. Email gets an unsubscribe link. The fourth argument may still be
 * the unsubscribe URL alone (the call shape before audiences).
 */
export function render(
  eventType: string,
  language: Language,
  payload: object,
  options?: RenderOptions,
): RenderedMessage {
  return renderWith(TEMPLATES, eventType, language, payload, options);
}

/** `render` over a given template table (the tests pass one with a language left out). */
export function renderWith(
  templates: Readonly<Record<string, TemplateEntry>>,
  eventType: string,
  language: Language,
  payload: object,
  options: RenderOptions = {},
): RenderedMessage {
  const { audience = 'others', unsubscribeUrl } = options;
  const template: TemplateEntry = templates[eventType] ?? GENERIC;
  // Words read in the language of the wording used, English when it is the fallback.
  const own = template.wording[language];
  const wordingLanguage: Language = own ? language : 'en';
  const words = own ?? template.wording.en;
  const wording =
    words[audience] ??
    words.others ??
    words.partner ??
    template.wording.en.others ??
    template.wording.en.partner;
  if (!wording) throw new Error(`template of ${eventType} has no wording for others`);
  // The one untyped step: the event type says which payload class this is (the envelope was
  // validated against it), and the template of that type reads that class.
  const args = template.args(payload as never, wordingLanguage);
  const d = draft(wording, wordingLanguage, args);
  // The one place a drill is marked: every message of an exercise or test says so first.
  const mode = modeOf(payload);
  const drill = mode === 'actual' ? null : DRILL_PREFIX[mode][language];
  const mark = (line: string) => (drill ? `${drill}: ${line}` : line);
  const lines = drill ? [drill, ...d.lines] : d.lines;
  const footer = unsubscribeUrl ? [`${UNSUBSCRIBE[language]}: ${unsubscribeUrl}`] : [];
  const text = [...lines, '', ...footer].join('\n').trim();
  const html = [
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    ...(unsubscribeUrl
      ? [`<p><a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(UNSUBSCRIBE[language])}</a></p>`]
      : []),
  ].join('\n');
  return { subject: mark(d.subject), text, html, sms: mark(d.sms) };
}
