import type { ConsumedIncidentEvent, IncidentSnapshotV1 } from '@relief/contracts';
import type { DeepPartial, EntityManager, EntityTarget, FindOptionsWhere } from 'typeorm';
import type { IncidentViewColumns } from './incident-view.columns';
import { nextIncidentView, type IncidentViewOrder } from './incident-view';

/** A service's incident row: the shared columns, a status, and whatever else it keeps. */
export type IncidentViewRow = IncidentViewColumns & IncidentViewOrder;

/** What an applied event changed: the row before (none for a new incident) and after. */
export interface IncidentViewChange<R extends IncidentViewRow> {
  previous: R | undefined;
  current: R;
}

/**
 * The one way a service keeps its incident read model from `incident.events`: in the consumer's
 * transaction (`ctx.manager`), under a lock on the incident's row, apply only a newer snapshot
 * (`nextIncidentView`). Each service owns its table; this writes the columns its entity has.
 */
export class IncidentReadModel<R extends IncidentViewRow> {
  constructor(private readonly entity: EntityTarget<R> & (new () => R)) {}

  /** The change the event made, or `undefined` for an older or replayed one (nothing written). */
  async apply(
    manager: EntityManager,
    event: Pick<ConsumedIncidentEvent, 'occurredAt'> & { payload: IncidentSnapshotV1 },
  ): Promise<IncidentViewChange<R> | undefined> {
    const previous = await manager.findOne<R>(this.entity, {
      where: { id: event.payload.incidentId } as FindOptionsWhere<R>,
      lock: { mode: 'pessimistic_write' },
    });
    const next = nextIncidentView(previous, event);
    if (!next) return undefined;
    // TypeORM persists only the entity's columns: a service keeps what it declares.
    const current = manager.create(this.entity, next as unknown as DeepPartial<R>);
    await manager.save(current);
    return { previous: previous ?? undefined, current };
  }

  async find(manager: EntityManager, id: string): Promise<R | undefined> {
    return (await manager.findOneBy<R>(this.entity, { id } as FindOptionsWhere<R>)) ?? undefined;
  }
}
