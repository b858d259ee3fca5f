import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Hazard, IncidentMode, IncidentStatus, Severity } from '@relief/contracts';
import { OutboxService } from '@relief/messaging';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import { RegionsService } from '../regions/regions.service';
import {
  checkFigures,
  checkOccurredAt,
  FIGURE_NAMES,
  Incident,
  NO_FIGURES,
  type IncidentDescription,
  type IncidentFigures,
  type IncidentPatch,
  timelineEntryOf,
  type IncidentEvent,
  type IncidentState,
} from './incident';
import { decodeCursor, encodeCursor } from './incident-cursor';
import { IncidentEntity, toIncidentRow, toIncidentState } from './incident.entity';
import { toContractEvents } from './incident-events';
import { IncidentException } from './incident.exception';
import { IncidentReferenceAllocator } from './incident-reference.allocator';
import { IncidentTimelineEntity } from './incident-timeline.entity';
import { CapAlertVersionEntity } from '../cap/cap-alert-version.entity';
import { capIdentifier } from '../cap/cap-alert';

export type NewIncident = Omit<IncidentDescription, 'occurredAt' | 'location'> & {
  occurredAt?: Date;
  location: { latitude: number; longitude: number; radiusKm?: number } | null;
  figures?: Partial<IncidentFigures>;
  /** Fixed here, at filing; `actual` when left out. */
  mode?: IncidentMode;
};

export interface IncidentFilter {
  region?: string[];
  hazard?: Hazard[];
  status?: IncidentStatus[];
  severity?: Severity[];
  mode?: IncidentMode[];
  reference?: string;
  reportedFrom?: Date;
  reportedTo?: Date;
  limit: number;
  cursor?: string;
}

export interface IncidentPage {
  items: IncidentState[];
  nextCursor: string | null;
}

/** What the CAP export needs besides the incident. */
export interface CapSource {
  incident: IncidentState;
  regionName: string;
  previousSentAt?: Date;
}

/** Statuses shown in the public feed; terminal ones stay there for a day so the end is seen. */
const CURRENT_STATUSES: readonly IncidentStatus[] = ['reported', 'active', 'contained'];
const ENDED_VISIBLE_MS = 24 * 3600_000;
const FEED_MAX = 200;

