import { latinLeftovers } from './visible-text';

describe('latinLeftovers (the browser tests’ "no English fallback" check)', () => {
  it('finds an English label left on a Kazakh screen', () => {
    expect(latinLeftovers('Оқиғалар\nFile an incident\nЖағдай картасы')).toEqual([
      'File',
      'an',
      'incident',
    ]);
  });

  it('lets codes, partner names and what the user typed stay', () => {
    const screen =
      'FL-2026-KZ-AKT-0001 · KZ-15 · Ақтөбе облысы\nUNICEF: 300 жинақ, RCS-KZ: 150\nSpring flood on the Ilek river\nCAP 1.2';
    expect(latinLeftovers(screen, ['Spring flood on the Ilek river'])).toEqual([]);
    expect(latinLeftovers(screen)).toEqual(['Spring', 'flood', 'on', 'the', 'Ilek', 'river']);
  });

  it('takes a pattern in the allowlist as often as it occurs', () => {
    expect(latinLeftovers('Aliya Nurlanovna, Aliya Nurlanovna', [/Aliya Nurlanovna/])).toEqual([]);
  });
});
