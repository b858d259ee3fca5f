import { EVENT_EXAMPLES } from '@relief/contracts';
import { LANGUAGES } from '../subscribers/subscriber';
import { render, TEMPLATED_EVENT_TYPES } from './templates';

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

  it('speaks the subscriber language and falls back to English where a translation is missing', () => {
    const example = EVENT_EXAMPLES['incident.reported'];
    expect(render('incident.reported', 'kk', example).subject).toMatch(/^Жаңа оқиға/);
    expect(render('incident.reported', 'ru', example).subject).toMatch(/^Новый инцидент/);
    // request.scope-changed has no Kazakh text yet.
    expect(
      render('request.scope-changed', 'kk', EVENT_EXAMPLES['request.scope-changed']).subject,
    ).toMatch(/open to international partners/);
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
      `${status.reference}: мәртебесі reported → ${status.status}`,
    );
    expect(render('incident.status-changed', 'en', status).sms).toContain('reported -> ');

    const fulfilled = EVENT_EXAMPLES['request.fulfilled'];
    const done = render('request.fulfilled', 'kk', fulfilled);
    expect(done.subject).toBe(
      `${fulfilled.incidentReference}: ${fulfilled.itemName} сұранысы орындалды`,
    );
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
