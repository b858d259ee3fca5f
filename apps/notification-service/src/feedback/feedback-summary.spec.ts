import { topWords } from './feedback-summary';

describe('topWords', () => {
  it('counts a word once per text, with and without Kazakh letters, and shows it as written', () => {
    const words = topWords([
      'ЖИНАҚ Ақтөбе: балаларға жөргек керек',
      'жинак: жоргек жок, жөргек керек',
      'Жөргек жоқ',
    ]);
    expect(words[0]).toEqual({ word: 'жөргек', count: 3 });
    expect(words.map((w) => w.word)).toContain('жинақ');
    expect(words.map((w) => w.word)).not.toContain('жоргек');
  });

  it('leaves out short words, numbers and filler words, most frequent first', () => {
    expect(topWords(['мыла мало, 2 куска', 'мыла', 'и мыла'])).toEqual([
      { word: 'мыла', count: 3 },
      { word: 'куска', count: 1 },
      { word: 'мало', count: 1 },
    ]);
  });
});
