import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN_CASES, renderAll, renderReplies, type Rendering } from './golden-cases';

/**
 * Every template in every language for every audience it states, rendered from the catalogue's
 * examples, their variants and the sweeps (counts 1, 2, 5, 21, 1000 in every unit; every
 * catalogue item, hazard, region and reason code), compared with the files in __golden__: one
 * file per template (or sweep) and language, so a reviewer reads every sentence in one place and
 * a rewording is a reviewed change of those files. The automatic replies to an inbound text
 * (acknowledgement, STOP / START confirmations) go to `feedback.replies.<language>.txt`.
 * `UPDATE_GOLDEN=1` rewrites them.
 */
const GOLDEN_DIR = join(__dirname, '__golden__');

function section(r: Rendering): string {
  return [
    `=== ${r.case.type} · ${r.audience} · ${r.case.label}`,
    `subject: ${r.subject}`,
    `sms (${Array.from(r.sms).length}): ${r.sms}`,
    '--- text',
    r.text,
    '--- html',
    r.html,
    '',
  ].join('\n');
}

const update = process.env.UPDATE_GOLDEN === '1';
const byFile = new Map<string, string[]>();
for (const r of renderAll()) {
  const file = `${r.case.file}.${r.language}.txt`;
  byFile.set(file, [...(byFile.get(file) ?? []), section(r)]);
}

for (const r of renderReplies()) {
  const file = `feedback.replies.${r.language}.txt`;
  const heading = `=== reply · ${r.reply} · ${r.linked ? 'linked to an incident' : 'not linked'}`;
  const section = [heading, `sms (${Array.from(r.sms).length}): ${r.sms}`, ''].join('\n');
  byFile.set(file, [...(byFile.get(file) ?? []), section]);
}

describe('template renderings (golden files)', () => {
  if (update) mkdirSync(GOLDEN_DIR, { recursive: true });

  it('renders every case', () => {
    expect(GOLDEN_CASES.length).toBeGreaterThan(100);
  });

  for (const [file, sections] of byFile) {
    it(`${file} is unchanged`, () => {
      const actual = sections.join('\n');
      if (update) writeFileSync(join(GOLDEN_DIR, file), actual);
      expect(actual).toBe(readFileSync(join(GOLDEN_DIR, file), 'utf8'));
    });
  }

  it('has no golden file left over from a case that is gone', () => {
    expect(readdirSync(GOLDEN_DIR).sort()).toEqual([...byFile.keys()].sort());
  });
});
