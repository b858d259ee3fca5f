import i18next, { type TFunction } from 'i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from './api';
import type { Identity } from './auth';
import {
  feedbackQuery,
  mayCategorise,
  NO_FEEDBACK_FILTERS,
  publicFeedbackBody,
  retryMinutes,
  seesPhone,
  summaryLines,
  summaryQuery,
} from './feedback';
import {
  citationText,
  contentsText,
  diffLines,
  parseContents,
  type KitVersion,
} from './kit-versions';
import { en } from './locales/en';
import { kk } from './locales/kk';
import { ru } from './locales/ru';
import {
  distanceText,
  movementBody,
  NO_STOCK,
  stockBody,
  stockByRegion,
  stockOfferQuantity,
} from './stock';

let t: TFunction;
let tk: TFunction;
let tr: TFunction;
beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: { en: { translation: en }, kk: { translation: kk }, ru: { translation: ru } },
    lng: 'en',
    interpolation: { escapeValue: false },
  });
  t = i18n.getFixedT('en');
  tk = i18n.getFixedT('kk');
  tr = i18n.getFixedT('ru');
});

const operator: Identity = { sub: 'op-aliya', name: 'Aliya', roles: ['operator'], org: null };
const unicef: Identity = { sub: 'dana', name: 'Dana', roles: ['agency'], org: 'UNICEF' };

describe('the public feedback form', () => {
  it('sends the words trimmed, the page language, and only what the person added', () => {
    expect(
      publicFeedbackBody({ text: '  сабын жоқ ', regionCode: '', itemCode: '' }, 'kk'),
    ).toEqual({ text: 'сабын жоқ', language: 'kk' });
    expect(
      publicFeedbackBody(
        { text: 'no nappies', regionCode: 'KZ-15', itemCode: 'WASH-HYGIENE-KIT' },
        'en',
      ),
    ).toEqual({
      text: 'no nappies',
      language: 'en',
      regionCode: 'KZ-15',
      itemCode: 'WASH-HYGIENE-KIT',
    });
  });

  it('tells how long to wait after a 429 from its Retry-After header, in whole minutes', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          new Response(JSON.stringify({ status: 429, code: 'too_many_feedback', detail: 'x' }), {
            status: 429,
            headers: { 'Retry-After': '125' },
          }),
        ),
      ),
    );
    const error = await api('/api/notification/feedback', { body: { text: 'a' } }).catch(
      (e: unknown) => e,
    );
    vi.unstubAllGlobals();
    expect(error).toBeInstanceOf(ApiError);
    const problem = (error as ApiError).problem;
    expect(problem.code).toBe('too_many_feedback');
    expect(problem.retryAfterSeconds).toBe(125);
    expect(retryMinutes(problem.retryAfterSeconds)).toBe(3);
    expect(retryMinutes(undefined)).toBe(1);
    expect(retryMinutes(20)).toBe(1);
  });
});

describe('the feedback screen', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the phone number and the categorising controls to the ministry only', () => {
    expect(seesPhone(operator)).toBe(true);
    expect(mayCategorise(operator)).toBe(true);
    expect(seesPhone(unicef)).toBe(false);
    expect(mayCategorise(unicef)).toBe(false);
    expect(seesPhone(null)).toBe(false);
  });

  it('asks the API with the chosen filters only; the summary for the same incident and item', () => {
    const filters = {
      ...NO_FEEDBACK_FILTERS,
      itemCode: 'WASH-HYGIENE-KIT',
      category: 'missing-item',
      handled: 'false' as const,
    };
    expect(feedbackQuery(filters, 'c1', 20)).toBe(
      '?itemCode=WASH-HYGIENE-KIT&category=missing-item&handled=false&cursor=c1&limit=20',
    );
    expect(summaryQuery(filters)).toBe('?itemCode=WASH-HYGIENE-KIT');
  });

  it('says per item how many responded, what was said most, and the categories by count', () => {
    const lines = summaryLines(
      {
        total: 40,
        items: [
          {
            itemCode: 'WASH-HYGIENE-KIT',
            count: 37,
            categories: { uncategorised: 8, 'missing-item': 20, quality: 9 },
            topWords: [
              { word: 'nappies', count: 20 },
              { word: 'soap', count: 9 },
            ],
          },
          { itemCode: null, count: 3, categories: { other: 3 }, topWords: [] },
        ],
      },
      t,
      'en',
    );
    expect(lines[0]?.text).toBe(
      'Sanitary and hygiene kit — responses: 37; most often: nappies, soap',
    );
    expect(lines[0]?.categories).toBe('missing item 20 · quality 9 · not categorised 8');
    expect(lines[1]?.text).toBe('No item named — responses: 3');
  });
});

const v1: KitVersion = {
  itemCode: 'WASH-HYGIENE-KIT',
  version: 1,
  contents: [{ itemCode: null, name: 'Soap', quantity: 2, unit: 'piece' }],
  note: null,
  citation: null,
  publishedAt: '2026-04-01T00:00:00Z',
  publishedBy: 'seed',
};
const v2: KitVersion = {
  ...v1,
  version: 2,
  note: 'nappies added',
  citation: {
    feedbackCount: 37,
    incidentId: null,
    regionCode: 'KZ-15',
    category: 'missing-item',
    summary: '37 responses from Aktobe: no nappies in the kit',
  },
};

