import type { NotificationChannel } from '@relief/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Audience } from '../matching/recipient-query';
import type { NotificationPart } from './receipts';

/**
 * pending → sending → sent | failed; `sending` past its lease after a crash becomes pending
 * again (email) or `unknown` (SMS: maybe sent, an admin decides). See README.
 */
export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

@Entity('notifications')
export class NotificationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'event_type', type: 'varchar' })
  eventType: string;

  @Column({ name: 'subscriber_id', type: 'uuid' })
  subscriberId: string;

  @Column({ type: 'varchar' })
  channel: NotificationChannel;

  @Column({ type: 'varchar' })
  recipient: string;

  @Column({ type: 'varchar' })
  language: string;

  /** `owner`: the partner whose offer the event is about; `others`: everyone else. */
  @Column({ type: 'varchar' })
  audience: Audience;

  @Column({ type: 'varchar', nullable: true })
  subject: string | null;

  /** Null for rows planned since the fan-out change: the body is their event's message. */
  @Column({ name: 'body_text', type: 'text', nullable: true })
  bodyText: string | null;

  @Column({ name: 'body_html', type: 'text', nullable: true })
  bodyHtml: string | null;

  @Column({ type: 'varchar' })
  status: NotificationStatus;

  @Column({ type: 'int' })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt: Date;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  /** The instance (`<host>/<pid>`) whose delivery worker claimed the row last: a sent row's sender. */
  @Column({ name: 'claimed_by', type: 'varchar', length: 200, nullable: true })
  claimedBy: string | null;

  /** Which provider carried the message (SMS failover: primary or secondary gateway). */
  @Column({ type: 'varchar', nullable: true })
  provider: string | null;

  @Column({ name: 'provider_message_id', type: 'varchar', nullable: true })
  providerMessageId: string | null;

  /** A free-text receipt of rows sent before receipts were kept per part (notification_parts). */
  @Column({ name: 'delivery_receipt', type: 'varchar', nullable: true })
  deliveryReceipt: string | null;

  @Column({ name: 'last_error', type: 'varchar', nullable: true })
  lastError: string | null;

  /** W3C traceparent of the span that planned the row; the send continues that trace. */
  @Column({ type: 'varchar', length: 55, nullable: true })
  traceparent: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** Not a column: the parts of the latest attempt, filled in by the ledger's reads. */
  parts?: NotificationPart[];
}
