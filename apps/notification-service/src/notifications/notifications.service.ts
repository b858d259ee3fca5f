import { Injectable } from '@nestjs/common';
import { NotificationLedger } from './notification-ledger';
import type { NotificationEntity } from './notification.entity';
import { NotificationException } from './notification.exception';

export type NotificationFilter = Partial<
  Pick<NotificationEntity, 'eventId' | 'subscriberId' | 'channel' | 'status'>
> & { limit: number };

@Injectable()
export class NotificationsService {
  constructor(private readonly ledger: NotificationLedger) {}

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
   * Only `failed` (given up) and `unknown` (SMS in doubt) rows: a person decided that one more
   * message is better than none. The row gets a fresh attempt budget.
   */
  async resend(id: string): Promise<NotificationEntity> {
    const marked = await this.ledger.markForResend(id);
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
