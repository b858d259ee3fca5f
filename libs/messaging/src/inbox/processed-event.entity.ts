import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The inbox: events a consumer group has applied. Inserted in the same transaction as the
 * handler's effect; a second delivery finds the row and is skipped.
 * Schema: migrations/1600000000001-messaging-inbox.migration.ts (never synchronize).
 */
@Entity({ name: 'processed_events' })
export class ProcessedEventEntity {
  @PrimaryColumn({ name: 'consumer_group', type: 'text' })
  consumerGroup: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType: string;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt: Date;
}
