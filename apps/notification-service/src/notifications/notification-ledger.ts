import { Injectable } from '@nestjs/common';
import type { NotificationChannel } from '@relief/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { Outcome } from '../delivery/delivery-policy';
import { NotificationEntity } from './notification.entity';

/**
 * Channel `add` notifies (`SELECT pg_notify(...)` in the consumer's transaction) when it adds
 * notifications, so the delivery worker sends them at once instead of at its next poll.
 */
export const NOTIFICATIONS_DUE_CHANNEL = 'notifications_due';

/** Ledger rows per INSERT statement (19 columns each). */
const ADD_SLICE = 500;

/** A row claimed for sending: what the provider needs and the notification.* event names. */
export interface ClaimedNotification {
  id: string;
  event_id: string;
  event_type: string;
  subscriber_id: string;
  channel: NotificationChannel;
  recipient: string;
  subject: string | null;
  body_text: string;
  body_html: string | null;
  attempts: number;
}

/**
 * The notification ledger: one row per (event, subscriber, channel). Every read and write of
 * the `notifications` table is here: the planner adds rows, the delivery worker claims and
 * records them, the API lists them and marks them for a resend.
 */
@Injectable()
export class NotificationLedger {
  constructor(private readonly dataSource: DataSource) {}

  /** In the consumer's transaction: the rows commit with the inbox row, and wake the worker. */
  async add(manager: EntityManager, rows: NotificationEntity[]): Promise<void> {
    if (rows.length === 0) return;
    // Wakes the delivery worker when this transaction commits (not before: rows it cannot see yet).
    await manager.query('SELECT pg_notify($1, $2)', [NOTIFICATIONS_DUE_CHANNEL, '']);
    // One statement per slice rather than one per row (PostgreSQL takes up to 65535 parameters).
    for (let i = 0; i < rows.length; i += ADD_SLICE) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(NotificationEntity)
        .values(rows.slice(i, i + ADD_SLICE))
        // The inbox already makes redelivery a no-op; the constraint is the last word.
        .orIgnore()
        .execute();
    }
  }

  /** Marks up to `limit` due rows of `channel` `sending` under a lease (replicas skip each other's). */
  async claim(
    channel: NotificationChannel,
    limit: number,
    leaseMs: number,
  ): Promise<ClaimedNotification[]> {
    const [rows] = await this.dataSource.query<[ClaimedNotification[], number]>(
      `UPDATE notifications
          SET status = 'sending', attempts = attempts + 1, updated_at = now(),
              lease_until = now() + make_interval(secs => $3::double precision / 1000)
        WHERE id IN (SELECT id FROM notifications
                      WHERE status = 'pending' AND channel = $1 AND next_attempt_at <= now()
                      ORDER BY next_attempt_at LIMIT $2
                      FOR UPDATE SKIP LOCKED)
        RETURNING id, event_id, event_type, subscriber_id, channel, recipient, subject, body_text,
                  body_html, attempts`,
      [channel, limit, leaseMs],
    );
    return rows;
  }

  /** Records a send's outcome; false when the lease expired and another attempt took the row. */
  async record(manager: EntityManager, id: string, outcome: Outcome): Promise<boolean> {
    const [, updated] = await manager.query<[unknown, number]>(
      `UPDATE notifications
          SET status = $2, provider_message_id = COALESCE($3, provider_message_id),
              last_error = COALESCE($4, last_error), next_attempt_at = COALESCE($5, next_attempt_at),
              lease_until = NULL, updated_at = now()
        WHERE id = $1 AND status = 'sending'`,
      [
        id,
        outcome.status,
        outcome.status === 'sent' ? outcome.providerMessageId : null,
        outcome.status === 'sent' ? null : outcome.error,
        outcome.status === 'pending' ? outcome.nextAttemptAt : null,
      ],
    );
    return updated === 1;
  }

  /** Rows left `sending` past their lease (a crash): email again, SMS in doubt (`unknown`). */
  async recoverExpiredLeases(): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications
          SET status = CASE channel WHEN 'email' THEN 'pending' ELSE 'unknown' END,
              last_error = CASE channel WHEN 'email' THEN last_error
                           ELSE 'in doubt: the worker stopped between sending and recording' END,
              next_attempt_at = now(), lease_until = NULL, updated_at = now()
        WHERE status = 'sending' AND lease_until < now()`,
    );
  }

  async recordReceipt(providerMessageId: string, status: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET delivery_receipt = $2, updated_at = now()
        WHERE $1 = ANY (string_to_array(provider_message_id, ','))`,
      [providerMessageId, status.slice(0, 200)],
    );
  }

  list(
    where: Partial<Pick<NotificationEntity, 'eventId' | 'subscriberId' | 'channel' | 'status'>>,
    limit: number,
  ): Promise<NotificationEntity[]> {
    return this.dataSource.manager.find(NotificationEntity, {
      where,
      order: { createdAt: 'DESC' },
      take: limit,
    });
  }

  async find(id: string): Promise<NotificationEntity | undefined> {
    return (await this.dataSource.manager.findOneBy(NotificationEntity, { id })) ?? undefined;
  }

  /** A `failed` or `unknown` row back to `pending` with a fresh attempt budget; false otherwise. */
  async markForResend(id: string): Promise<boolean> {
    const [rows] = await this.dataSource.query<[{ id: string }[], number]>(
      `UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
        WHERE id = $1 AND status IN ('failed', 'unknown') RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }
}
