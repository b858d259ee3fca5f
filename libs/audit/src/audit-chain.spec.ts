import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import {
  chainHash,
  ChainWalker,
  GENESIS_HASH,
  type AuditContent,
  type SealedRow,
} from './audit-chain';

function content(n: number, changes: unknown = { n }): Omit<AuditContent, 'chainSeq'> {
  return {
    id: String(n * 10),
    occurredAt: '2024-04-02T06:00:00.123456Z',
    actorSubject: 'operator-1',
    actorOrganisation: null,
    actorRoles: ['operator'],
    correlationId: `corr-${n}`,
    causationId: null,
    eventId: null,
    objectType: 'incident',
    objectId: 'inc-1',
    action: 'incident.updated',
    changes,
  };
}

/** A correctly sealed chain of `length` rows. */
function chain(length: number): SealedRow[] {
  let prevHash = GENESIS_HASH;
  return Array.from({ length }, (_, i) => {
    const row = { ...content(i + 1), chainSeq: String(i + 1) };
    const hash = chainHash(prevHash, row);
    const sealed = { ...row, prevHash, hash };
    prevHash = hash;
    return sealed;
  });
}

function walk(rows: SealedRow[]) {
  const walker = new ChainWalker();
  rows.every((row) => walker.accept(row));
  return walker.firstProblem;
}

describe('audit hash chain', () => {
  it('hashes the canonical JSON: key order does not matter, any value does', () => {
    const a = { ...content(1, { b: 1, a: [1, 'x'] }), chainSeq: '1' };
    const reordered = { ...a, changes: { a: [1, 'x'], b: 1 } };
    expect(chainHash(GENESIS_HASH, a)).toBe(chainHash(GENESIS_HASH, reordered));
    expect(chainHash(GENESIS_HASH, a)).not.toBe(
      chainHash(GENESIS_HASH, { ...a, changes: { a: [1, 'x'], b: 2 } }),
    );
    expect(chainHash(GENESIS_HASH, a)).not.toBe(chainHash('f'.repeat(64), a));
    expect(chainHash(GENESIS_HASH, a)).not.toBe(chainHash(GENESIS_HASH, { ...a, chainSeq: '2' }));
  });

  it('hashes a row without an event id as rows sealed before that column: the id, once set, counts', () => {
    const row = { ...content(1), chainSeq: '1' };
    const { eventId: _e, ...older } = row;
    // What the sealer hashed before event_id existed: the canonical JSON of the other columns.
    expect(chainHash(GENESIS_HASH, row)).toBe(
      createHash('sha256').update(GENESIS_HASH).update(canonicalize(older)!).digest('hex'),
    );
    const withEvent = { ...row, eventId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c20' };
    expect(chainHash(GENESIS_HASH, withEvent)).not.toBe(chainHash(GENESIS_HASH, row));
    expect(chainHash(GENESIS_HASH, withEvent)).not.toBe(
      chainHash(GENESIS_HASH, { ...withEvent, eventId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c21' }),
    );
  });

  it('accepts an intact chain', () => {
    expect(walk(chain(5))).toBeNull();
  });

  it('reports an edited row as hash-mismatch at that row', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], changes: { n: 999 } };
    expect(walk(rows)).toEqual({ chainSeq: '3', id: '30', problem: 'hash-mismatch' });
  });

  it('reports a removed middle row as missing-seq at the row after it', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(walk(rows)).toEqual({ chainSeq: '3', id: '30', problem: 'missing-seq' });
  });

  it('reports a row whose hash was recomputed after an edit as a broken link at the next row', () => {
    const rows = chain(5);
    const edited = { ...rows[1], changes: { n: 999 } };
    const { prevHash: _p, hash: _h, ...body } = edited;
    rows[1] = { ...edited, hash: chainHash(edited.prevHash, body) };
    expect(walk(rows)).toEqual({ chainSeq: '3', id: '30', problem: 'broken-link' });
  });

  it('reports a chain that does not start at 1', () => {
    expect(walk(chain(3).slice(1))).toEqual({ chainSeq: '2', id: '20', problem: 'missing-seq' });
  });
});