/**
 * Transactions around the Incident domain: each write locks the incident's row, checks the
 * version the caller based the change on, applies the rule, and stores the new state, one
 * timeline entry and the outgoing events together (or nothing at all).
 */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly regions: RegionsService,
    private readonly references: IncidentReferenceAllocator,
  ) {}

  async file(input: NewIncident, actor: string): Promise<IncidentState> {
    const now = new Date();
    const occurredAt = input.occurredAt ?? now;
    const figures = { ...NO_FIGURES };
    // Only the figures given: a DTO may carry the others as own properties set to undefined.
    for (const name of FIGURE_NAMES) {
      const value = input.figures?.[name];
      if (value !== undefined) figures[name] = value;
    }
    // Checked before a reference number is taken (a failure would give it back anyway).
    checkOccurredAt(occurredAt, now);
    checkFigures(figures);
    const location = input.location && {
      latitude: input.location.latitude,
      longitude: input.location.longitude,
      radiusKm: input.location.radiusKm ?? 0,
    };
    return this.dataSource.transaction(async (manager) => {
      const region = await this.requireRegion(manager, input.region);
      const reference = await this.references.next(manager, {
        hazard: input.hazard,
        year: occurredAt.getUTCFullYear(),
        country: region.country,
        regionCode: region.referenceCode,
      });
      const { incident, events } = Incident.file(
        { ...input, occurredAt, location, figures },
        { id: randomUUID(), reference },
        actor,
        now,
      );
      await manager.insert(IncidentEntity, toIncidentRow(incident.snapshot));
      await this.record(manager, incident, events);
      return incident.snapshot;
    });
  }

  async get(id: string): Promise<IncidentState> {
    const row = await this.dataSource.manager.findOneBy(IncidentEntity, { id });
    if (!row) throw notFound(id);
    return toIncidentState(row);
  }

  async list(filter: IncidentFilter): Promise<IncidentPage> {
    const query = this.dataSource.manager.createQueryBuilder(IncidentEntity, 'i');
    if (filter.region?.length)
      query.andWhere('i.region IN (:...regions)', { regions: filter.region });
    if (filter.hazard?.length)
      query.andWhere('i.hazard IN (:...hazards)', { hazards: filter.hazard });
    if (filter.status?.length)
      query.andWhere('i.status IN (:...statuses)', { statuses: filter.status });
    if (filter.severity?.length) {
      query.andWhere('i.severity IN (:...severities)', { severities: filter.severity });
    }
    if (filter.mode?.length) query.andWhere('i.mode IN (:...modes)', { modes: filter.mode });
    if (filter.reference)
      query.andWhere('i.reference = :reference', { reference: filter.reference });
    if (filter.reportedFrom)
      query.andWhere('i.reported_at >= :from', { from: filter.reportedFrom });
    if (filter.reportedTo) query.andWhere('i.reported_at < :to', { to: filter.reportedTo });
    if (filter.cursor) {
      const after = decodeCursor(filter.cursor);
      query.andWhere('(i.reported_at, i.id) < (:afterAt, :afterId)', {
        afterAt: after.reportedAt,
        afterId: after.id,
      });
    }
    // One extra row tells whether there is a next page.
    const rows = await query
      .orderBy('i.reported_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(filter.limit + 1)
      .getMany();
    const items = rows.slice(0, filter.limit).map(toIncidentState);
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        rows.length > filter.limit && last
          ? encodeCursor({ reportedAt: last.reportedAt, id: last.id })
          : null,
    };
  }

  update(id: string, basedOn: number, patch: IncidentPatch, actor: string) {
    return this.change(id, basedOn, async (incident, manager, now) => {
      if (patch.region !== undefined && patch.region !== incident.snapshot.region) {
        await this.requireRegion(manager, patch.region);
      }
      return incident.update(patch, actor, now);
    });
  }

  changeStatus(
    id: string,
    basedOn: number,
    status: IncidentStatus,
    reason: string | null,
    actor: string,
  ) {
    return this.change(id, basedOn, (incident, _manager, now) =>
      incident.changeStatus(status, reason, actor, now),
    );
  }

  addSituationUpdate(
    id: string,
    basedOn: number,
    text: string,
    figures: Partial<IncidentFigures> | undefined,
    actor: string,
  ) {
    return this.change(id, basedOn, (incident, _manager, now) =>
      incident.addSituationUpdate(text, figures, actor, now),
    );
  }

  async timeline(id: string, after: number, limit: number): Promise<IncidentTimelineEntity[]> {
    await this.get(id);
    return this.dataSource.manager
      .createQueryBuilder(IncidentTimelineEntity, 't')
      .where('t.incident_id = :id', { id })
      .andWhere('t.sequence > :after', { after })
      .orderBy('t.sequence', 'ASC')
      .limit(limit)
      .getMany();
  }

  async capSource(id: string): Promise<CapSource> {
    const incident = await this.get(id);
    const region = await this.regions.find(incident.region);
    const previous =
      incident.version > 1
        ? await this.dataSource.manager.findOneBy(IncidentTimelineEntity, {
            incidentId: id,
            incidentVersion: incident.version - 1,
          })
        : null;
    return {
      incident,
      regionName: region?.name ?? incident.region,
      previousSentAt: previous?.recordedAt,
    };
  }

  /**
   * An issued CAP message by its identifier (`<reference>-v<version>`): the incident as that
   * version left it, and the version before's time for <references>.
   */
  async capSourceByIdentifier(identifier: string): Promise<CapSource> {
    const row = await this.dataSource.manager.findOneBy(CapAlertVersionEntity, { identifier });
    if (!row) {
      throw new IncidentException(
        'not-found',
        'cap_alert_not_found',
        `no CAP alert ${identifier} was issued here`,
      );
    }
    const incident = restoreState(row.state);
    const region = await this.regions.find(incident.region);
    const previous =
      row.incidentVersion > 1
        ? await this.dataSource.manager.findOneBy(CapAlertVersionEntity, {
            incidentId: row.incidentId,
            incidentVersion: row.incidentVersion - 1,
          })
        : null;
    const previousTimeline =
      row.incidentVersion > 1 && !previous
        ? await this.dataSource.manager.findOneBy(IncidentTimelineEntity, {
            incidentId: row.incidentId,
            incidentVersion: row.incidentVersion - 1,
          })
        : null;
    return {
      incident,
      regionName: region?.name ?? incident.region,
      previousSentAt: previous?.sentAt ?? previousTimeline?.recordedAt,
    };
  }

  /**
   * Incidents the public should know about now, most recently changed first: real ones only by
   * default (`modes`), so a drill never reaches the public feed; the operators' drill feed asks
   * for `exercise` and `test`.
   */
  async currentAlerts(
    now = new Date(),
    modes: readonly IncidentMode[] = ['actual'],
  ): Promise<{ incident: IncidentState; regionName: string }[]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(IncidentEntity, 'i')
      .where('i.mode IN (:...modes)', { modes })
      .andWhere(
        new Brackets((current) =>
          current
            .where('i.status IN (:...current)', { current: CURRENT_STATUSES })
            .orWhere('i.updated_at >= :since', {
              since: new Date(now.getTime() - ENDED_VISIBLE_MS),
            }),
        ),
      )
      .orderBy('i.updated_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(FEED_MAX)
      .getMany();
    const names = new Map((await this.regions.list()).map((r) => [r.code, r.name]));
    return rows.map((row) => ({
      incident: toIncidentState(row),
      regionName: names.get(row.region) ?? row.region,
    }));
  }

  /** Locks the incident, checks the version, applies the rule, records the result. */
  private change(
    id: string,
    basedOn: number,
    apply: (
      incident: Incident,
      manager: EntityManager,
      now: Date,
    ) => Promise<IncidentEvent[]> | IncidentEvent[],
  ): Promise<{ incident: IncidentState; entry?: IncidentTimelineEntity }> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(IncidentEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw notFound(id);
      const incident = Incident.restore(toIncidentState(row));
      incident.assertVersion(basedOn);
      const events = await apply(incident, manager, new Date());
      if (events.length === 0) return { incident: incident.snapshot };
      const { affected } = await manager.update(
        IncidentEntity,
        { id, version: basedOn },
        toIncidentRow(incident.snapshot),
      );
      // The row lock makes this impossible; if it ever happens, refuse rather than overwrite.
      if (affected !== 1) {
        throw new IncidentException('stale', 'stale_version', 'the incident changed meanwhile');
      }
      const entry = await this.record(manager, incident, events);
      return { incident: incident.snapshot, entry };
    });
  }

  /** The timeline entry and the outgoing events of one write, in the write's transaction. */
  private async record(
    manager: EntityManager,
    incident: Incident,
    events: readonly IncidentEvent[],
  ): Promise<IncidentTimelineEntity> {
    const state = incident.snapshot;
    const line = timelineEntryOf(state, events);
    if (!line) throw new Error(`a write of incident ${state.id} recorded without events`);
    const entry = Object.assign(new IncidentTimelineEntity(), {
      incidentId: state.id,
      incidentVersion: state.version,
      kind: line.kind,
      text: line.text,
      status: state.status,
      severity: state.severity,
      ...state.figures,
      recordedAt: state.updatedAt,
      recordedBy: state.updatedBy,
    });
    await manager.save(entry);
    // The CAP message this version issues, kept so its identifier stays fetchable.
    await manager.save(
      Object.assign(new CapAlertVersionEntity(), {
        identifier: capIdentifier(state.reference, state.version),
        incidentId: state.id,
        incidentVersion: state.version,
        sentAt: state.updatedAt,
        state: JSON.parse(JSON.stringify(state)) as Record<string, unknown>,
      }),
    );
    await this.outbox.appendAll(manager, toContractEvents(state, events));
    return entry;
  }

  private async requireRegion(manager: EntityManager, code: string) {
    const region = await this.regions.find(code, manager);
    if (!region) {
      throw IncidentException.invalidField(
        'unknown_region',
        'region',
        `unknown region ${code}: use a code from GET /regions (an admin can add one)`,
      );
    }
    return region;
  }
}

function notFound(id: string): IncidentException {
  return new IncidentException('not-found', 'incident_not_found', `no incident ${id}`);
}

/** An IncidentState read back from JSON (its dates were written as ISO strings). */
function restoreState(json: Record<string, unknown>): IncidentState {
  const state = json as unknown as IncidentState & Record<string, unknown>;
  const date = (value: unknown) => new Date(value as string);
  return {
    ...state,
    occurredAt: date(state.occurredAt),
    reportedAt: date(state.reportedAt),
    updatedAt: date(state.updatedAt),
  };
}
