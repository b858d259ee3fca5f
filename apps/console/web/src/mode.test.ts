import { createInstance } from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { en } from './locales/en';
import { kk } from './locales/kk';
import { ru } from './locales/ru';
import { worstByRegion, type ShadedIncident } from './map-shading';
import { isDrill, modeOf, MODES } from './mode';
import { fileIncidentBody } from './screens/Incidents';
import { ModeBadge } from './ui';

describe('the mode of an incident, request or offer', () => {
  it('is actual when missing (data older than drills), null or unknown', () => {
    expect(modeOf({})).toBe('actual');
    expect(modeOf({ mode: null })).toBe('actual');
    expect(modeOf(undefined)).toBe('actual');
    expect(modeOf({ mode: 'Exercise' })).toBe('actual');
    expect(modeOf({ mode: 'actual' })).toBe('actual');
    expect(modeOf({ mode: 'exercise' })).toBe('exercise');
    expect(modeOf({ mode: 'test' })).toBe('test');
  });

  it('makes a drill of exercises and tests only', () => {
    expect(MODES.filter((mode) => isDrill({ mode }))).toEqual(['exercise', 'test']);
    expect(isDrill({})).toBe(false);
  });

  it('goes with a filed incident as chosen, and is left out when not given', () => {
    const form = {
      title: 'Drill: spring flood',
      description: '',
      hazard: 'FL',
      region: 'KZ-15',
      district: '',
      settlement: '',
      severity: 'Severe',
      urgency: 'Immediate',
      certainty: 'Observed',
      latitude: '',
      longitude: '',
      affected: '',
      evacuated: '',
    };
    expect(fileIncidentBody({ ...form, mode: 'exercise' }).mode).toBe('exercise');
    expect(fileIncidentBody({ ...form, mode: 'actual' }).mode).toBe('actual');
    expect('mode' in fileIncidentBody(form)).toBe(false);
  });
});

describe('map shading with drills', () => {
  const incident = (
    id: string,
    region: string,
    severity: ShadedIncident['severity'],
    mode?: string,
  ): ShadedIncident => ({
    id,
    region,
    severity,
    status: 'active',
    reportedAt: '2024-04-01T00:00:00Z',
    ...(mode === undefined ? {} : { mode }),
  });

  it('shades a region by its actual incidents only, however severe a drill is', () => {
    const worst = worstByRegion([
      incident('real', 'KZ-15', 'Minor', 'actual'),
      incident('exercise', 'KZ-15', 'Extreme', 'exercise'),
      incident('test', 'KZ-15', 'Severe', 'test'),
    ]);
    expect(worst.get('KZ-15')?.id).toBe('real');
  });

  it('leaves a region with drills only unshaded', () => {
    const worst = worstByRegion([
      incident('e', 'KZ-39', 'Extreme', 'exercise'),
      incident('t', 'KZ-39', 'Severe', 'test'),
    ]);
    expect(worst.has('KZ-39')).toBe(false);
  });

  it('counts an incident without a mode (old data) as actual', () => {
    expect(worstByRegion([incident('old', 'KZ-27', 'Moderate')]).get('KZ-27')?.id).toBe('old');
  });
});

describe('the mode badge', () => {
  const render = (language: 'kk' | 'ru' | 'en', mode?: string | null): string => {
    const i18n = createInstance();
    void i18n.use(initReactI18next).init({
      resources: { kk: { translation: kk }, ru: { translation: ru }, en: { translation: en } },
      lng: language,
      fallbackLng: false,
      initAsync: false,
      interpolation: { escapeValue: false },
    });
    return renderToStaticMarkup(
      createElement(I18nextProvider, { i18n }, createElement(ModeBadge, { mode })),
    );
  };
  const text = (html: string): string => html.replace(/<[^>]+>/g, '');

  it('says ЖАТТЫҒУ / УЧЕНИЯ / EXERCISE and СЫНАҚ / ТЕСТ / TEST', () => {
    expect(text(render('kk', 'exercise'))).toBe('ЖАТТЫҒУ');
    expect(text(render('ru', 'exercise'))).toBe('УЧЕНИЯ');
    expect(text(render('en', 'exercise'))).toBe('EXERCISE');
    expect(text(render('kk', 'test'))).toBe('СЫНАҚ');
    expect(text(render('ru', 'test'))).toBe('ТЕСТ');
    expect(text(render('en', 'test'))).toBe('TEST');
  });

  it('is found by its test id and named in full, the visible word included', () => {
    const html = render('en', 'exercise');
    expect(html).toContain('data-testid="mode-badge"');
    expect(html).toContain('data-mode="exercise"');
    expect(html).toContain('aria-label="Exercise, not a real emergency"');
    for (const [lang, messages] of [
      ['kk', kk],
      ['ru', ru],
      ['en', en],
    ] as const) {
      for (const mode of ['exercise', 'test'] as const) {
        const label = messages.mode.label[mode].toLocaleLowerCase(lang);
        expect(label, `${lang} ${mode}`).toContain(
          messages.mode.badge[mode].toLocaleLowerCase(lang),
        );
      }
    }
  });

  it('shows nothing for an actual incident nor for one without a mode', () => {
    expect(render('kk', 'actual')).toBe('');
    expect(render('ru', undefined)).toBe('');
    expect(render('en', null)).toBe('');
  });
});
