// class-transformer's @Type reads decorator metadata.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ISO_TIMESTAMP } from './validation';

/** `<aggregate>.<what-happened>`, lower case and dashes, e.g. `incident.severity-changed`. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/**
 * Who caused the event: the authenticated caller of the request that started the chain, or
 * `system:<service>` (no organisation, no roles) for work no person started (scheduled jobs).
 */
export class EventActor {
  /** The token's `sub`, or `system:<service-name>`. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  subject: string;

  /** The token's `org` (partner code), null when it has none. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  organisationId: string | null;

  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  roles: string[];
}

/**
 * What travels as the Kafka message value (JSON) for every event. The payload's shape depends on
 * `type` and `version`: see the event catalogue.
 */
export class EventEnvelope<P extends object = object> {
  /** Unique per event; consumers deduplicate on it. */
  @IsUUID('4')
  id: string;

  @Matches(EVENT_TYPE_PATTERN)
  @MaxLength(100)
  type: string;

  /** Version of the payload of this type; a breaking payload change means a new version. */
  @IsInt()
  @Min(1)
  version: number;

  /** When the state change was committed by the producer. */
  @IsISO8601(ISO_TIMESTAMP)
  occurredAt: string;

  /** Id of the incident, request, offer ... the event is about; also the Kafka message key. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  aggregateId: string;

  /** Id of the HTTP request (or chain of events) that led to this event. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  correlationId: string;

  /** Id of the event whose handling produced this one; null for events caused by a request. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  causationId?: string | null;

  /** Name of the service that produced the event, e.g. `incident-service`. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  producer: string;

  /**
   * Who caused it (for the audit trail of every service the event reaches). Optional: events
   * stored before it existed, and producers of an older version, do not carry it.
   */
  @IsOptional()
  @ValidateNested()
  @Type(() => EventActor)
  actor?: EventActor;

  @IsObject()
  payload: P;
}
