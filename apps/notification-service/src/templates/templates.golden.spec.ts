import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_EXAMPLES } from '@relief/contracts';
import { LANGUAGES } from '../subscribers/subscriber';
import { render, TEMPLATED_EVENT_TYPES } from './templates';

/**
 * Every template in every language, rendered from the catalogue's examples (and the variants the
 * template spec uses), compared with the files in __golden__: a changed sentence fails here, so
 * a rewording is a reviewed change of those files. `UPDATE_GOLDEN=1` rewrites them.
 */
const GOLDEN_DIR = join(__dirname, '__golden__');
const UNSUBSCRIBE_URL = 'http://x/unsubscribe?token=t';

interface Case {
  name: string;
  type: string;
  payload: object;
}

const widened = EVENT_EXAMPLES['request.scope-changed'];
const CASES: Case[] = [
  ...TEMPLATED_EVENT_TYPES.map((type) => ({
    name: type,
    type,
    payload: EVENT_EXAMPLES[type as keyof typeof EVENT_EXAMPLES],
  })),
  {
    name: 'request.scope-changed.domestic',
    type: 'request.scope-changed',
    payload: { ...widened, scope: 'domestic', previousScope: 'international' },
  },
  {
    name: 'request.closed.no-reason',
    type: 'request.closed',
    payload: { ...EVENT_EXAMPLES['request.closed'], reason: null },
  },
  {
    name: 'incident.reported.markup',
    type: 'incident.reported',
    payload: { ...EVENT_EXAMPLES['incident.reported'], title: '<script>alert("x")</script>' },
  },
  {
    name: 'generic.request.coverage-changed',
    type: 'request.coverage-changed',
    payload: EVENT_EXAMPLES['request.coverage-changed'],
  },
];

function rendering(type: string, language: (typeof LANGUAGES)[number], payload: object): string {
  const m = render(type, language, payload, UNSUBSCRIBE_URL);
  return [
    `subject: ${m.subject}`,
    `sms: ${m.sms}`,
    '--- text',
    m.text,
    '--- html',
    m.html,
    '',
  ].join('\n');
}

const update = process.env.UPDATE_GOLDEN === '1';
const expectedFiles = CASES.flatMap((c) =>
  LANGUAGES.map((language) => `${c.name}.${language}.txt`),
);

describe('template renderings (golden files)', () => {
  if (update) mkdirSync(GOLDEN_DIR, { recursive: true });

  for (const c of CASES) {
    for (const language of LANGUAGES) {
      const file = `${c.name}.${language}.txt`;
      it(`${file} is unchanged`, () => {
        const actual = rendering(c.type, language, c.payload);
        if (update) writeFileSync(join(GOLDEN_DIR, file), actual);
        expect(actual).toBe(readFileSync(join(GOLDEN_DIR, file), 'utf8'));
      });
    }
  }

  it('has no golden file left over from a case that is gone', () => {
    expect(readdirSync(GOLDEN_DIR).sort()).toEqual([...expectedFiles].sort());
  });
});
