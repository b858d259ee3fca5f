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
    const m = render(
      'incident.situation-updated',
      'ru',
      EVENT_EXAMPLES['incident.situation-updated'],
    );
    expect(m.subject).toContain(EVENT_EXAMPLES['incident.situation-updated'].reference);
  });
});
