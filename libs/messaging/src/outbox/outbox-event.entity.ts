import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An event waiting to be (or already) published. Written in the same transaction as the state
 * change it describes, so the change and its event commit or roll back together.
 * Schema: migrations/1600000000000-messaging-outbox.migration.ts (never synchronize).
 */
@Entity({ name: 'outbox_events' })
@Index('outbox_events_pending_idx', ['seq'], { where: 'published_at IS NULL' })
@Index('outbox_events_published_at_idx', ['publishedAt'], { where: 'published_at IS NOT NULL' })
export class OutboxEventEntity {
  /** The event id (envelope.id). */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Insertion order; the relay publishes in this order. bigint arrives as a string. */
  @Index('outbox_events_seq_key', { unique: true })
  @Column({ type: 'bigint', generated: 'increment', insert: false, update: false })
  seq: string;

  /** Logical topic (without the deployment prefix). */
  @Column({ type: 'text' })
  topic: string;

  /** Kafka message key: the aggregate id. */
  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  envelope: object;

  /** Kafka headers (event-id, event-type, correlation-id ...). */
  @Column({ type: 'jsonb' })
  headers: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /** Publish attempts, failed ones included. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}
