import type { PayloadOf } from '@relief/contracts';
import type { Language } from '../subscribers/subscriber';
import { INCIDENT_TEMPLATES } from './incident.templates';
import { OFFER_TEMPLATES } from './offer.templates';
import { REQUEST_TEMPLATES } from './request.templates';
import {
  shownIn,
  type Compose,
  type NotifiableEventType,
  type Template,
  type TemplateEntry,
} from './template';

/** What one template produces; html is derived from the lines with every value escaped. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

/** Every notifiable event type → its template, typed by the event's payload class. */
export const TEMPLATES: { readonly [T in NotifiableEventType]: Template<PayloadOf<T>> } = {
  ...INCIDENT_TEMPLATES,
  ...REQUEST_TEMPLATES,
  ...OFFER_TEMPLATES,
};

export const TEMPLATED_EVENT_TYPES = Object.keys(TEMPLATES) as NotifiableEventType[];

/** The fields the generic template reads, if the event has them. */
interface AnyPayload {
  reference?: string;
  incidentReference?: string;
  title?: string;
}

/** For every other event type: its type and the identifying fields it carries. */
const generic: Compose<AnyPayload> = (p) => {
  const ref =
    p.reference !== undefined && p.reference !== '-' ? p.reference : (p.incidentReference ?? '-');
  return {
    subject: `${ref}: update`,
    lines: [`Update on ${ref}: ${p.title ?? '-'}`],
    sms: `${ref}: update`,
  };
};
const GENERIC: TemplateEntry = { en: generic };

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
 * The message for one event in one language. Never empty: a missing language falls back to
 * English, an unknown event type to the generic template. Email gets an unsubscribe link.
 */
export function render(
  eventType: string,
  language: Language,
  payload: object,
  unsubscribeUrl?: string,
): RenderedMessage {
  return renderWith(TEMPLATES, eventType, language, payload, unsubscribeUrl);
}

/** `render` over a given template table (the tests pass one with a language left out). */
export function renderWith(
  templates: Readonly<Record<string, TemplateEntry>>,
  eventType: string,
  language: Language,
  payload: object,
  unsubscribeUrl?: string,
): RenderedMessage {
  const template: TemplateEntry = templates[eventType] ?? GENERIC;
  // Codes read in the language of the template used, English when it is the fallback.
  const own = template[language];
  // The one untyped step: the event type says which payload class this is (the envelope was
  // validated against it), and the template of that type reads that class.
  const draft = own
    ? own(shownIn(payload, language) as never)
    : template.en(shownIn(payload, 'en') as never);
  const footer = unsubscribeUrl ? [`${UNSUBSCRIBE[language]}: ${unsubscribeUrl}`] : [];
  const text = [...draft.lines, '', ...footer].join('\n').trim();
  const html = [
    ...draft.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    ...(unsubscribeUrl
      ? [`<p><a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(UNSUBSCRIBE[language])}</a></p>`]
      : []),
  ].join('\n');
  return { subject: draft.subject, text, html, sms: draft.sms };
}
