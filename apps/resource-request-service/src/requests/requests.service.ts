import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { OutboxService } from '@relief/messaging';
import type { IncidentMode, RequestPriority, RequestScope, RequestStatus } from '@relief/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogueException } from '../catalogue/catalogue.exception';
import { CatalogueService, type ItemChoice } from '../catalogue/catalogue.service';
import { KitVersionsService } from '../catalogue/kit-versions.service';
import { IncidentViewEntity } from '../incidents/incident-view.entity';
import {
  assertAcceptsRequests,
  assertKnownRegion,
  regionForRequest,
} from '../incidents/incident-view';
import type { Coverage } from './coverage';
import { buildCoverageReport, type CoverageLine, type CoverageReport } from './coverage-report';
import { toContractEvents } from './request-events';
import { RequestException } from './request.exception';
import { ResourceRequestEntity, toProps, toRow } from './resource-request.entity';
import {
  ResourceRequest,
  type Coordinates,
  type DeliveryLocation,
  type IncidentClosure,
  type RequestChanges,
  type RequestEvent,
  type ResourceRequestProps,
} from './resource-request';

/** A request as the API shows it: its state, its coverage and its incident's reference. */
export interface RequestRecord {
  request: Readonly<ResourceRequestProps>;
  coverage: Coverage;
  incidentReference: string;
}

/** Where to deliver, as the caller says it: the region may be left out (the incident's). */
export interface LocationInput {
  region?: string;
  address?: string | null;
  coordinates?: Coordinates | null;
}

export interface NewRequest {
  incidentId: string;
  item: ItemChoice;
  quantity: number;
  priority: RequestPriority;
  neededBy: string;
  location: LocationInput;
  notes: string | null;
  scope: RequestScope;
}

export type RequestEdit = Omit<RequestChanges, 'location'> & { location?: LocationInput };

export interface RequestFilter {
  incidentId?: string;
  region?: string;
  status?: RequestStatus;
  scope?: RequestScope;
  itemCode?: string;
  priority?: RequestPriority;
  limit: number;
  offset: number;
}

