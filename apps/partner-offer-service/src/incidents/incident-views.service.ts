import { Injectable } from '@nestjs/common';
import type { ConsumedIncidentEvent } from '@relief/contracts';
import { IncidentReadModel } from '@relief/read-models';
import type { EntityManager } from 'typeorm';
import { IncidentViewEntity } from './incident-view.entity';
import type { IncidentView } from './incident-view';

@Injectable()
export class IncidentViewsService {
  private readonly readModel = new IncidentReadModel(IncidentViewEntity);

  async apply(manager: EntityManager, event: ConsumedIncidentEvent): Promise<void> {
    await this.readModel.apply(manager, event);
  }

  async find(manager: EntityManager, incidentId: string): Promise<IncidentView | undefined> {
    const row = await this.readModel.find(manager, incidentId);
    return row && { ...row, incidentId: row.id };
  }
}
