import { describe, expect, it } from 'vitest';
import vocabulary from './generated/vocabulary.json';
import { en } from './locales/en';
import { kk } from './locales/kk';
import { ru } from './locales/ru';
import { formatDate, formatNumber, intlLocale } from './i18n';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk2, vv] of flatten(v, key)) out.set(kk2, vv);
  }
  return out;
}

/** Codes and proper names a Kazakh or Russian text may keep in Latin letters. */
const ALLOWED_LATIN = new Set(['CAP']);

function latinWords(text: string): string[] {
  const withoutPlaceholders = text.replace(/\{\{[^}]+\}\}/g, '');
  return (withoutPlaceholders.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !ALLOWED_LATIN.has(w));
}

const english = flatten(en);

describe.each([
  ['kk', kk],
  ['ru', ru],
])('%s messages', (_lang, messages) => {
  const translated = flatten(messages);

  it('have every key of the English set, and no other', () => {
    expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('are not empty and keep the placeholders of the English text', () => {
    for (const [key, text] of english) {
      const mine = translated.get(key) ?? '';
      expect(mine.trim(), key).not.toBe('');
      const placeholders = (s: string): string[] => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
      expect(placeholders(mine), key).toEqual(placeholders(text));
    }
  });

  it('leave no English behind (only the CAP standard’s name)', () => {
    const leftovers = [...translated].filter(([, text]) => latinWords(text).length > 0);
    expect(leftovers).toEqual([]);
  });
});

describe('the generated vocabulary', () => {
  const tables = {
    regions: vocabulary.regions,
    hazards: vocabulary.hazards,
    severities: vocabulary.severities,
    urgencies: vocabulary.urgencies,
    incidentStatuses: vocabulary.incidentStatuses,
    units: vocabulary.units,
    items: vocabulary.items,
  } as Record<string, Record<string, Record<string, string>>>;

  it('has the 20 regions of 2022 (17 regions, 3 cities)', () => {
    expect(Object.keys(vocabulary.regions)).toHaveLength(20);
    expect(vocabulary.regions['KZ-15'].kk).toBe('Ақтөбе облысы');
  });

  it.each(Object.keys(tables))('%s: a word in kk, ru and en for every code', (name) => {
    for (const [code, words] of Object.entries(tables[name] ?? {})) {
      for (const lang of ['kk', 'ru', 'en']) {
        expect(words[lang], `${name} ${code} ${lang}`).toBeTruthy();
      }
      for (const lang of ['kk', 'ru']) {
        expect(latinWords(words[lang] ?? ''), `${name} ${code} ${lang}`).toEqual([]);
      }
    }
  });
});

describe('numbers and dates in the locale', () => {
  it('are written for Kazakh as in Kazakhstan, whatever locale data the browser has', () => {
    expect(intlLocale('kk')).toBe('ru-KZ');
    expect(formatNumber(5400, 'kk').replace(/\s/g, ' ')).toBe('5 400');
    expect(formatDate('2026-12-02T10:00:00Z', 'kk')).toBe('02.12.2026');
    expect(formatNumber(5400, 'en')).toBe('5,400');
  });
});
