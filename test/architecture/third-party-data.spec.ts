/**
 * docs/third-party-data.md records every file copied from elsewhere with the SHA-256 of the
 * copy: the files must still be those bytes (a copy "kept unmodified" that was edited would
 * validate against a schema its publisher never wrote), and every operator CRD must be recorded.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface Row {
  pattern: string;
  hashes: string[];
}

/** The table's rows: the file (a path, `*` allowed in its name) and the hashes given, in order. */
function recorded(): Row[] {
  const doc = readFileSync(join(ROOT, 'docs', 'third-party-data.md'), 'utf8');
  return doc
    .split('\n')
    .filter((line) => /^\| `/.test(line))
    .map((line) => {
      const [, file] = line.split('|');
      const sha = /SHA-256 ((?:`[0-9a-f]+…?`(?:, )?)+)/.exec(line)?.[1] ?? '';
      return {
        pattern: file.trim().replace(/`/g, ''),
        hashes: [...sha.matchAll(/`([0-9a-f]+)…?`/g)].map((m) => m[1]),
      };
    });
}

/** The files a row names: in the tree, or (a row "not in the tree") in an npm dependency. */
function filesOf(pattern: string): string[] {
  const directory = [
    join(ROOT, dirname(pattern)),
    join(ROOT, 'node_modules', dirname(pattern)),
  ].find(existsSync);
  if (!directory) return [];
  const name = new RegExp(`^${basename(pattern).replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`);
  return readdirSync(directory)
    .filter((file) => name.test(file))
    .sort()
    .map((file) => join(directory, file));
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('third-party data (docs/third-party-data.md)', () => {
  const rows = recorded();

  it('has rows, each with a hash per file', () => {
    expect(rows.length).toBeGreaterThanOrEqual(7);
    for (const row of rows) {
      expect([row.pattern, filesOf(row.pattern).length]).toEqual([row.pattern, row.hashes.length]);
    }
  });

  it.each(rows.map((row) => [row.pattern, row] as const))(
    '%s is byte for byte the recorded copy',
    (_pattern, row) => {
      const files = filesOf(row.pattern);
      expect(
        files.map((file, i) => [basename(file), sha256(file).startsWith(row.hashes[i])]),
      ).toEqual(files.map((file) => [basename(file), true]));
    },
  );

  it('records every operator CRD the manifests are validated against', () => {
    const covered = new Set(rows.flatMap((row) => filesOf(row.pattern)));
    const crds = join(ROOT, 'deploy', 'k8s', 'crds');
    const unrecorded = readdirSync(crds)
      .filter((file) => file.endsWith('.yaml'))
      .filter((file) => !covered.has(join(crds, file)));
    expect(unrecorded).toEqual([]);
  });
});