export interface RequestPage {
  items: RequestRecord[];
  total: number;
  limit: number;
  offset: number;
}

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
    private readonly kits: KitVersionsService,
  ) {}

  async raise(input: NewRequest, actor: string): Promise<RequestRecord> {
    const resolved = await this.catalogue.resolve(input.item);
    if (resolved.code === null && input.item.version !== undefined) {
      throw CatalogueException.invalidField(
        'version_of_free_item',
        'item.version',
        'only a catalogue item (item.code) has versions',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const version =
        resolved.code === null
          ? null
          : await this.kits.versionForRequest(
              manager,
              resolved.code,
              input.item.version,
              'item.version',
            );
      const item = { ...resolved, version };
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
          // A drill's requests are drills too: the mode comes from the incident, never the caller.
          mode: incident.mode,
          item,
          quantity: input.quantity,
          priority: input.priority,
          neededBy: input.neededBy,
          location: toLocation(input.location, region),
          notes: input.notes,
          scope: input.scope,
        },
        { id: randomUUID(), by: actor, now: new Date() },
      );
      await manager.insert(ResourceRequestEntity, toRow(request.snapshot, incident.reference));
      await this.outbox.appendAll(manager, toContractEvents(request, incident.reference, events));
      return recordOf(request, incident.reference);
    });
  }

  async get(id: string): Promise<RequestRecord> {
    const row = await this.dataSource.manager.findOneBy(ResourceRequestEntity, { id });
    if (!row) throw notFound(id);
    return recordOf(ResourceRequest.restore(toProps(row)), row.incidentReference);
  }

  async list(query: RequestFilter): Promise<RequestPage> {
    const { limit, offset } = query;
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
    const items = rows.map((row) =>
      recordOf(ResourceRequest.restore(toProps(row)), row.incidentReference),
    );
    return { items, total, limit, offset };
  }

  /**
   * Every request of an incident with requested / pledged / delivered / remaining. A drill's
   * (exercise, test) only when asked for with `includeDrills`: reports and exports leave drills
   * out by default, so none is ever counted as a real need by mistake.
   */
  async coverageReport(
    incidentId: string,
    options: { includeDrills?: boolean } = {},
  ): Promise<CoverageReport> {
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
    const mode = (incident?.mode ?? rows[0]?.mode ?? 'actual') as IncidentMode;
    if (mode !== 'actual' && !options.includeDrills) {
      throw new RequestException(
        'unprocessable',
        'incident_is_drill',
        `incident ${reference} is ${mode === 'test' ? 'a test' : 'an exercise'}: drills are left out of coverage reports and exports; ask with ?includeDrills=true`,
        { incidentId, mode },
      );
    }
    return buildCoverageReport({ id: incidentId, reference, mode }, lines, new Date());
  }

  update(id: string, input: RequestEdit, expectedVersion: number): Promise<RequestRecord> {
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
        if (!incident) throw new Error('withIncident: the incident is loaded with the request');
        const region = regionForRequest(location.region, incident);
        return request.update(changes(toLocation(location, region)), now);
      },
      { withIncident: true },
    );
  }

  changeScope(
    id: string,
    scope: RequestScope,
    reason: string | null,
    expectedVersion: number,
  ): Promise<RequestRecord> {
    return this.change(id, expectedVersion, (request, now) =>
      request.changeScope(scope, reason, now),
    );
  }

  cancel(id: string, reason: string, expectedVersion: number): Promise<RequestRecord> {
    return this.change(id, expectedVersion, (request, now) => request.cancel(reason, now));
  }

  /** incident.closed: every request of the incident still in progress closes with it. */
  closeForIncident(
    manager: EntityManager,
    incidentId: string,
    closure: IncidentClosure,
  ): Promise<number> {
    return this.changeEachOf(manager, incidentId, (request, now) =>
      request.closeWithIncident(closure, now),
    );
  }

  /** The incident's region was corrected: its requests still in progress move with it. */
  followIncidentRegion(
    manager: EntityManager,
    incidentId: string,
    region: string,
  ): Promise<number> {
    return this.changeEachOf(manager, incidentId, (request, now) =>
      request.moveToRegion(region, now),
    );
  }

  /**
   * Applies `change` to every request of an incident, each locked in turn (id order, as every
   * other writer takes them); returns how many changed.
   */
  private async changeEachOf(
    manager: EntityManager,
    incidentId: string,
    change: (request: ResourceRequest, now: Date) => RequestEvent[],
  ): Promise<number> {
    const ids = await manager.find(ResourceRequestEntity, {
      select: { id: true },
      where: { incidentId },
      order: { id: 'ASC' },
    });
    let changed = 0;
    for (const { id } of ids) {
      const locked = await this.lock(manager, id);
      if (!locked) continue;
      const events = change(locked.request, new Date());
      if (events.length === 0) continue;
      await this.save(manager, locked, events);
      changed += 1;
    }
    return changed;
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
  ): Promise<RequestRecord> {
    return this.dataSource.transaction(async (manager) => {
      const incident = options.withIncident ? await this.incidentOf(manager, id) : undefined;
      const locked = await this.lock(manager, id);
      if (!locked) throw notFound(id);
      locked.request.assertVersion(expectedVersion);
      const events = act(locked.request, new Date(), incident);
      await this.save(manager, locked, events);
      return recordOf(locked.request, locked.incidentReference);
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

function recordOf(request: ResourceRequest, incidentReference: string): RequestRecord {
  return { request: request.snapshot, coverage: request.coverage, incidentReference };
}

function toLocation(input: LocationInput, region: string): DeliveryLocation {
  return {
    region,
    address: input.address ?? null,
    coordinates: input.coordinates
      ? { latitude: input.coordinates.latitude, longitude: input.coordinates.longitude }
      : null,
  };
}

function notFound(id: string): RequestException {
  return new RequestException('not-found', 'request_not_found', `request ${id} does not exist`);
}
