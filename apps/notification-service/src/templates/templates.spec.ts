import { EVENT_EXAMPLES } from '@relief/contracts';
import { LANGUAGES } from '../subscribers/subscriber';
import { type TemplateEntry } from './template';
import { audiencesOf, render, renderWith, TEMPLATED_EVENT_TYPES, TEMPLATES } from './templates';

describe('templates', () => {
  it('render every templated type in every language and audience, never empty', () => {
    for (const type of TEMPLATED_EVENT_TYPES) {
      const example = EVENT_EXAMPLES[type as keyof typeof EVENT_EXAMPLES];
      for (const language of LANGUAGES) {
        for (const audience of audiencesOf(type)) {
          const m = render(type, language, example, { audience, unsubscribeUrl: 'http://x/u?t=t' });
          for (const part of [m.subject, m.text, m.html, m.sms]) expect(part.trim()).not.toBe('');
        }
      }
    }
  });

  it('has every templated type in every language (a fallback to English is a bug to fix)', () => {
    for (const type of TEMPLATED_EVENT_TYPES) {
      expect({ type, languages: Object.keys(TEMPLATES[type].wording).sort() }).toEqual({
        type,
        languages: [...LANGUAGES].sort(),
      });
    }
  });

  it('states its audiences: an owner only for offer events, operators and partners for feedback', () => {
    const audiences = (type: string) =>
      type.startsWith('offer.')
        ? ['owner', 'others']
        : type.startsWith('feedback.')
          ? ['operator', 'partner']
          : ['others'];
    for (const type of TEMPLATED_EVENT_TYPES) {
      expect({ type, audiences: audiencesOf(type) }).toEqual({ type, audiences: audiences(type) });
    }
  });

  it('defaults to the audience of others and puts the unsubscribe link in the email', () => {
    const example = EVENT_EXAMPLES['offer.accepted'];
    const m = render('offer.accepted', 'en', example, { unsubscribeUrl: 'http://x/u?t=t' });
    expect(m.subject).toBe('FL-2024-KZ-AKT-0007: offer from IFRC of 300 family tents accepted');
    expect(m.text).toContain('Stop these emails: http://x/u?t=t');
  });

  it('speaks the subscriber language and falls back to English where a translation is missing', () => {
    const example = EVENT_EXAMPLES['incident.reported'];
    expect(render('incident.reported', 'kk', example).subject).toMatch(/^Жаңа оқиға/);
    expect(render('incident.reported', 'ru', example).subject).toMatch(/^Новый инцидент/);
    const englishOnly: Record<string, TemplateEntry> = {
      'incident.reported': {
        audiences: ['others'],
        args: (p: { reference: string }) => ({ ref: p.reference }),
        wording: { en: { others: { subject: 'In English: {ref}', lines: ['Body'], sms: 'SMS' } } },
      },
    };
    const kk = renderWith(englishOnly, 'incident.reported', 'kk', example, {
      unsubscribeUrl: 'http://x/u?token=t',
    });
    expect(kk.subject).toBe(`In English: ${example.reference}`);
    expect(kk.sms).toBe('SMS');
    expect(kk.text).toBe('Body\n\nХаттардан бас тарту: http://x/u?token=t');
  });

  it('tells the owner "your offer" and everyone else whose offer it was', () => {
    const unicef = {
      ...EVENT_EXAMPLES['offer.accepted'],
      partnerCode: 'UNICEF',
      partnerName: 'UNICEF',
      itemCode: 'HEALTH-MEDICAL-KIT',
      unit: 'kit',
      quantity: 300,
      acceptedQuantity: 250,
    };
    const owner = render('offer.accepted', 'en', unicef, { audience: 'owner' });
    expect(owner.subject).toBe(
      'FL-2024-KZ-AKT-0007: your offer of 300 medical kits was accepted (250 kits)',
    );
    const others = render('offer.accepted', 'en', unicef);
    expect(others.subject).toBe(
      'FL-2024-KZ-AKT-0007: offer from UNICEF of 300 medical kits accepted (250 kits)',
    );
    expect(others.text).not.toMatch(/your/i);
    expect(render('offer.accepted', 'ru', unicef, { audience: 'owner' }).text).toContain(
      'Министерство приняло ваше предложение: 250 медицинских аптечек из 300 предложенных.',
    );
    expect(render('offer.accepted', 'ru', unicef).subject).toBe(
      'FL-2024-KZ-AKT-0007: принято предложение UNICEF (250 медицинских аптечек из 300)',
    );
  });

  it('tells whether a request was opened to international partners or brought back to domestic', () => {
    const widened = EVENT_EXAMPLES['request.scope-changed'];
    const narrowed = {
      ...widened,
      scope: 'domestic' as const,
      previousScope: 'international' as const,
    };
    const ref = widened.incidentReference;
    expect(render('request.scope-changed', 'en', widened).subject).toBe(
      `${ref}: request for family tents open to international partners`,
    );
    expect(render('request.scope-changed', 'ru', widened).subject).toBe(
      `${ref}: запрос семейных палаток открыт для международных партнёров`,
    );
    expect(render('request.scope-changed', 'kk', widened).subject).toBe(
      `${ref}: отбасылық шатыр сұранысы халықаралық серіктестерге ашық`,
    );
    for (const language of LANGUAGES) {
      const m = render('request.scope-changed', language, narrowed);
      for (const part of [m.subject, m.text, m.sms]) {
        expect(part).not.toMatch(
          /international partners|международных партнёров|серіктестерге ашық/,
        );
      }
    }
    expect(render('request.scope-changed', 'kk', narrowed).sms).toMatch(/тек ішкі/);
  });

  it('words reason codes in each language and quotes what a person typed', () => {
    const closed = EVENT_EXAMPLES['request.closed'];
    expect(render('request.closed', 'ru', closed).text).toContain(
      'Причина: инцидент FL-2024-KZ-AKT-0007 закрыт: «Water back in the river bed.»',
    );
    expect(render('request.closed', 'kk', closed).text).toContain(
      'Себебі: FL-2024-KZ-AKT-0007 оқиғасы жабылды: «Water back in the river bed.»',
    );
    expect(render('request.cancelled', 'en', EVENT_EXAMPLES['request.cancelled']).text).toContain(
      'Reason: “Covered by the national reserve.”',
    );
    const cancelled = { ...EVENT_EXAMPLES['incident.closed'], status: 'cancelled' as const };
    expect(render('incident.closed', 'ru', cancelled).text).toMatch(
      /^Инцидент «.*» \(Актюбинская область\) отменён\.$/m,
    );
    expect(render('incident.closed', 'kk', EVENT_EXAMPLES['incident.closed']).text).not.toMatch(
      /жабылды \(/,
    );
  });

  it('escapes payload values in html but not in text', () => {
    const example = {
      ...EVENT_EXAMPLES['incident.reported'],
      title: '<script>alert("x")</script>',
    };
    const m = render('incident.reported', 'en', example);
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;');
    expect(m.text).toContain('<script>');
  });

  it('has a generic fallback for other event types, in the language', () => {
    const example = EVENT_EXAMPLES['request.coverage-changed'];
    expect(render('request.coverage-changed', 'ru', example).subject).toBe(
      `${example.incidentReference}: обновление`,
    );
  });

  it('tells incident news in Kazakh and Russian with the figures in the language', () => {
    const situation = EVENT_EXAMPLES['incident.situation-updated'];
    const kk = render('incident.situation-updated', 'kk', situation);
    expect(kk.subject).toContain('12\u00a0000');
    expect(kk.sms).toMatch(/[әғқңөұүһі]/i);
    const status = EVENT_EXAMPLES['incident.status-changed'];
    expect(render('incident.status-changed', 'kk', status).subject).toBe(
      `${status.reference}: мәртебесі тіркелді → белсенді`,
    );
    const raised = render('request.raised', 'ru', EVENT_EXAMPLES['request.raised']);
    expect(raised.sms).toBe('FL-2024-KZ-AKT-0007: запрос — 500 семейных палаток, до 5 апреля');
    expect(raised.text).toContain('Срок: до 5 апреля 2024 года.');
  });
});

describe('a drill (exercise or test) in every message', () => {
  const incident = EVENT_EXAMPLES['incident.reported'];
  const marks = {
    exercise: { en: 'EXERCISE', kk: 'ЖАТТЫҒУ', ru: 'УЧЕНИЯ' },
    test: { en: 'TEST', kk: 'СЫНАҚ', ru: 'ТЕСТ' },
  } as const;

  it.each(['exercise', 'test'] as const)(
    'marks the subject, SMS, text and html of a %s in the recipient language',
    (mode) => {
      for (const language of LANGUAGES) {
        const mark = marks[mode][language];
        const real = render('incident.reported', language, incident);
        const drill = render('incident.reported', language, { ...incident, mode });
        expect(drill.subject).toBe(`${mark}: ${real.subject}`);
        expect(drill.sms).toBe(`${mark}: ${real.sms}`);
        expect(drill.text.split('\n')[0]).toBe(mark);
        expect(drill.html.startsWith(`<p>${mark}</p>`)).toBe(true);
      }
    },
  );

  it('marks request and offer messages (both audiences) and the generic fallback too', () => {
    const request = { ...EVENT_EXAMPLES['request.raised'], mode: 'exercise' };
    expect(render('request.raised', 'kk', request).sms).toMatch(/^ЖАТТЫҒУ: FL-2024-KZ-AKT-0007/);
    const offer = { ...EVENT_EXAMPLES['offer.accepted'], mode: 'exercise' };
    for (const audience of ['owner', 'others'] as const) {
      expect(render('offer.accepted', 'ru', offer, { audience }).subject).toMatch(/^УЧЕНИЯ: /);
    }
    const other = { ...EVENT_EXAMPLES['request.coverage-changed'], mode: 'test' };
    expect(render('request.coverage-changed', 'en', other).subject).toMatch(/^TEST: /);
  });

  it('leaves a real incident (mode actual, or none) unmarked', () => {
    for (const payload of [
      incident,
      { ...incident, mode: 'actual' },
      { ...incident, mode: null },
    ]) {
      const m = render('incident.reported', 'en', payload);
      expect(m.subject).not.toMatch(/EXERCISE|TEST/);
      expect(m.sms.startsWith('FL-2024-KZ-AKT-0007:')).toBe(true);
    }
  });
});
