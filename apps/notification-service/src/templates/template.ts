import type { EventType, PayloadOf } from '@relief/contracts';
import { IntlMessageFormat } from 'intl-messageformat';
import type { NOTIFIABLE_EVENT_TYPES } from '../matching/event.consumer';
import type { Language } from '../subscribers/subscriber';

export type NotifiableEventType = (typeof NOTIFIABLE_EVENT_TYPES)[number];

/**
 * Who reads a message: `owner` is the partner organisation whose offer the event is about (it
 * reads "your offer"), `others` everybody else the event is sent to (the ministry, agencies,
 * other partners: "UNICEF's offer"). Only offer events have an owner. Feedback is read by
 * `operator` (the ministry's staff: the sender's words and the category) and `partner` (the
 * category, never the words: they may name people).
 */
export const AUDIENCES = ['owner', 'others', 'operator', 'partner'] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * One language's wording for one audience, in ICU MessageFormat (plural, select, number): the
 * subject, the email's lines (a line left empty by its arguments is dropped) and the SMS.
 */
export interface Wording {
  subject: string;
  lines: readonly string[];
  sms: string;
}

/** The values a template's messages are formatted with: words already in the language. */
export type Args = Readonly<Record<string, string | number | boolean>>;

/**
 * One event's template: the audiences it is written for, the message arguments in a language
 * (the payload class types them), and the wording for every language and every audience it
 * states, so a missing translation or audience is a build error.
 */
export interface Template<P, A extends Audience = 'others'> {
  readonly audiences: readonly A[];
  readonly args: (payload: P, language: Language) => Args;
  readonly wording: Readonly<Record<Language, Readonly<Record<A, Wording>>>>;
}

/**
 * The templates of one event group (`incident`, `request`, `offer`): every notifiable type of the
 * group must have one; other catalogued types of the group may have one too (ready for when they
 * become notifiable).
 */
export type TemplatesOf<Group extends string, A extends Audience = 'others'> = {
  readonly [T in Extract<NotifiableEventType, `${Group}.${string}`>]: Template<PayloadOf<T>, A>;
} & {
  readonly [T in Exclude<Extract<EventType, `${Group}.${string}`>, NotifiableEventType>]?: Template<
    PayloadOf<T>,
    A
  >;
};

/** A template as render looks it up by a type known only at run time. */
export interface TemplateEntry {
  readonly audiences: readonly Audience[];
  readonly args: (payload: never, language: Language) => Args;
  readonly wording: Readonly<
    Partial<Record<Language, Readonly<Partial<Record<Audience, Wording>>>>> & {
      en: Readonly<Partial<Record<Audience, Wording>>>;
    }
  >;
}

/** What one template writes: the subject, the email's lines and the SMS. */
export interface Draft {
  subject: string;
  lines: string[];
  sms: string;
}

const compiled = new Map<string, IntlMessageFormat>();

/** One ICU message formatted in `language` (compiled once, then cached). */
export function formatMessage(source: string, language: Language, args: Args): string {
  const key = `${language}\u0000${source}`;
  let message = compiled.get(key);
  if (!message) {
    message = new IntlMessageFormat(source, language, undefined, { ignoreTag: true });
    compiled.set(key, message);
  }
  return String(message.format(args));
}

/** Runs of spaces closed up, a space before punctuation removed (an argument left empty). */
function tidy(text: string): string {
  return text
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ ([,.;:)»”])/g, '$1')
    .trim();
}

/** A sentence starts with a capital (a line may open with a word from the vocabulary). */
function capitalized(line: string): string {
  return line.charAt(0).toLocaleUpperCase() + line.slice(1);
}

/** The draft of `wording` for `args` in `language`. */
export function draft(wording: Wording, language: Language, args: Args): Draft {
  return {
    subject: tidy(formatMessage(wording.subject, language, args)),
    lines: wording.lines
      .map((line) => capitalized(tidy(formatMessage(line, language, args))))
      .filter((line) => line !== ''),
    sms: tidy(formatMessage(wording.sms, language, args)),
  };
}
