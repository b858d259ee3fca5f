import { Injectable, Logger } from '@nestjs/common';
import type { ConsumedEvent, IncidentSnapshotV1 } from '@relief/contracts';
import type { EntityManager } from 'typeorm';
import { RequestsService } from '../requests/requests.service';
import { IncidentViewEntity } from './incident-view.entity';
import { applyIncidentSnapshot, isEnded } from './incident-view';

type IncidentEvent = ConsumedEvent<
  | 'incident.reported'
  | 'incident.updated'
  | 'incident.severity-changed'
  | 'incident.status-changed'
  | 'incident.situation-updated'
  | 'incident.closed'
>;

/**
 * Keeps the incident read model; closes the requests of an incident that closes, and moves those
 * of an incident whose region was corrected.
 */
@Injectable()
export class IncidentsService {
  private readonly log = new Logger(IncidentsService.name);

  constructor(private readonly requests: RequestsService) {}

  async apply(manager: EntityManager, event: IncidentEvent): Promise<void> {
    const snapshot: IncidentSnapshotV1 = event.payload;
    const row = await manager.findOne(IncidentViewEntity, {
      where: { id: snapshot.incidentId },
      lock: { mode: 'pessimistic_write' },
    });
    const next = applyIncidentSnapshot(row ?? undefined, snapshot, new Date(event.occurredAt));
    if (!next) return;
    await manager.save(IncidentViewEntity, Object.assign(new IncidentViewEntity(), next));
    if (row && row.region !== next.region) {
      const moved = await this.requests.followIncidentRegion(manager, next.id, next.region);
      if (moved > 0) {
        this.log.log(`moved ${moved} request(s) of incident ${next.reference} to ${next.region}`);
      }
    }
    if (isEnded(next.status)) {
      const reason =
        event.type === 'incident.closed' && event.payload.reason
          ? `incident ${next.reference} ${next.status}: ${event.payload.reason}`
          : `incident ${next.reference} ${next.status}`;
      const closed = await this.requests.closeForIncident(manager, next.id, reason);
      if (closed > 0) this.log.log(`closed ${closed} request(s) of incident ${next.reference}`);
    }
  }
}
