import { BaseRpcContext } from '@nestjs/microservices';
import { type EventEnvelope } from '@relief/contracts';
import { type EntityManager } from 'typeorm';

/**
 * What `@Ctx()` gives an event handler. An interface on purpose: Nest runs global pipes (the
 * services' ValidationPipe) on every handler argument whose type is a class, and would reject
 * this object; for an interface the parameter type is `Object` and pipes leave it alone.
 */
export interface EventContext {
  /**
   * The consumer's transaction. Write through it: the handler's changes, the outbox events it
   * appends and the inbox row commit together, or not at all.
   */
  readonly manager: EntityManager;
  readonly envelope: EventEnvelope;
  /** Logical topic (without the deployment prefix). */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** Kafka headers, decoded to strings. */
  readonly headers: Readonly<Record<string, string>>;
  /** 1 on the first try, counting retries after failures (outages included). */
  readonly attempt: number;
}

/** The object behind `@Ctx()`; also reachable through `host.switchToRpc().getContext()`. */
export class KafkaEventContext
  extends BaseRpcContext<[EventContext['topic'], number, string]>
  implements EventContext
{
  readonly manager: EntityManager;
  readonly envelope: EventEnvelope;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly attempt: number;

  constructor(fields: EventContext) {
    super([fields.topic, fields.partition, fields.offset]);
    Object.assign(this, fields);
  }
}
