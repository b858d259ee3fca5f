import fc from 'fast-check';
import { detectLanguage } from './feedback-language';

describe('detectLanguage', () => {
  it.each([
    ['ЖИНАҚ 2 сабын жоқ', 'kk'],
    ['жинак жок', 'kk'],
    ['Рахмет', 'kk'],
    ['НАБОР нет мыла', 'ru'],
    ['Спасибо, всё получили', 'ru'],
    ['KIT 2 no soap', 'en'],
    ['STOP', 'en'],
    ['2', 'ru'],
  ])('%s → %s', (text, language) => expect(detectLanguage(text)).toBe(language));

  it('falls back for a text without letters', () => {
    expect(detectLanguage('42 !', 'kk')).toBe('kk');
  });
});

const KAZAKH = ['жинақ', 'сабын', 'жоқ', 'бүгін', 'отбасы', 'балалар', 'керек', 'рахмет', 'көп'];
const RUSSIAN = ['набор', 'мыло', 'нет', 'сегодня', 'семья', 'дети', 'нужно', 'спасибо', 'много'];
const ENGLISH = ['kit', 'soap', 'missing', 'today', 'family', 'children', 'need', 'thanks', 'many'];
const sentence = (words: string[]) =>
  fc
    .tuple(
      fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 6 }),
      fc.array(fc.constantFrom('1', '2', '10', ',', '!'), { maxLength: 2 }),
      fc.boolean(),
    )
    .map(([ws, extra, upper]) => {
      const text = [...ws, ...extra].join(' ');
      return upper ? text.toUpperCase() : text;
    });

describe('detectLanguage (properties)', () => {
  it('tells Kazakh, Russian and English sentences apart, in any case', () => {
    fc.assert(
      fc.property(sentence(KAZAKH), sentence(RUSSIAN), sentence(ENGLISH), (kk, ru, en) => {
        // A Kazakh sentence with at least one Kazakh word stays Kazakh among Russian words too.
        expect(detectLanguage(kk)).toBe('kk');
        expect(detectLanguage(`${ru} ${kk}`)).toBe('kk');
        expect(detectLanguage(ru)).toBe('ru');
        expect(detectLanguage(en)).toBe('en');
      }),
    );
  });
});
