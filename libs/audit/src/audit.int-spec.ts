import { createTestDatabase, eventually, type TestDatabase } from '@relief/testing';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditSealer } from './audit-sealer.service';
import { AuditTrail, type AuditRecord } from './audit-trail.service';
import { auditEntities, auditMigrations } from './migrations';

const options = { serviceName: 'audit-test', sealIntervalMs: 0 };

describe('audit trail (PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let trail: AuditTrail;
  let sealer: AuditSealer;

  beforeAll(async () => {
    db = await createTestDatabase('audit');
    dataSource = new DataSource({
      type: 'postgres',
      url: db.url,
      entities: auditEntities,
      migrations: auditMigrations,
      poolSize: 12,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    trail = new AuditTrail(options, dataSource);
    sealer = new AuditSealer(options, dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const entry = (objectId: string, n: number): AuditRecord => ({
    objectType: 'incident',
    objectId,
    action: 'incident.updated',
    changes: { n, nested: { b: [1, 2], a: 'x' } },
  });

  /** Opens a transaction that records one entry and waits for `release` before it ends. */
  function heldTransaction(objectId: string, n: number, outcome: 'commit' | 'rollback') {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let recorded: () => void = () => undefined;
    const isRecorded = new Promise<void>((resolve) => (recorded = resolve));
    const done = dataSource
      .transaction(async (manager: EntityManager) => {
        await trail.record(manager, entry(objectId, n));
        recorded();
        await released;
        if (outcome === 'rollback') throw new Error('rolled back on purpose');
      })
      .catch((error: Error) => {
        if (error.message !== 'rolled back on purpose') throw error;
      });
    return { release, isRecorded, done };
  }

  const sealedRows = () =>
    dataSource.query<{ id: string; chainSeq: string; tx: string }[]>(
      `SELECT id::text AS id, chain_seq::text AS "chainSeq", tx::text AS tx
       FROM audit_entries WHERE chain_seq IS NOT NULL ORDER BY chain_seq`,
    );

  it('seals rows of concurrent transactions (some rolled back, some committed out of order) in one gapless chain', async () => {
    // Each writes its row before the next starts, so their transaction ids (and row ids)
    // ascend in this order; they end in another order.
    const held: ReturnType<typeof heldTransaction>[] = [];
    const outcomes = ['commit', 'rollback', 'commit', 'commit'] as const;
    for (const [i, outcome] of outcomes.entries()) {
      const h = heldTransaction('inc-a', i + 1, outcome);
      await h.isRecorded;
      held.push(h);
    }
    // The newest commits first: it cannot be sealed while older transactions are still open.
    held[3].release();
    await held[3].done;
    expect(await sealer.sealPending()).toBe(0);
    held[1].release();
    held[2].release();
    await Promise.all([held[1].done, held[2].done]);
    expect(await sealer.sealPending()).toBe(0); // the oldest is still open
    held[0].release();
    await held[0].done;
    // 20 more writers at once, while the sealer runs twice at the same time.
    await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        dataSource.transaction((m) => trail.record(m, entry('inc-b', n))),
      ),
    );
    const [first, second] = await Promise.all([sealer.sealPending(), sealer.sealPending()]);
    expect(second).toBe(first); // overlapping calls share one run
    // The rest, once no older transaction is open anywhere on the server (other test files' too).
    let total = first;
    await eventually(
      async () => (total += await sealer.sealPending()),
      (n) => n >= 23,
      '23 entries sealed',
    );
    expect(total).toBe(23);

    const rows = await sealedRows();
    expect(rows.map((r) => r.chainSeq)).toEqual(rows.map((_, i) => String(i + 1)));
    expect(new Set(rows.map((r) => r.id)).size).toBe(23);
    const txs = rows.map((r) => BigInt(r.tx));
    expect(txs).toEqual([...txs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(await trail.verify()).toEqual({ ok: true, sealed: 23, unsealed: 0, firstProblem: null });
    const history = await trail.history({ objectId: 'inc-a', limit: 10 });
    expect(history.map((h) => (h.changes as { n: number }).n)).toEqual([4, 3, 1]);
    expect(history[0]).toMatchObject({
      actor: { subject: 'system:audit-test', organisationId: null, roles: [] },
      objectType: 'incident',
      action: 'incident.updated',
      causationId: null,
    });
  });

  it('refuses DELETE, TRUNCATE and every UPDATE but sealing', async () => {
    const [{ id }] = await sealedRows();
    await expect(dataSource.query(`DELETE FROM audit_entries WHERE id = $1`, [id])).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(dataSource.query(`TRUNCATE audit_entries`)).rejects.toThrow(/append-only/);
    await expect(
      dataSource.query(`UPDATE audit_entries SET changes = '{}' WHERE id = $1`, [id]),
    ).rejects.toThrow(/only sealing an unsealed row/);
    await expect(
      dataSource.query(`UPDATE audit_entries SET hash = 'x' WHERE id = $1`, [id]),
    ).rejects.toThrow(/only sealing an unsealed row/);
    // Not even on an unsealed row may the content change along with the seal.
    await dataSource.transaction((m) => trail.record(m, entry('inc-c', 1)));
    await expect(
      dataSource.query(
        `UPDATE audit_entries SET changes = '{}', chain_seq = 999, prev_hash = 'p', hash = 'h'
         WHERE object_id = 'inc-c'`,
      ),
    ).rejects.toThrow(/only sealing an unsealed row/);
    await sealer.sealPending();
    expect((await trail.verify()).ok).toBe(true);
  });

  /** As the superuser, around the trigger: what a tamperer with database access could do. */
  async function tamper(sql: string, params: unknown[]): Promise<void> {
    await dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(sql, params);
    });
  }

  it('reports a sealed row edited by hand, at that row', async () => {
    const rows = await sealedRows();
    const target = rows[5];
    await tamper(`UPDATE audit_entries SET changes = '{"n": 999}' WHERE id = $1`, [target.id]);
    expect(await trail.verify()).toMatchObject({
      ok: false,
      firstProblem: { chainSeq: target.chainSeq, id: target.id, problem: 'hash-mismatch' },
    });
  });

  it('reports a deleted middle row', async () => {
    const rows = await sealedRows();
    // The previous test's edit is further on: the first problem is now the removal.
    const removed = rows[2];
    await tamper(`DELETE FROM audit_entries WHERE id = $1`, [removed.id]);
    expect((await trail.verify()).firstProblem).toEqual({
      chainSeq: rows[3].chainSeq,
      id: rows[3].id,
      problem: 'missing-seq',
    });
  });

  it("keeps an event's id: finds its entry by it, and refuses to change it as any content", async () => {
    const eventId = '0b6f3c1e-2d4a-4e5f-8a9b-0c1d2e3f4a5b';
    const causationId = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c20';
    await dataSource.transaction((m) =>
      trail.recordAll(m, [
        {
          ...entry('req-e', 1),
          objectType: 'request',
          action: 'request.closed',
          eventId,
          causationId,
        },
        { ...entry('req-e', 2), objectType: 'request', action: 'request.updated' },
      ]),
    );
    const byEvent = await trail.history({ eventId, limit: 10 });
    expect(byEvent).toEqual([
      expect.objectContaining({
        objectId: 'req-e',
        action: 'request.closed',
        eventId,
        causationId,
      }),
    ]);
    expect(await trail.history({ eventId, objectId: 'other', limit: 10 })).toEqual([]);
    const history = await trail.history({ objectId: 'req-e', limit: 10 });
    expect(history.map((h) => [h.action, h.eventId])).toEqual([
      ['request.updated', null],
      ['request.closed', eventId],
    ]);
    // Sealed once no older transaction is open anywhere on the server (other test files' too).
    const [sealed] = await eventually(
      async () => {
        await sealer.sealPending();
        return trail.history({ eventId, limit: 1 });
      },
      ([entry]) => entry?.chainSeq !== null,
      'the entry sealed',
    );
    expect(sealed.chainSeq).toMatch(/^\d+$/);
    await expect(
      dataSource.query(`UPDATE audit_entries SET event_id = NULL WHERE id = $1`, [sealed.id]),
    ).rejects.toThrow(/only sealing an unsealed row/);
    // Unsealed, the id may not change along with the seal either.
    await dataSource.transaction((m) =>
      trail.record(m, { ...entry('req-f', 1), eventId: causationId }),
    );
    await expect(
      dataSource.query(
        `UPDATE audit_entries SET event_id = $1, chain_seq = 999, prev_hash = 'p', hash = 'h'
         WHERE object_id = 'req-f'`,
        [eventId],
      ),
    ).rejects.toThrow(/only sealing an unsealed row/);
  });
});
