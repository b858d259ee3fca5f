import { EVENT_EXAMPLES, HAZARDS, SEVERITIES, URGENCIES } from '@relief/contracts';
import { LANGUAGES } from '../subscribers/subscriber';
import { render } from './templates';
import { deadlineIn, kazakhDative, kazakhLocative, localize, russianForms } from './vocabulary';

describe('vocabulary', () => {
  it('reads codes as words of the language (the console generates its words from this)', () => {
    const payload = {
      hazard: 'FL',
      region: 'KZ-15',
      severity: 'Severe',
      previousSeverity: 'Moderate',
      urgency: 'Immediate',
      itemCode: 'WASH-HYGIENE-KIT',
      itemName: 'Sanitary and hygiene kit',
      unit: 'kit',
      quantity: 400,
    };
    expect(localize(payload, 'kk')).toEqual({
      ...payload,
      hazard: 'су тасқыны',
      region: 'Ақтөбе облысы',
      severity: 'жоғары',
      previousSeverity: 'орташа',
      urgency: 'дереу',
      itemName: 'санитарлық-гигиеналық жиынтық',
      unit: 'жинақ',
    });
    expect(localize(payload, 'ru')).toMatchObject({
      hazard: 'наводнение',
      region: 'Актюбинская область',
      itemName: 'санитарно-гигиенический набор',
      unit: 'компл.',
    });
    expect(localize(payload, 'en')).toEqual({
      ...payload,
      hazard: 'flood',
      region: 'Aktobe Region',
    });
  });

  it('shows what it has no words for as it came: a free item, a region of another country', () => {
    const payload = { region: 'KG-C', itemCode: null, itemName: 'Diesel fuel', unit: 'litre' };
    expect(localize(payload, 'ru')).toEqual({ ...payload, unit: 'л' });
  });

  it('has words for every hazard, severity and urgency of the contracts in every language', () => {
    for (const language of LANGUAGES) {
      for (const hazard of HAZARDS) expect(localize({ hazard }, language).hazard).not.toBe(hazard);
      if (language === 'en') continue;
      for (const severity of SEVERITIES) {
        expect(localize({ severity }, language).severity).not.toBe(severity);
      }
      for (const urgency of URGENCIES)
        expect(localize({ urgency }, language).urgency).not.toBe(urgency);
    }
  });

  it('holds the Russian cases of catalogue items', () => {
    expect(russianForms('SHELTER-TENT-FAMILY')).toMatchObject({
      nom: ['семейная палатка', 'семейные палатки'],
      gen: ['семейной палатки', 'семейных палаток'],
      acc: ['семейную палатку', 'семейные палатки'],
    });
    expect(russianForms('WASH-DRINKING-WATER')).toMatchObject({
      mass: true,
      gen: ['питьевой воды', 'питьевой воды'],
    });
  });

  it('writes Kazakh locative and dative, and deadlines in each language', () => {
    expect(kazakhLocative('Ақтөбе облысы', true)).toBe('Ақтөбе облысында');
    expect(kazakhLocative('Түркістан облысы', true)).toBe('Түркістан облысында');
    expect(kazakhDative('сәуір')).toBe('сәуірге');
    expect(kazakhDative('қазан')).toBe('қазанға');
    expect(kazakhDative('қыркүйек')).toBe('қыркүйекке');
    expect(deadlineIn('2024-04-05T00:00:00.000Z', 'kk')).toBe('2024 жылғы 5 сәуірге дейін');
    expect(deadlineIn('2024-04-05T00:00:00.000Z', 'ru')).toBe('до 5 апреля 2024 года');
    expect(deadlineIn('2024-04-05T00:00:00.000Z', 'en', true)).toBe('by 5 April');
  });

  it('is what the messages say', () => {
    const reported = {
      ...EVENT_EXAMPLES['incident.reported'],
      region: 'KZ-15',
      hazard: 'FL' as const,
    };
    const kk = render('incident.reported', 'kk', reported);
    expect(kk.text).toContain('Ақтөбе облысында жаңа оқиға тіркелді');
    expect(kk.text).toContain('Қауіп: су тасқыны.');
    const ru = render('incident.reported', 'ru', reported);
    expect(ru.sms).toContain('новый инцидент, наводнение, Актюбинская область');
    expect(ru.text).not.toMatch(/KZ-15|\bFL\b/);
  });
});
