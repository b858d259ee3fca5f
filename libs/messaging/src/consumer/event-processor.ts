import { Logger } from '@nestjs/common';
import { type MessageHandler } from '@nestjs/microservices';
import { decodeEvent, isKnownEventType, type EventEnvelope } from '@relief/contracts';
import { SpanKind, trace } from '@opentelemetry/api';
import { contextFromHeaders, inSpan, RequestContext, type Actor } from '@relief/observability';
import { type KafkaMessage } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import { type DataSource } from 'typeorm';
import { decodeHeaders, type DeadLetterReason } from '../dead-letters/dead-letter.headers';
import { type DeadLetterPublisher } from '../dead-letters/dead-letter.publisher';
import { physicalTopic, type ResolvedMessagingOptions } from '../messaging.options';
import { MessagingMetrics } from '../metrics/messaging.metrics';
import { backoffDelay } from '../retry/backoff';
import { classifyError } from '../retry/classify-error';
import { sleep } from '../retry/sleep';
import { KafkaEventContext } from './event-context';

export interface Delivery {
  /** Logical topic. */
  topic: string;
  partition: number;
  message: KafkaMessage;
}

export interface DeliveryControl {
  /** Aborted when the consumer stops: give up waiting, leave the offset uncommitted. */
  signal: AbortSignal;
  /** kafkajs heartbeat; throws when the group rebalances (let it: the consumer rejoins). */
  heartbeat: () => Promise<void>;
}

/** `done`: the offset may be committed. `stopped`: the consumer is stopping; it may not. */
export type DeliveryOutcome = 'done' | 'stopped';

type ApplyOutcome = 'processed' | 'duplicate';

/**
 * What happens to one Kafka message: decode, dead-letter what cannot be decoded, skip types
 * without a handler, then apply it exactly once (inbox row + handler in one transaction) with
 * retries: outages are waited out without limit, other failures are retried `maxAttempts`
 * times and then dead-lettered.
 */
export class EventProcessor {
  private readonly logger = new Logger('EventConsumer');

  constructor(
    private readonly options: ResolvedMessagingOptions,
    private readonly dataSource: DataSource,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly handlerFor: (type: string) => MessageHandler | undefined,
  ) {}

