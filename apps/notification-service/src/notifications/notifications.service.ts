import { Injectable } from '@nestjs/common';
import { NotificationLedger } from './notification-ledger';
import type { NotificationEntity } from './notification.entity';
import type { ListNotificationsQuery, NotificationDto } from './notification.dto';
import { NotificationException } from './notification.exception';

@Injectable()
export class NotificationsService {
  constructor(private readonly ledger: NotificationLedger) {}

  async list(q: ListNotificationsQuery): Promise<NotificationDto[]> {
    const rows = await this.ledger.list(
      {
        ...(q.eventId ? { eventId: q.eventId } : {}),
        ...(q.subscriberId ? { subscriberId: q.subscriberId } : {}),
        ...(q.channel ? { channel: q.channel } : {}),
        ...(q.status ? { status: q.status } : {}),
      },
      q.limit ?? 100,
    );
    return rows.map(toDto);
  }

  /**
   * Only `failed` (given up) and `unknown` (SMS in doubt) rows: a person decided that one more
   * message is better than none. The row gets a fresh attempt budget.
   */
  async resend(id: string): Promise<NotificationDto> {
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
    return toDto(row);
  }
}

function toDto(r: NotificationEntity): NotificationDto {
  return {
    id: r.id,
    eventId: r.eventId,
    eventType: r.eventType,
    subscriberId: r.subscriberId,
    channel: r.channel,
    recipient: r.recipient,
    language: r.language,
    subject: r.subject,
    text: r.bodyText,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt.toISOString(),
    providerMessageId: r.providerMessageId,
    deliveryReceipt: r.deliveryReceipt,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
