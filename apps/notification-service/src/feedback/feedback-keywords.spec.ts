import fc from 'fast-check';
import { REGIONS } from '@relief/contracts';
import { HYGIENE_KIT_CODE, parseFeedback } from './feedback-keywords';

describe('parseFeedback', () => {
  it.each([
    ['KIT 2 no soap', HYGIENE_KIT_CODE, 'missing-item'],
    ['ЖИНАҚ 2 сабын жоқ', HYGIENE_KIT_CODE, 'missing-item'],
    ['НАБОР: нет подгузников', HYGIENE_KIT_CODE, 'missing-item'],
    ['набор мыло маленькое', HYGIENE_KIT_CODE, 'quality'],
    ['Жинақ аз', HYGIENE_KIT_CODE, 'quantity'],
    ['kits: not enough for the family', HYGIENE_KIT_CODE, 'quantity'],
    ['WASH-HYGIENE-KIT broken', 'WASH-HYGIENE-KIT', 'quality'],
    ['Спасибо за помощь', null, null],
  ])('%s → item %s, category %s', (text, itemCode, category) => {
    expect(parseFeedback(text)).toMatchObject({ command: null, itemCode, category });
  });

  it.each([
    ['Ақтөбе, жинақ жоқ', 'KZ-15'],
    ['Актобе нет набора', 'KZ-15'],
    ['В Актюбинской области нет воды', 'KZ-15'],
    ['Aktobe: kit missing', 'KZ-15'],
    ['KZ-15 kit', 'KZ-15'],
    ['Батыс Қазақстан облысы', 'KZ-27'],
    ['Западно-Казахстанская область', 'KZ-27'],
    ['no soap', null],
  ])('%s → region %s', (text, regionCode) => {
    expect(parseFeedback(text).regionCode).toBe(regionCode);
  });

  it('does not take a region code for an item code', () => {
    expect(parseFeedback('KZ-15 no water')).toMatchObject({ itemCode: null, regionCode: 'KZ-15' });
  });

  it.each(['STOP', 'stop', 'Stop.', 'СТОП', 'стоп', 'ТОҚТАТУ', 'тоқтату', 'ТОКТАТУ', 'CTOП'])(
    '%s stops',
    (text) => expect(parseFeedback(text)).toEqual(expect.objectContaining({ command: 'stop' })),
  );

  it.each(['START', 'start', 'СТАРТ', 'старт', 'БАСТАУ', 'бастау'])('%s starts', (text) =>
    expect(parseFeedback(text).command).toBe('start'),
  );

  it('reads a command only as the first word', () => {
    expect(parseFeedback('please do not stop the kits').command).toBeNull();
  });
});

/** A keyword written as people type it: any case, with spaces and punctuation around. */
const typed = (words: readonly string[]) =>
  fc
    .tuple(
      fc.constantFrom(...words),
      fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
      fc.constantFrom('', ' ', '  ', '\n'),
      fc.constantFrom('', '.', '!', ' ', ','),
    )
    .map(
      ([word, upper, before, after]) =>
        before +
        [...word].map((c, i) => (upper[i % 12] ? c.toUpperCase() : c.toLowerCase())).join('') +
        after,
    );

/** Free words that are no keyword in any of the three languages. */
const filler = fc.constantFrom('семья', 'отбасы', 'family', 'сегодня', 'бүгін', 'today', '2', '3');

describe('parseFeedback (properties)', () => {
  it('finds the hygiene kit from its keyword in kk, ru and en, in any case and place', () => {
    fc.assert(
      fc.property(
        fc.array(filler, { maxLength: 3 }),
        typed(['KIT', 'ЖИНАҚ', 'НАБОР', 'жинак']),
        fc.array(filler, { maxLength: 3 }),
        (before, keyword, after) => {
          const text = [...before, keyword, ...after].join(' ');
          expect(parseFeedback(text).itemCode).toBe(HYGIENE_KIT_CODE);
        },
      ),
    );
  });

  it('reads STOP and START in the three languages in any case, and only as the first word', () => {
    fc.assert(
      fc.property(
        typed(['STOP', 'СТОП', 'ТОҚТАТУ']),
        typed(['START', 'СТАРТ', 'БАСТАУ']),
        fc.array(filler, { maxLength: 3 }),
        (stop, start, rest) => {
          expect(parseFeedback([stop, ...rest].join(' ')).command).toBe('stop');
          expect(parseFeedback([start, ...rest].join(' ')).command).toBe('start');
          expect(parseFeedback(['family', stop, ...rest].join(' ')).command).toBeNull();
        },
      ),
    );
  });

  it('finds every region from its code or its name in each language', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REGIONS.filter((r) => r.category === 'region')),
        fc.constantFrom('kk' as const, 'ru' as const, 'en' as const, 'code' as const),
        fc.array(filler, { maxLength: 2 }),
        (region, how, rest) => {
          const name = how === 'code' ? region.code : region.names[how];
          expect(parseFeedback([...rest, name, 'kit'].join(' ')).regionCode).toBe(region.code);
        },
      ),
    );
  });

  it('never throws and answers only known values, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const parsed = parseFeedback(text);
        expect([null, 'stop', 'start']).toContain(parsed.command);
        expect([null, 'missing-item', 'quality', 'quantity', 'other']).toContain(parsed.category);
        if (parsed.regionCode) expect(REGIONS.map((r) => r.code)).toContain(parsed.regionCode);
        if (parsed.itemCode) expect(parsed.itemCode).toMatch(/^[A-Z0-9][A-Z0-9._-]{0,63}$/);
      }),
    );
  });
});
