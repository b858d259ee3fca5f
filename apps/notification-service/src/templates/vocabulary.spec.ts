import { EVENT_EXAMPLES, HAZARDS, SEVERITIES, URGENCIES } from '@relief/contracts';
import { LANGUAGES } from '../subscribers/subscriber';
import { render } from './templates';
import { localize } from './vocabulary';

describe('vocabulary', () => {
  it('reads codes as words of the language', () => {
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
    // English keeps CAP's words and the catalogue's own name; hazard and region become words.
    expect(localize(payload, 'en')).toEqual({
      ...payload,
      hazard: 'flood',
      region: 'Aktobe Region',
    });
  });

  it('names incident statuses', () => {
    const changed = { previousStatus: 'active', status: 'contained' };
    expect(localize(changed, 'kk')).toEqual({ previousStatus: 'белсенді', status: 'оқшауланды' });
    expect(localize(changed, 'ru')).toEqual({ previousStatus: 'активен', status: 'локализован' });
    expect(localize(changed, 'en')).toEqual(changed);
  });

  it('shows what it has no words for as it came: a free item, a region of another country', () => {
    const payload = {
      region: 'KG-C',
      itemCode: null,
      itemName: 'Diesel fuel',
      unit: 'litre',
    };
    expect(localize(payload, 'ru')).toEqual({ ...payload, unit: 'л' });
  });

  it('has words for every hazard, severity and urgency of the contracts in every language', () => {
    for (const language of LANGUAGES) {
      for (const hazard of HAZARDS) {
        expect(localize({ hazard }, language).hazard).not.toBe(hazard);
      }
      if (language === 'en') continue;
      for (const severity of SEVERITIES) {
        expect(localize({ severity }, language).severity).not.toBe(severity);
      }
      for (const urgency of URGENCIES) {
        expect(localize({ urgency }, language).urgency).not.toBe(urgency);
      }
    }
  });

  it('is what the messages say', () => {
    const reported = { ...EVENT_EXAMPLES['incident.reported'], region: 'KZ-15', hazard: 'FL' };
    const kk = render('incident.reported', 'kk', reported);
    expect(kk.text).toContain('Ақтөбе облысы аумағында жаңа оқиға тіркелді');
    expect(kk.text).toContain('Қауіп: су тасқыны.');
    const ru = render('incident.reported', 'ru', reported);
    expect(ru.sms).toContain('новый инцидент, Актюбинская область');
    expect(ru.text).not.toMatch(/KZ-15|\bFL\b/);
  });
});
