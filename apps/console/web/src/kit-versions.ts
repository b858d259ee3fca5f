/** Kit compositions (resource-request-service's catalogue versions): the diff and the citation in words. */
import { formatNumber } from './i18n';
import type { Translate } from './problems';
import { regionName, unitName, type Language } from './vocabulary';

export interface KitEntry {
  itemCode: string | null;
  name: string;
  quantity: number;
  unit: string;
}

export interface KitCitation {
  feedbackCount: number;
  incidentId: string | null;
  regionCode: string | null;
  category: string | null;
  summary: string;
}

export interface KitVersion {
  itemCode: string;
  version: number;
  contents: KitEntry[];
  note: string | null;
  citation: KitCitation | null;
  publishedAt: string;
  publishedBy: string;
}

export interface KitDiff {
  itemCode: string;
  from: number;
  to: number;
  added: KitEntry[];
  removed: KitEntry[];
  changed: { itemCode: string | null; name: string; unit: string; from: number; to: number }[];
}

export interface DiffLine {
  kind: 'added' | 'removed' | 'changed';
  text: string;
}

/** The diff as lines a reader scans: added, then removed, then quantities changed. */
export function diffLines(diff: KitDiff, t: Translate, lang: Language): DiffLine[] {
  const n = (v: number): string => formatNumber(v, lang);
  return [
    ...diff.added.map((e) => ({
      kind: 'added' as const,
      text: t('kits.added', {
        name: e.name,
        quantity: n(e.quantity),
        unit: unitName(e.unit, lang),
      }),
    })),
    ...diff.removed.map((e) => ({
      kind: 'removed' as const,
      text: t('kits.removed', {
        name: e.name,
        quantity: n(e.quantity),
        unit: unitName(e.unit, lang),
      }),
    })),
    ...diff.changed.map((c) => ({
      kind: 'changed' as const,
      text: t('kits.changed', {
        name: c.name,
        from: n(c.from),
        to: n(c.to),
        unit: unitName(c.unit, lang),
      }),
    })),
  ];
}

/**
 * Why a version was published, in one line: "v2: nappies added — feedback: 37 (Aktobe Region)";
 * the note, else the citation's summary; null for a version that says nothing about itself.
 */
export function citationText(v: KitVersion, t: Translate, lang: Language): string | null {
  const label = t('kits.version', { version: v.version });
  const what = v.note ?? v.citation?.summary ?? null;
  if (!v.citation) return what ? `${label}: ${what}` : null;
  const count = formatNumber(v.citation.feedbackCount, lang);
  const cited = v.citation.regionCode
    ? t('kits.citedFrom', { count, region: regionName(v.citation.regionCode, lang) })
    : t('kits.cited', { count });
  return `${label}: ${what ?? v.citation.summary} — ${cited}`;
}

/** The publish form's contents, one entry per line "name; quantity; unit" (blank lines skipped). */
export function parseContents(text: string): { contents: KitEntry[]; badLine: number | null } {
  const contents: KitEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? '';
    if (!line) continue;
    const [name, quantity, unit] = line.split(';').map((part) => part.trim());
    const q = Number(quantity);
    if (!name || !unit || !Number.isFinite(q) || q <= 0) return { contents, badLine: i + 1 };
    contents.push({ itemCode: null, name, quantity: q, unit });
  }
  return { contents, badLine: null };
}

/** The contents of a version as the publish form shows them (to start the next one from). */
export function contentsText(contents: readonly KitEntry[]): string {
  return contents.map((e) => `${e.name}; ${e.quantity}; ${e.unit}`).join('\n');
}