describe('kit versions', () => {
  it('write a diff as added, removed and changed lines, units in the reader’s words', () => {
    const diff = {
      itemCode: 'WASH-HYGIENE-KIT',
      from: 1,
      to: 2,
      added: [{ itemCode: null, name: 'Disposable nappies', quantity: 30, unit: 'piece' }],
      removed: [{ itemCode: null, name: 'Towel', quantity: 1, unit: 'piece' }],
      changed: [{ itemCode: null, name: 'Soap', unit: 'piece', from: 2, to: 4 }],
    };
    expect(diffLines(diff, t, 'en')).toEqual([
      { kind: 'added', text: 'Added: Disposable nappies, 30 piece' },
      { kind: 'removed', text: 'Removed: Towel, 1 piece' },
      { kind: 'changed', text: 'Soap: 2 → 4 piece' },
    ]);
    expect(diffLines(diff, tk, 'kk')[0]?.text).toBe('Қосылды: Disposable nappies, 30 дана');
    expect(diffLines({ ...diff, added: [], removed: [], changed: [] }, t, 'en')).toEqual([]);
  });

  it('cite the feedback behind a version: how many, from where', () => {
    expect(citationText(v2, t, 'en')).toBe('v2: nappies added — feedback: 37, Aktobe Region');
    expect(citationText(v2, tr, 'ru')).toBe(
      'версия 2: nappies added — отзывов: 37, Актюбинская область',
    );
    expect(citationText({ ...v2, note: null }, t, 'en')).toBe(
      'v2: 37 responses from Aktobe: no nappies in the kit — feedback: 37, Aktobe Region',
    );
    expect(citationText(v1, t, 'en')).toBeNull();
    expect(citationText({ ...v1, note: 'first' }, t, 'en')).toBe('v1: first');
  });

  it('read the publish form’s lines and name the first bad one', () => {
    expect(parseContents('Soap; 2; piece\n\n Disposable nappies ; 30 ; piece ')).toEqual({
      contents: [
        { itemCode: null, name: 'Soap', quantity: 2, unit: 'piece' },
        { itemCode: null, name: 'Disposable nappies', quantity: 30, unit: 'piece' },
      ],
      badLine: null,
    });
    expect(parseContents('Soap; 2; piece\nTowel; none; piece').badLine).toBe(2);
    expect(parseContents('Soap; 0; piece').badLine).toBe(1);
    expect(parseContents(contentsText(v1.contents)).contents).toEqual(v1.contents);
  });
});

describe('stock', () => {
  it('says how far a stockpile is from the request’s region', () => {
    expect(distanceText(1018.6, t, 'en')).toBe('≈ 1,019 km away');
    expect(distanceText(1018.6, tk, 'kk').replace(/\s/g, ' ')).toBe('≈ 1 019 км қашықтықта');
    expect(distanceText(0, t, 'en')).toBe('in the same region');
    expect(distanceText(Number.MAX_SAFE_INTEGER, tr, 'ru')).toBe('расстояние неизвестно');
  });

  it('adds up what is available per region for the map, leaving out what is not', () => {
    const map = stockByRegion([
      {
        region: 'KZ-19',
        itemCode: 'WASH-HYGIENE-KIT',
        unit: 'kit',
        available: 400,
        onHand: 400,
        stockpiles: 1,
      },
      {
        region: 'KZ-19',
        itemCode: 'NFI-BLANKET',
        unit: 'piece',
        available: 100,
        onHand: 150,
        stockpiles: 2,
      },
      {
        region: 'KZ-15',
        itemCode: 'NFI-BLANKET',
        unit: 'piece',
        available: 0,
        onHand: 50,
        stockpiles: 1,
      },
    ]);
    expect(map.get('KZ-19')?.available).toBe(500);
    expect(map.get('KZ-19')?.items).toHaveLength(2);
    expect(map.has('KZ-15')).toBe(false);
  });

  it('offers from a stockpile at most what the request lacks', () => {
    expect(stockOfferQuantity({ available: 400 }, 150)).toBe(150);
    expect(stockOfferQuantity({ available: 100 }, 150)).toBe(100);
    expect(stockOfferQuantity({ available: 100 }, -5)).toBe(0);
  });

  it('sends a stockpile and a movement with numbers as numbers and blanks left out', () => {
    expect(
      stockBody({
        ...NO_STOCK,
        region: 'KZ-19',
        warehouse: ' Qonaev ',
        itemCode: 'WASH-HYGIENE-KIT',
        unit: 'kit',
        quantity: '400',
      }),
    ).toEqual({
      region: 'KZ-19',
      warehouse: 'Qonaev',
      itemCode: 'WASH-HYGIENE-KIT',
      unit: 'kit',
      quantity: 400,
    });
    expect(movementBody('received', '50', '')).toEqual({ kind: 'received', quantity: 50 });
    expect(movementBody('written-off', '5', ' flooded ')).toEqual({
      kind: 'written-off',
      quantity: 5,
      reason: 'flooded',
    });
  });
});
