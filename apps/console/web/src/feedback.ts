/** Feedback from affected people: the public form's body, the operators' filters and summary. */
import { query } from './api';
import type { Identity } from './auth';
import { isMinistry } from './auth';
import { formatNumber } from './i18n';
import type { Translate } from './problems';
import { compact } from './validation';
import { itemName, type Language } from './vocabulary';

/** notification-service's categories (FEEDBACK_CATEGORIES of @relief/contracts). */
export const FEEDBACK_CATEGORIES = ['missing-item', 'quality', 'quantity', 'other'] as const;
export const FEEDBACK_CHANNELS = ['sms', 'web'] as const;

export interface Feedback {
  id: string;
  channel: string;
  receivedAt: string;
  language: string;
  text: string;
  regionCode: string | null;
  incidentId: string | null;
  incidentReference: string | null;
  itemCode: string | null;
  category: string | null;
  handled: boolean;
  version: number;
  /** Operators and admins only (personal data); never sent to agencies. */
  phone?: string | null;
}

export interface FeedbackPage {
  items: Feedback[];
  nextCursor: string | null;
}

export interface FeedbackSummary {
  total: number;
  items: {
    itemCode: string | null;
    count: number;
    /** Category → count; 'uncategorised' for feedback nobody has categorised yet. */
    categories: Record<string, number>;
    topWords: { word: string; count: number }[];
  }[];
}

/** The public form as typed (blank: not given). */
export interface PublicFeedbackFields {
  text: string;
  regionCode: string;
  itemCode: string;
}

/**
 * The body of POST /feedback: the words, and only what the person chose to add; the language is
 * the one the page is shown in (the person picked it, or the browser's).
 */
export function publicFeedbackBody(
  form: PublicFeedbackFields,
  language: Language,
): Record<string, unknown> {
  return compact({
    text: form.text.trim(),
    language,
    regionCode: form.regionCode,
    itemCode: form.itemCode,
  });
}

/** Whole minutes to wait after a 429 (Retry-After seconds), at least one. */
export function retryMinutes(retryAfterSeconds: unknown): number {
  const s = typeof retryAfterSeconds === 'number' && retryAfterSeconds > 0 ? retryAfterSeconds : 60;
  return Math.max(1, Math.ceil(s / 60));
}

/** The list's filters as chosen ('' = any). */
export interface FeedbackFilters {
  incidentId: string;
  regionCode: string;
  itemCode: string;
  category: string;
  handled: '' | 'true' | 'false';
  channel: string;
}

export const NO_FEEDBACK_FILTERS: FeedbackFilters = {
  incidentId: '',
  regionCode: '',
  itemCode: '',
  category: '',
  handled: '',
  channel: '',
};

export function feedbackQuery(filters: FeedbackFilters, cursor?: string, limit = 50): string {
  return query({ ...filters, cursor, limit });
}

/** The summary is asked for the same incident and item the list is filtered by. */
export function summaryQuery(filters: FeedbackFilters): string {
  return query({ incidentId: filters.incidentId, itemCode: filters.itemCode });
}

/** Who sees the sender's phone number: the ministry (the API sends it to nobody else). */
export const seesPhone = (identity: Identity | null): boolean => isMinistry(identity);
/** Who may categorise feedback and mark it handled (PATCH /feedback/:id). */
export const mayCategorise = (identity: Identity | null): boolean => isMinistry(identity);

/**
 * One line per item of the summary, most answered first: "Hygiene kit: 37 responses; most often:
 * nappies, soap" and the categories counted ("missing item 20 · quality 9 · not categorised 8").
 */
export function summaryLines(
  summary: FeedbackSummary,
  t: Translate,
  lang: Language,
): { itemCode: string | null; text: string; categories: string }[] {
  return summary.items.map((entry) => {
    const item = entry.itemCode
      ? itemName({ code: entry.itemCode, name: entry.itemCode }, lang)
      : t('feedback.noItem');
    const count = formatNumber(entry.count, lang);
    const words = entry.topWords.map((w) => w.word).join(', ');
    const text = words
      ? t('feedback.summaryWords', { item, count, words })
      : t('feedback.summaryLine', { item, count });
    const categories = Object.entries(entry.categories)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([category, n]) => `${t(`feedback.category.${category}`)} ${formatNumber(n, lang)}`)
      .join(' · ');
    return { itemCode: entry.itemCode, text, categories };
  });
}
