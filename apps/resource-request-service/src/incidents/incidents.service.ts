import { Injectable, Logger } from '@nestjs/common';
import type { ConsumedIncidentEvent } from '@relief/contracts';
import { IncidentReadModel, isEnded } from '@relief/read-models';
import type { EntityManager } from 'typeorm';
import { incidentClosure } from '../requests/resource-request';
import { RequestsService } from '../requests/requests.service';
import { IncidentViewEntity } from './incident-view.entity';

/**
 * Keeps the incident read model; closes the requests of an incident that closes, and moves those
 * of an incident whose region was corrected.
 */
@Injectable()
export class IncidentsService {
  private readonly log = new Logger(IncidentsService.name);
  private readonly readModel = new IncidentReadModel(IncidentViewEntity);

  constructor(private readonly requests: RequestsService) {}

  async apply(manager: EntityManager, event: ConsumedIncidentEvent): Promise<void> {
    const change = await this.readModel.apply(manager, event);
    if (!change) return;
    const { previous: row, current: next } = change;
    if (row && row.region !== next.region) {
      const moved = await this.requests.followIncidentRegion(manager, next.id, next.region);
      if (moved > 0) {
        this.log.log(`moved ${moved} request(s) of incident ${next.reference} to ${next.region}`);
      }
    }
    if (isEnded(next.status)) {
      // A code with the incident's reference; the operator's own words ride along as the note.
      const closure = incidentClosure(
        next.reference,
        next.status === 'cancelled' ? 'cancelled' : 'closed',
        event.type === 'incident.closed' ? event.payload.reason : null,
      );
      const closed = await this.requests.closeForIncident(manager, next.id, closure);
      if (closed > 0) this.log.log(`closed ${closed} request(s) of incident ${next.reference}`);
    }
  }
}
