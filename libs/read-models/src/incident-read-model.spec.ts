import { EVENT_EXAMPLES } from '@relief/contracts';
import { Column, Entity, type EntityManager } from 'typeorm';
import { IncidentReadModel } from './incident-read-model';
import { IncidentViewColumns } from './incident-view.columns';

@Entity('incidents')
class TestIncidentView extends IncidentViewColumns {
  @Column({ type: 'varchar' })
  status: 'reported' | 'active' | 'contained' | 'closed' | 'cancelled';
}

/** One table in memory; records the lock mode of each read. */
function fakeManager() {
  const rows = new Map<string, TestIncidentView>();
  const locks: unknown[] = [];
  const manager = {
    findOne: (_entity: unknown, options: { where: { id: string }; lock?: unknown }) => {
      locks.push(options.lock);
      return Promise.resolve(rows.get(options.where.id) ?? null);
    },
    findOneBy: (_entity: unknown, where: { id: string }) =>
      Promise.resolve(rows.get(where.id) ?? null),
    create: (_entity: unknown, plain: Record<string, unknown>) =>
      Object.assign(new TestIncidentView(), plain),
    save: (row: TestIncidentView) => {
      rows.set(row.id, { ...row });
      return Promise.resolve(row);
    },
  } as unknown as EntityManager;
  return { manager, rows, locks };
}

const snapshot = EVENT_EXAMPLES['incident.status-changed'];
const event = (revision: number, status: typeof snapshot.status, region = snapshot.region) => ({
  occurredAt: '2024-04-02T06:00:00.000Z',
  payload: { ...snapshot, revision, status, region },
});

describe('IncidentReadModel', () => {
  const model = new IncidentReadModel(TestIncidentView);

  it('writes a newer snapshot under a row lock and tells what changed', async () => {
    const { manager, rows, locks } = fakeManager();
    const first = await model.apply(manager, event(1, 'active'));
    expect(first?.previous).toBeUndefined();
    expect(first?.current).toMatchObject({
      id: snapshot.incidentId,
      status: 'active',
      revision: 1,
    });
    const moved = await model.apply(manager, event(2, 'active', 'KZ-27'));
    expect(moved).toMatchObject({ previous: { region: 'KZ-15' }, current: { region: 'KZ-27' } });
    expect(locks).toEqual([{ mode: 'pessimistic_write' }, { mode: 'pessimistic_write' }]);
    expect(rows.get(snapshot.incidentId)?.revision).toBe(2);
  });

  it('writes nothing for an older or replayed snapshot', async () => {
    const { manager, rows } = fakeManager();
    await model.apply(manager, event(3, 'closed'));
    expect(await model.apply(manager, event(2, 'active'))).toBeUndefined();
    expect(await model.apply(manager, event(3, 'closed'))).toBeUndefined();
    expect(rows.get(snapshot.incidentId)).toMatchObject({ status: 'closed', revision: 3 });
  });

  it('finds a stored incident, and nothing for an unknown one', async () => {
    const { manager } = fakeManager();
    await model.apply(manager, event(1, 'reported'));
    expect(await model.find(manager, snapshot.incidentId)).toMatchObject({ status: 'reported' });
    expect(await model.find(manager, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });
});
