import { Injectable } from '@nestjs/common';
import type { IncidentSnapshotV1 } from '@relief/contracts';
import type { EntityManager } from 'typeorm';
import { IncidentViewEntity } from './incident-view.entity';
import { isEnded, isNewerIncidentEvent, type IncidentView } from './incident-view';

@Injectable()
export class IncidentViewsService {
  async apply(
    manager: EntityManager,
    snapshot: IncidentSnapshotV1,
    occurredAt: Date,
  ): Promise<void> {
    const current = await manager.findOne(IncidentViewEntity, {
      where: { incidentId: snapshot.incidentId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!isNewerIncidentEvent(current ?? undefined, occurredAt)) return;
    // A closed incident stays closed whatever older news arrives.
    const status = current && isEnded(current.status) ? current.status : snapshot.status;
    const view: IncidentView = {
      incidentId: snapshot.incidentId,
      reference: snapshot.reference,
      title: snapshot.title,
      region: snapshot.region,
      status,
      lastEventAt: occurredAt,
    };
    await manager.save(IncidentViewEntity, Object.assign(new IncidentViewEntity(), view));
  }

  async find(manager: EntityManager, incidentId: string): Promise<IncidentView | undefined> {
    return (await manager.findOneBy(IncidentViewEntity, { incidentId })) ?? undefined;
  }
}
