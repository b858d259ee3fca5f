import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@relief/audit';
import { type DomainEvent, type EventEnvelope } from '@relief/contracts';
import { RequestContext, traceHeaders } from '@relief/observability';
import { type EntityManager } from 'typeorm';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from '../messaging.options';
import { buildEnvelope, InvalidEventError } from './build-envelope';

/**
 * Records events in the outbox inside the caller's transaction; the relay publishes them after
 * the commit, with the row's headers (the active span's `traceparent` among them). Every event is also recorded in the service's audit trail, in the same
 * transaction (who, when, which request, what: the payload), so no state change that emits an
 * event can miss it; `unauditedEventTypes` names the few that are not. Order per aggregate follows insertion order, so change the aggregate's row (which
 * locks it) before appending its event in the same transaction.
 *
 * ```ts
 * await dataSource.transaction(async (manager) => {
 *   await manager.save(incident);
 *   await outbox.append(manager, {
 *     type: EventTypes.IncidentReported, version: 1, aggregateId: incident.id, payload,
 *   });
 * });
 * ```
 */
@Injectable()
export class OutboxService {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
    private readonly audit: AuditTrail,
  ) {}

  /** Appends one event; returns its envelope (the id is the event id). */
  async append(manager: EntityManager, event: DomainEvent): Promise<EventEnvelope> {
    const [envelope] = await this.appendAll(manager, [event]);
    return envelope;
  }

  /** Appends several events in the given order, in one statement. */
  async appendAll(manager: EntityManager, events: DomainEvent[]): Promise<EventEnvelope[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      // Outside a transaction the event could commit without the change, or the other way round.
      throw new InvalidEventError(
        'outbox.append needs the EntityManager of an open transaction (dataSource.transaction(...))',
      );
    }
    if (events.length === 0) return [];
    const context = RequestContext.current();
    const built = events.map((event) =>
      buildEnvelope(event, { producer: this.options.serviceName, context }),
    );
    // The span appending (the request's, or the consumer's) becomes the parent of the consumers'.
    const trace = traceHeaders();
    const params: unknown[] = [];
    const rows = built.map(({ definition, envelope, value, headers }) => {
      const first = params.length + 1;
      params.push(
        envelope.id,
        definition.topic,
        envelope.aggregateId,
        envelope.type,
        envelope.version,
        value,
        JSON.stringify({ ...headers, ...trace }),
      );
      const placeholders = Array.from({ length: 7 }, (_, i) => `$${first + i}`);
      return `(${placeholders.join(', ')})`;
    });
    await manager.query(
      `INSERT INTO outbox_events (id, topic, key, type, version, envelope, headers)
       VALUES ${rows.join(', ')}`,
      params,
    );
    const unaudited = this.options.unauditedEventTypes;
    await this.audit.recordAll(
      manager,
      built
        .map((b) => b.envelope)
        .filter((envelope) => !unaudited.includes(envelope.type))
        .map((envelope) => ({
          objectType: envelope.type.split('.')[0],
          objectId: envelope.aggregateId,
          action: envelope.type,
          changes: envelope.payload,
          actor: envelope.actor,
          correlationId: envelope.correlationId,
          causationId: envelope.causationId ?? null,
          eventId: envelope.id,
          occurredAt: envelope.occurredAt,
        })),
    );
    return built.map((b) => b.envelope);
  }
}
