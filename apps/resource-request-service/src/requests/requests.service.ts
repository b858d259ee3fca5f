import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@relief/auth';
import { OutboxService } from '@relief/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogueService } from '../catalogue/catalogue.service';
import { IncidentViewEntity } from '../incidents/incident-view.entity';
import {
  assertAcceptsRequests,
  assertKnownRegion,
  regionForRequest,
} from '../incidents/incident-view';
import { buildCoverageReport, type CoverageLine, type CoverageReport } from './coverage-report';
import { toContractEvents } from './request-events';
import {
  presentRequest,
  type ListRequestsQuery,
  type LocationDto,
  type RaiseRequestDto,
  type ResourceRequestDto,
  type ResourceRequestPageDto,
  type UpdateRequestDto,
} from './request.dto';
import { RequestException } from './request.exception';
import { ResourceRequestEntity, toProps, toRow } from './resource-request.entity';
import {
  ResourceRequest,
  type DeliveryLocation,
  type RequestChanges,
  type RequestEvent,
} from './resource-request';

/** Loaded under a row lock, with what its events need. */
export interface LockedRequest {
  request: ResourceRequest;
  incidentReference: string;
}

const PRIORITY_ORDER = `CASE r.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 ELSE 2 END`;

/** Every write is one transaction: lock the row, let the domain decide, save, append events. */
@Injectable()
export class RequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly catalogue: CatalogueService,
  ) {}

  async raise(input: RaiseRequestDto, user: AuthUser): Promise<ResourceRequestDto> {
    const item = await this.catalogue.resolve(input.item);
    return this.dataSource.transaction(async (manager) => {
      // FOR SHARE: an incident.closed being applied right now (FOR UPDATE) is waited for.
      const incident = await manager.findOne(IncidentViewEntity, {
        where: { id: input.incidentId },
        lock: { mode: 'pessimistic_read' },
      });
      assertKnownRegion(input.location.region, incident);
      assertAcceptsRequests(incident, input.incidentId);
      const region = regionForRequest(input.location.region, incident);
      const { request, events } = ResourceRequest.raise(
        {
          incidentId: input.incidentId,
          item,
          quantity: input.quantity,
          priority: input.priority,
          neededBy: input.neededBy,
          location: toLocation(input.location, region),
          notes: input.notes ?? null,
          scope: input.scope ?? 'domestic',
        },
        { id: randomUUID(), by: user.sub, now: new Date() },
      );
      await manager.insert(ResourceRequestEntity, toRow(request.snapshot, incident.reference));
      await this.outbox.appendAll(manager, toContractEvents(request, incident.reference, events));
      return presentRequest(request.snapshot, request.coverage, incident.reference);
    });
  }

  async get(id: string): Promise<ResourceRequestDto> {
    const row = await this.dataSource.manager.findOneBy(ResourceRequestEntity, { id });
    if (!row) throw notFound(id);
    const request = ResourceRequest.restore(toProps(row));
    return presentRequest(request.snapshot, request.coverage, row.incidentReference);
  }

  async list(query: ListRequestsQuery): Promise<ResourceRequestPageDto> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const qb = this.dataSource.manager.createQueryBuilder(ResourceRequestEntity, 'r');
    if (query.incidentId)
      qb.andWhere('r.incident_id = :incidentId', { incidentId: query.incidentId });
    if (query.region) qb.andWhere('r.region = :region', { region: query.region });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.scope) qb.andWhere('r.scope = :scope', { scope: query.scope });
    if (query.itemCode) qb.andWhere('r.item_code = :itemCode', { itemCode: query.itemCode });
    if (query.priority) qb.andWhere('r.priority = :priority', { priority: query.priority });
    qb.orderBy(PRIORITY_ORDER, 'ASC')
      .addOrderBy('r.needed_by', 'ASC')
      .addOrderBy('r.raised_at', 'ASC');
    const [rows, total] = await qb.take(limit).skip(offset).getManyAndCount();
    const items = rows.map((row) => {
      const request = ResourceRequest.restore(toProps(row));
      return presentRequest(request.snapshot, request.coverage, row.incidentReference);
    });
    return { items, total, limit, offset };
  }

  /** Every request of an incident with requested / pledged / delivered / remaining. */
  async coverageReport(incidentId: string): Promise<CoverageReport> {
    const manager = this.dataSource.manager;
    const incident = await manager.findOneBy(IncidentViewEntity, { id: incidentId });
    const rows = await manager
      .createQueryBuilder(ResourceRequestEntity, 'r')
      .where('r.incident_id = :incidentId', { incidentId })
      .orderBy(PRIORITY_ORDER, 'ASC')
      .addOrderBy('r.needed_by', 'ASC')
      .addOrderBy('r.raised_at', 'ASC')
      .getMany();
    if (!incident && rows.length === 0) {
      throw new RequestException(
        'not-found',
        'incident_not_found',
        `incident ${incidentId} is not known here`,
      );
    }
    const lines = rows.map((row): CoverageLine => {
      const request = ResourceRequest.restore(toProps(row));
      const p = request.snapshot;
      return {
        requestId: p.id,
        itemCode: p.item.code,
        itemName: p.item.name,
        unit: p.item.unit,
        priority: p.priority,
        scope: p.scope,
        status: p.status,
        region: p.location.region,
        neededBy: p.neededBy,
        ...request.coverage,
      };
    });
    const reference = incident?.reference ?? rows[0].incidentReference;
    return buildCoverageReport({ id: incidentId, reference }, lines, new Date());
  }

  update(
    id: string,
    input: UpdateRequestDto,
    expectedVersion: number,
  ): Promise<ResourceRequestDto> {
    const changes = (location?: DeliveryLocation): RequestChanges => ({
      quantity: input.quantity,
      priority: input.priority,
      neededBy: input.neededBy,
      location,
      notes: input.notes,
    });
    const { location } = input;
    if (!location) {
      return this.change(id, expectedVersion, (request, now) => request.update(changes(), now));
    }
    return this.change(
      id,
      expectedVersion,
      (request, now, incident) => {
        const region = regionForRequest(location.region, incident!);
        return request.update(changes(toLocation(location, region)), now);
      },
      { withIncident: true },
    );
  }

  changeScope(
    id: string,
    scope: 'domestic' | 'international',
    reason: string | null,
    expectedVersion: number,
  ): Promise<ResourceRequestDto> {
    return this.change(id, expectedVersion, (request, now) =>
      request.changeScope(scope, reason, now),
    );
  }

  cancel(
    id: string,
    reason: string,
    expectedVersion: number,
  ): Promise<ResourceRequestDto> {
    return this.change(id, expectedVersion, (request, now) => request.cancel(reason, now));
  }

  /** incident.closed: every request of the incident still in progress closes with it. */
  async closeForIncident(
    manager: EntityManager,
    incidentId: string,
    reason: string,
  ): Promise<number> {
    const ids = await manager.find(ResourceRequestEntity, {
      select: { id: true },
      where: { incidentId },
      order: { id: 'ASC' },
    });
    let closed = 0;
    for (const { id } of ids) {
      const locked = await this.lock(manager, id);
      if (!locked) continue;
      const events = locked.request.closeWithIncident(reason, new Date());
      if (events.length === 0) continue;
      await this.save(manager, locked, events);
      closed += 1;
    }
    return closed;
  }

  /** The incident's region was corrected: its requests still in progress move with it. */
  async followIncidentRegion(
    manager: EntityManager,
    incidentId: string,
    region: string,
  ): Promise<number> {
    const ids = await manager.find(ResourceRequestEntity, {
      select: { id: true },
      where: { incidentId },
      order: { id: 'ASC' },
    });
    let moved = 0;
    for (const { id } of ids) {
      const locked = await this.lock(manager, id);
      if (!locked) continue;
      const events = locked.request.moveToRegion(region, new Date());
      if (events.length === 0) continue;
      await this.save(manager, locked, events);
      moved += 1;
    }
    return moved;
  }

  /** The request row, locked until the transaction ends (serialises every change of it). */
  async lock(manager: EntityManager, id: string): Promise<LockedRequest | undefined> {
    const row = await manager.findOne(ResourceRequestEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!row) return undefined;
    return {
      request: ResourceRequest.restore(toProps(row)),
      incidentReference: row.incidentReference,
    };
  }

  /** Saves the request and appends its events, in the caller's transaction. */
  async save(
    manager: EntityManager,
    locked: LockedRequest,
    events: readonly RequestEvent[],
  ): Promise<void> {
    if (events.length === 0) return;
    await manager.save(
      ResourceRequestEntity,
      toRow(locked.request.snapshot, locked.incidentReference),
    );
    await this.outbox.appendAll(
      manager,
      toContractEvents(locked.request, locked.incidentReference, events),
    );
  }

  /**
   * `withIncident`: the act gets the request's incident, locked FOR SHARE before the request's
   * row (the order incident events take them in), so a region correction being applied is waited for.
   */
  private change(
    id: string,
    expectedVersion: number,
    act: (request: ResourceRequest, now: Date, incident?: IncidentViewEntity) => RequestEvent[],
    options: { withIncident?: boolean } = {},
  ): Promise<ResourceRequestDto> {
    return this.dataSource.transaction(async (manager) => {
      const incident = options.withIncident ? await this.incidentOf(manager, id) : undefined;
      const locked = await this.lock(manager, id);
      if (!locked) throw notFound(id);
      locked.request.assertVersion(expectedVersion);
      const events = act(locked.request, new Date(), incident);
      await this.save(manager, locked, events);
      const { request } = locked;
      return presentRequest(request.snapshot, request.coverage, locked.incidentReference);
    });
  }

  private async incidentOf(manager: EntityManager, id: string): Promise<IncidentViewEntity> {
    const row = await manager.findOne(ResourceRequestEntity, {
      select: { id: true, incidentId: true },
      where: { id },
    });
    if (!row) throw notFound(id);
    const incident = await manager.findOne(IncidentViewEntity, {
      where: { id: row.incidentId },
      lock: { mode: 'pessimistic_read' },
    });
    // A request is raised only against a known incident, and the read model never forgets one.
    if (!incident)
      throw new Error(`incident ${row.incidentId} of request ${id} is not in the read model`);
    return incident;
  }
}

function toLocation(dto: LocationDto, region: string): DeliveryLocation {
  return {
    region,
    address: dto.address ?? null,
    coordinates: dto.coordinates
      ? { latitude: dto.coordinates.latitude, longitude: dto.coordinates.longitude }
      : null,
  };
}

function notFound(id: string): RequestException {
  return new RequestException('not-found', 'request_not_found', `request ${id} does not exist`);
}