  async process(delivery: Delivery, control: DeliveryControl): Promise<DeliveryOutcome> {
    const { topic, message } = delivery;
    const decoded = decodeEvent(message.value);
    if (!decoded.ok) {
      // A known type nobody here handles is not our problem, even if we could not decode it.
      if (decoded.type && isKnownEventType(decoded.type) && !this.handlerFor(decoded.type)) {
        MessagingMetrics.ignored.inc({ topic });
        return 'done';
      }
      const correlationId = decodeHeaders(message.headers)['correlation-id'] ?? 'unknown';
      return RequestContext.run({ correlationId }, () =>
        this.park(delivery, decoded.reason, decoded.detail, control),
      );
    }

    const { envelope } = decoded;
    const handler = this.handlerFor(envelope.type);
    if (!handler) {
      MessagingMetrics.ignored.inc({ topic });
      return 'done';
    }
    // A CONSUMER span, child of the outbox relay's send span (the `traceparent` header), around
    // every attempt; the events the handler appends carry it on to their consumers.
    const span = {
      kind: SpanKind.CONSUMER,
      parent: contextFromHeaders(decodeHeaders(message.headers)),
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        // The topic as Kafka names it, as on the send span.
        'messaging.destination.name': physicalTopic(this.options, topic),
        'messaging.destination.partition.id': String(delivery.partition),
        'messaging.kafka.offset': Number(message.offset),
        'messaging.consumer.group.name': this.options.groupId,
        'messaging.message.id': envelope.id,
        'relief.event.type': envelope.type,
      },
    };
    // The consumed event's actor stays the actor of what its handler changes and emits.
    return inSpan(`process ${envelope.type}`, span, () =>
      RequestContext.run(
        {
          correlationId: envelope.correlationId,
          causationId: envelope.id,
          actor: actorOf(envelope),
        },
        () => this.applyWithRetries(delivery, envelope, handler, control),
      ),
    );
  }

  private async applyWithRetries(
    delivery: Delivery,
    envelope: EventEnvelope,
    handler: MessageHandler,
    control: DeliveryControl,
  ): Promise<DeliveryOutcome> {
    const { maxAttempts, retryBackoff, outageBackoff } = this.options.consumer;
    const what = `${envelope.type} v${envelope.version} ${envelope.id} (${delivery.topic}/${delivery.partition}@${delivery.message.offset})`;
    let failures = 0;
    let outages = 0;
    for (;;) {
      if (control.signal.aborted) return 'stopped';
      const attempt = failures + outages + 1;
      try {
        const outcome = await this.applyOnce(delivery, envelope, handler, attempt);
        trace
          .getActiveSpan()
          ?.setAttributes({ 'relief.outcome': outcome, 'relief.attempts': attempt });
        const counter =
          outcome === 'processed' ? MessagingMetrics.consumed : MessagingMetrics.duplicates;
        counter.inc({ topic: delivery.topic, type: envelope.type });
        this.logger.debug?.(`${outcome} ${what}`);
        return 'done';
      } catch (error) {
        if (control.signal.aborted) return 'stopped';
        const kind = classifyError(error);
        MessagingMetrics.retried.inc({ topic: delivery.topic, kind });
        if (kind === 'transient') {
          outages += 1;
          const delay = backoffDelay(outages, outageBackoff);
          this.logger.warn(`${what}: outage (${describe(error)}); retrying in ${delay} ms`);
          if (!(await this.pause(delay, control))) return 'stopped';
          continue;
        }
        failures += 1;
        if (failures >= maxAttempts) {
          this.logger.error(`${what} failed ${failures} times, dead-lettering: ${describe(error)}`);
          return this.park(delivery, 'handler-failed', describe(error), control);
        }
        const delay = backoffDelay(failures, retryBackoff);
        this.logger.warn(
          `${what} failed (attempt ${failures}/${maxAttempts}): ${describe(error)}; retrying in ${delay} ms`,
        );
        if (!(await this.pause(delay, control))) return 'stopped';
      }
    }
  }

  /** The inbox row and the handler's effect, in one transaction. */
  private applyOnce(
    { topic, partition, message }: Delivery,
    envelope: EventEnvelope,
    handler: MessageHandler,
    attempt: number,
  ): Promise<ApplyOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO processed_events (consumer_group, event_id, event_type) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.options.groupId, envelope.id, envelope.type],
      );
      if (inserted.length === 0) return 'duplicate';
      const context = new KafkaEventContext({
        manager,
        envelope,
        topic,
        partition,
        offset: message.offset,
        headers: decodeHeaders(message.headers),
        attempt,
      });
      const result: unknown = await handler(envelope, context);
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      return 'processed';
    });
  }

  /** Dead-letters the message; keeps trying while Kafka is unreachable (the offset waits). */
  private async park(
    delivery: Delivery,
    reason: DeadLetterReason,
    error: string,
    control: DeliveryControl,
  ): Promise<DeliveryOutcome> {
    const where = `${delivery.topic}/${delivery.partition}@${delivery.message.offset}`;
    trace
      .getActiveSpan()
      ?.setAttributes({ 'relief.outcome': 'dead-lettered', 'relief.dead_letter.reason': reason });
    if (reason !== 'handler-failed')
      this.logger.error(`dead-lettering ${where}: ${reason}: ${error}`);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.deadLetters.publish({ ...delivery, reason, error });
        return 'done';
      } catch (publishError) {
        const delay = backoffDelay(attempt, this.options.consumer.outageBackoff);
        this.logger.warn(
          `cannot dead-letter ${where} (${describe(publishError)}); retrying in ${delay} ms`,
        );
        if (!(await this.pause(delay, control))) return 'stopped';
      }
    }
  }

  /** Sleeps while heartbeating, so a long wait does not cost the partition. False if stopped. */
  private async pause(ms: number, control: DeliveryControl): Promise<boolean> {
    const slice = Math.max(100, Math.floor(this.options.consumer.heartbeatInterval / 2));
    for (let left = ms; left > 0; left -= slice) {
      if (!(await sleep(Math.min(slice, left), control.signal))) return false;
      await control.heartbeat();
    }
    return !control.signal.aborted;
  }
}

/** The envelope's actor as the request context holds it; undefined for events without one. */
function actorOf({ actor }: EventEnvelope): Actor | undefined {
  if (!actor) return undefined;
  return {
    subject: actor.subject,
    organisationId: actor.organisationId ?? null,
    roles: actor.roles,
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (error && typeof error === 'object') return JSON.stringify(error);
  return String(error);
}
