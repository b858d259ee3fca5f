import {
  ITEM_CODE_PATTERN,
  KIT_CITATION_CATEGORIES,
  MAX_KIT_ENTRIES,
  REGION_PATTERN,
  type KitCitationCategory,
} from '@relief/contracts';
import { CatalogueException } from './catalogue.exception';

/** One line of a kit: what is in it, how many per kit, in what unit. */
export interface KitEntry {
  /** Catalogue code when the content is itself a catalogue item; null otherwise. */
  itemCode: string | null;
  name: string;
  quantity: number;
  unit: string;
}

/** The feedback that led to a version, in the operator's words. */
export interface KitCitation {
  feedbackCount: number;
  incidentId: string | null;
  regionCode: string | null;
  category: KitCitationCategory | null;
  summary: string;
}

/** One published composition of a kit. Never edited: a change is a new version. */
export interface KitVersion {
  itemCode: string;
  version: number;
  contents: KitEntry[];
  note: string | null;
  citation: KitCitation | null;
  publishedAt: Date;
  publishedBy: string;
}

export interface NewKitVersion {
  contents: KitEntry[];
  note: string | null;
  citation: KitCitation | null;
}

/** An entry whose quantity (per kit) differs between two versions. */
export interface KitQuantityChange {
  itemCode: string | null;
  name: string;
  unit: string;
  from: number;
  to: number;
}

export interface KitDiff {
  itemCode: string;
  from: number;
  to: number;
  added: KitEntry[];
  removed: KitEntry[];
  changed: KitQuantityChange[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The next version of a kit: 1 for its first composition, one more than the latest otherwise.
 * The contents and citation are checked here, so a bad one is a 400 naming the field whoever
 * calls (the HTTP DTOs check shapes; this checks the rules).
 */
export function publishKitVersion(
  itemCode: string,
  latest: number | null,
  input: NewKitVersion,
  context: { by: string; now: Date },
): KitVersion {
  const contents = input.contents.map((entry, i) => checkEntry(entry, `contents[${i}]`));
  if (contents.length === 0) {
    throw CatalogueException.invalidField('kit_empty', 'contents', 'must list at least one item');
  }
  if (contents.length > MAX_KIT_ENTRIES) {
    throw CatalogueException.invalidField(
      'kit_too_large',
      'contents',
      `must list at most ${MAX_KIT_ENTRIES} items`,
    );
  }
  const seen = new Map<string, number>();
  contents.forEach((entry, i) => {
    const key = entryKey(entry);
    const first = seen.get(key);
    if (first !== undefined) {
      throw CatalogueException.invalidField(
        'kit_duplicate_entry',
        `contents[${i}]`,
        `lists ${entry.name} (${entry.unit}) again, as contents[${first}] does: give one line with the total`,
      );
    }
    seen.set(key, i);
  });
  return {
    itemCode,
    version: nextKitVersion(latest),
    contents,
    note: input.note?.trim() || null,
    citation: input.citation ? checkCitation(input.citation) : null,
    publishedAt: context.now,
    publishedBy: context.by,
  };
}

export function nextKitVersion(latest: number | null): number {
  return latest === null ? 1 : latest + 1;
}

/**
 * What changed from version `a` to version `b`: entries only in `b` (added), only in `a`
 * (removed), and in both with another quantity (changed). An entry is the same one in both
 * when its catalogue code (or, without one, its name, case aside) and its unit are the same;
 * a unit change therefore shows as one removed and one added.
 */
export function diffKitVersions(a: KitVersion, b: KitVersion): KitDiff {
  const before = new Map(a.contents.map((entry) => [entryKey(entry), entry]));
  const after = new Map(b.contents.map((entry) => [entryKey(entry), entry]));
  const changed: KitQuantityChange[] = [];
  for (const [key, entry] of after) {
    const old = before.get(key);
    if (old && old.quantity !== entry.quantity) {
      changed.push({
        itemCode: entry.itemCode,
        name: entry.name,
        unit: entry.unit,
        from: old.quantity,
        to: entry.quantity,
      });
    }
  }
  return {
    itemCode: b.itemCode,
    from: a.version,
    to: b.version,
    added: b.contents.filter((entry) => !before.has(entryKey(entry))),
    removed: a.contents.filter((entry) => !after.has(entryKey(entry))),
    changed,
  };
}

function entryKey(entry: KitEntry): string {
  const what = entry.itemCode ?? `name:${entry.name.trim().toLowerCase()}`;
  return `${what}|${entry.unit.trim().toLowerCase()}`;
}

function checkEntry(entry: KitEntry, field: string): KitEntry {
  if (!Number.isFinite(entry.quantity) || entry.quantity <= 0) {
    throw CatalogueException.invalidField(
      'invalid_kit_quantity',
      `${field}.quantity`,
      'must be a number above 0 (how many per kit)',
    );
  }
  if (entry.itemCode !== null && !ITEM_CODE_PATTERN.test(entry.itemCode)) {
    throw CatalogueException.invalidField(
      'invalid_item_code',
      `${field}.itemCode`,
      'must be a catalogue code such as WASH-SOAP, or null',
    );
  }
  const name = entry.name.trim();
  const unit = entry.unit.trim();
  if (name.length === 0 || name.length > 200) {
    throw CatalogueException.invalidField(
      'invalid_kit_entry',
      `${field}.name`,
      'must be 1 to 200 characters',
    );
  }
  if (unit.length === 0 || unit.length > 32) {
    throw CatalogueException.invalidField(
      'invalid_kit_entry',
      `${field}.unit`,
      'must be 1 to 32 characters',
    );
  }
  return { itemCode: entry.itemCode, name, quantity: entry.quantity, unit };
}

function checkCitation(citation: KitCitation): KitCitation {
  if (!Number.isInteger(citation.feedbackCount) || citation.feedbackCount < 0) {
    throw CatalogueException.invalidField(
      'invalid_citation',
      'citation.feedbackCount',
      'must be a whole number, 0 or more',
    );
  }
  if (citation.incidentId !== null && !UUID.test(citation.incidentId)) {
    throw CatalogueException.invalidField(
      'invalid_citation',
      'citation.incidentId',
      'must be a uuid or null',
    );
  }
  if (citation.regionCode !== null && !REGION_PATTERN.test(citation.regionCode)) {
    throw CatalogueException.invalidField(
      'invalid_citation',
      'citation.regionCode',
      'must be an ISO 3166-2 code such as KZ-15, or null',
    );
  }
  if (citation.category !== null && !KIT_CITATION_CATEGORIES.includes(citation.category)) {
    throw CatalogueException.invalidField(
      'invalid_citation',
      'citation.category',
      `must be one of ${KIT_CITATION_CATEGORIES.join(', ')}, or null`,
    );
  }
  const summary = citation.summary.trim();
  if (summary.length === 0 || summary.length > 1000) {
    throw CatalogueException.invalidField(
      'invalid_citation',
      'citation.summary',
      'must say in 1 to 1000 characters what the feedback was',
    );
  }
  return { ...citation, summary };
}
