import type { PayloadOf } from '@relief/contracts';
import type { NOTIFIABLE_EVENT_TYPES } from '../matching/event.consumer';
import type { Language } from '../subscribers/subscriber';
import { localize, type Localized } from './vocabulary';

export type NotifiableEventType = (typeof NOTIFIABLE_EVENT_TYPES)[number];

/** What a template writes for one language; render derives text and html from the lines. */
export interface Draft {
  subject: string;
  lines: string[];
  sms: string;
}

/**
 * A payload as a reader sees it: every value a string, `-` for a missing one, a list
 * comma-separated; nested objects (figures, coverage) keep their fields. Keys stay those of the
 * contract class, so a renamed or removed field breaks the build.
 */
export type Shown<T> = T extends readonly unknown[]
  ? string
  : T extends object
    ? { readonly [K in keyof T]: Shown<T[K]> }
    : string;

/** Writes one language's draft from the payload as shown in that language. */
export type Compose<P> = (p: Shown<Localized<P>>) => Draft;

/** One event's template: every language, so a missing translation is a build error. */
export type Template<P> = Readonly<Record<Language, Compose<P>>>;

/** The templates of one event group (`incident`, `request`, `offer`), one per notifiable type. */
export type TemplatesOf<Group extends string> = {
  readonly [T in Extract<NotifiableEventType, `${Group}.${string}`>]: Template<PayloadOf<T>>;
};

/**
 * A template as render looks it up by a type known only at run time: any payload class, a
 * language left out falls back to English.
 */
export type TemplateEntry = Readonly<
  Partial<Record<Language, Compose<never>>> & { en: Compose<never> }
>;

function show(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return '-';
  if (Array.isArray(value)) return value.length > 0 ? value.map(String).join(', ') : '-';
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, show(field)]));
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The payload in `language`'s words, as the reader sees it. */
export function shownIn<P extends object>(payload: P, language: Language): Shown<Localized<P>> {
  return show(localize(payload, language)) as Shown<Localized<P>>;
}

/** A day: `neededBy` travels as midnight UTC (2024-04-05T00:00:00.000Z); people read 2024-04-05. */
export function day(shown: string): string {
  return shown.replace(/^(\d{4}-\d{2}-\d{2})T00:00:00(\.0+)?Z$/, '$1');
}
