import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@relief/audit';
import type { AuthUser } from '@relief/auth';
import { DataSource } from 'typeorm';
import { SubscribersService } from '../subscribers/subscribers.service';
import { NotificationLedger } from './notification-ledger';
import type { NotificationEntity } from './notification.entity';
import { NotificationException } from './notification.exception';

export type NotificationFilter = Partial<
  Pick<NotificationEntity, 'eventId' | 'subscriberId' | 'channel' | 'status'>
> & { limit: number };

/** The filters of the caller's own ledger: the subscriber is always theirs. */
export type OwnNotificationFilter = Omit<NotificationFilter, 'eventId' | 'subscriberId'>;

@Injectable()
export class NotificationsService {
  constructor(
    private readonly ledger: NotificationLedger,
    private readonly subscribers: SubscribersService,
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  list(q: NotificationFilter): Promise<NotificationEntity[]> {
    return this.ledger.list(
      {
        ...(q.eventId ? { eventId: q.eventId } : {}),
        ...(q.subscriberId ? { subscriberId: q.subscriberId } : {}),
        ...(q.channel ? { channel: q.channel } : {}),
        ...(q.status ? { status: q.status } : {}),
      },
      q.limit,
    );
  }

  /**
   * The rows of the subscriber linked to the caller, and of no other: 404 `subscriber_not_found`
   * when none is (as GET /subscribers/me).
   */
  async mine(user: AuthUser, q: OwnNotificationFilter): Promise<NotificationEntity[]> {
    const subscriber = await this.subscribers.mine(user);
    return this.list({ ...q, subscriberId: subscriber.id });
  }

  /**
   * Only `failed` (given up) and `unknown` (SMS in doubt) rows: a person decided that one more
   * message is better than none. The row gets a fresh attempt budget.
   */
  async resend(id: string): Promise<NotificationEntity> {
    const marked = await this.dataSource.transaction(async (manager) => {
      const before = await this.ledger.markForResend(manager, id);
      if (before === undefined) return false;
      // A person's decision that emits no event: the audit trail records it.
      await this.audit.record(manager, {
        objectType: 'notification',
        objectId: id,
        action: 'notification.resend-requested',
        changes: { before: { status: before }, after: { status: 'pending', attempts: 0 } },
      });
      return true;
    });
    const row = await this.ledger.find(id);
    if (!row)
      throw new NotificationException(
        'not-found',
        'notification_not_found',
        `no notification ${id}`,
      );
    if (!marked) {
      throw new NotificationException(
        'conflict',
        'not_resendable',
        `notification ${id} is ${row.status}`,
        {
          status: row.status,
        },
      );
    }
    return row;
  }
}
