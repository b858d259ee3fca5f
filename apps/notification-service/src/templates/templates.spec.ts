import { EVENT_EXAMPLES, type IncidentReportedV1 } from '@relief/contracts';
import { LANGUAGES } from '../subscribers/subscriber';
import { type Compose, type TemplateEntry } from './template';
import { render, renderWith, TEMPLATED_EVENT_TYPES, TEMPLATES } from './templates';

describe('templates', () => {
  it('render every templated type in every language, never empty', () => {
    for (const type of TEMPLATED_EVENT_TYPES) {
      const example = EVENT_EXAMPLES[type as keyof typeof EVENT_EXAMPLES];
      for (const language of LANGUAGES) {
        const m = render(type, language, example, 'http://x/unsubscribe?token=t');
        for (const part of [m.subject, m.text, m.html, m.sms]) expect(part.trim()).not.toBe('');
        expect(m.text).not.toContain('undefined');
      }
    }
  });

  it('has every templated type in every language (a fallback to English is a bug to fix)', () => {
    for (const type of TEMPLATED_EVENT_TYPES) {
      expect({ type, languages: Object.keys(TEMPLATES[type]).sort() }).toEqual({
        type,
        languages: [...LANGUAGES].sort(),
      });
    }
  });

  it('speaks the subscriber language and falls back to English where a translation is missing', () => {
    const example = EVENT_EXAMPLES['incident.reported'];
    expect(render('incident.reported', 'kk', example).subject).toMatch(/^Жаңа оқиға/);
    expect(render('incident.reported', 'ru', example).subject).toMatch(/^Новый инцидент/);
    // A table whose only template has English alone: Kazakh readers get the English text, with
    // the unsubscribe link still in their language.
    const en: Compose<IncidentReportedV1> = (p) => ({
      subject: `In English: ${p.reference}`,
      lines: ['Body'],
      sms: 'SMS',
    });
    const englishOnly: Record<string, TemplateEntry> = { 'incident.reported': { en } };
    const kk = renderWith(englishOnly, 'incident.reported', 'kk', example, 'http://x/u?token=t');
    expect(kk.subject).toBe(`In English: ${example.reference}`);
    expect(kk.sms).toBe('SMS');
    expect(kk.text).toBe('Body\n\nХаттардан бас тарту: http://x/u?token=t');
  });

  it('tells whether a request was opened to international partners or brought back to domestic', () => {
    const widened = EVENT_EXAMPLES['request.scope-changed'];
    const narrowed = {
      ...widened,
      scope: 'domestic' as const,
      previousScope: 'international' as const,
    };
    const ref = widened.incidentReference;
    const item = widened.itemName;
    // The example is the catalogue's family tent: Russian and Kazakh readers get its own words.
    const [ruItem, kkItem] = ['семейная палатка', 'отбасылық шатыр'];

    const en = render('request.scope-changed', 'en', widened);
    expect(en.subject).toBe(`${ref}: request for ${item} open to international partners`);
    expect(en.text).toContain(`Still needed: ${widened.coverage.remaining} ${widened.unit}.`);
    expect(render('request.scope-changed', 'ru', widened).subject).toBe(
      `${ref}: запрос ${ruItem} открыт для международных партнёров`,
    );
    const kk = render('request.scope-changed', 'kk', widened);
    expect(kk.subject).toBe(`${ref}: ${kkItem} сұранысы халықаралық серіктестерге ашық`);
    expect(kk.sms).toContain('халықаралық серіктестерге ашық');

    for (const language of LANGUAGES) {
      const m = render('request.scope-changed', language, narrowed);
      for (const part of [m.subject, m.text, m.sms]) {
        expect(part).not.toMatch(
          /international partners|международных партнёров|серіктестерге ашық/,
        );
      }
    }
    const enDomestic = render('request.scope-changed', 'en', narrowed);
    expect(enDomestic.subject).toBe(`${ref}: request for ${item} now domestic only`);
    expect(enDomestic.text).toContain('international offers are no longer sought');
    expect(enDomestic.sms).toMatch(/domestic only/);
    const ruDomestic = render('request.scope-changed', 'ru', narrowed);
    expect(ruDomestic.subject).toBe(`${ref}: запрос ${ruItem} теперь только внутренний`);
    expect(ruDomestic.text).toContain('международные предложения больше не запрашиваются');
    const kkDomestic = render('request.scope-changed', 'kk', narrowed);
    expect(kkDomestic.subject).toBe(`${ref}: ${kkItem} сұранысы енді тек ішкі`);
    expect(kkDomestic.sms).toMatch(/тек ішкі/);
  });

  it('tells that a request closed with its incident: item, incident reference, delivered, reason', () => {
    const closed = EVENT_EXAMPLES['request.closed'];
    const ref = closed.incidentReference;
    const items = { en: closed.itemName, ru: 'семейная палатка', kk: 'отбасылық шатыр' };
    for (const language of LANGUAGES) {
      const m = render('request.closed', language, closed);
      expect(m.subject).toContain(ref);
      expect(m.subject).toContain(items[language]);
      expect(m.text).toContain(`${closed.coverage.delivered}`);
      expect(m.text).toContain(String(closed.reason));
      expect(m.sms).toContain(ref);
      expect(m.sms).toContain(items[language]);
      expect(m.sms).toContain(String(closed.reason));
    }
    const en = render('request.closed', 'en', closed);
    expect(en.subject).toBe(`${ref}: request for ${closed.itemName} closed`);
    expect(en.text).toContain(`was closed together with incident ${ref}.`);
    expect(en.text).toContain(
      `Delivered: ${closed.coverage.delivered} of ${closed.quantity} ${closed.unit}.`,
    );
    expect(render('request.closed', 'ru', closed).subject).toBe(
      `${ref}: запрос ${items.ru} закрыт`,
    );
    const kk = render('request.closed', 'kk', closed);
    expect(kk.subject).toBe(`${ref}: ${items.kk} сұранысы жабылды`);
    expect(kk.text).toContain(`${ref} оқиғасымен бірге жабылды`);
    // A closing without a reason still reads.
    expect(render('request.closed', 'en', { ...closed, reason: null }).sms).toBe(
      `${ref}: ${closed.itemName} request closed: -`,
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

  it('has a generic fallback for other event types', () => {
    const example = EVENT_EXAMPLES['request.coverage-changed'];
    const m = render('request.coverage-changed', 'ru', example);
    expect(m.subject).toBe(`${example.incidentReference}: update`);
  });

  // What a regional duty officer follows during a flood: found by the spring-flood scenario
  // (test/scenario), where a Kazakh-speaking officer got English "…: update" texts for these.
  it('tells incident news and request outcomes in Kazakh and Russian too, with the figures', () => {
    const kazakhOnly = /[әғқңөұүһі]/i;
    const situation = EVENT_EXAMPLES['incident.situation-updated'];
    const kk = render('incident.situation-updated', 'kk', situation);
    expect(kk.subject).toContain(situation.reference);
    expect(kk.subject).toContain(String(situation.figures.affected));
    expect(kk.sms).toMatch(kazakhOnly);
    expect(kk.text).toContain(String(situation.summary));
    const ru = render('incident.situation-updated', 'ru', situation);
    expect(ru.subject).toMatch(/^\S+: обстановка/);
    expect(ru.text).not.toContain('[object Object]');

    const status = EVENT_EXAMPLES['incident.status-changed'];
    expect(render('incident.status-changed', 'kk', status).subject).toBe(
      `${status.reference}: мәртебесі тіркелді → белсенді`,
    );
    expect(render('incident.status-changed', 'en', status).sms).toContain('reported -> ');

    const fulfilled = EVENT_EXAMPLES['request.fulfilled'];
    const done = render('request.fulfilled', 'kk', fulfilled);
    expect(done.subject).toBe(`${fulfilled.incidentReference}: отбасылық шатыр сұранысы орындалды`);
    expect(done.sms).toContain(`${fulfilled.coverage.delivered} ${fulfilled.unit}`);
    expect(render('request.fulfilled', 'ru', fulfilled).subject).toContain('выполнен');
    expect(render('request.cancelled', 'en', EVENT_EXAMPLES['request.cancelled']).text).toContain(
      'Reason: Covered by the national reserve.',
    );
    expect(render('incident.updated', 'en', EVENT_EXAMPLES['incident.updated']).text).toContain(
      'Changed: areaDescription.',
    );
    // A needed-by day is a day, not midnight UTC.
    const raised = render('request.raised', 'ru', EVENT_EXAMPLES['request.raised']);
    expect(raised.sms).toMatch(/до 2024-04-05$/);
  });
});
