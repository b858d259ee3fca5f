import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from '@relief/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { NotificationEntity } from './notification.entity';
import { NOTIFICATION_STATUSES, type NotificationStatus } from './notification.entity';
import { messageReceipt, RECEIPT_STATUSES, type ReceiptStatus } from './receipts';

export class ListNotificationsQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() eventId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() subscriberId?: string;
  @ApiPropertyOptional({ enum: NOTIFICATION_CHANNELS })
  @IsOptional()
  @IsIn(NOTIFICATION_CHANNELS)
  channel?: NotificationChannel;
  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: NotificationStatus;
  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** One part the provider took (an SMS split in several has one each), with its receipt. */
export class NotificationPartDto {
  @ApiProperty({ description: 'From 1, in sending order' }) part: number;
  @ApiProperty({ description: 'Who carried it, as `provider` of the message' }) provider: string;
  @ApiProperty() providerMessageId: string;
  @ApiProperty({ nullable: true, description: 'When the provider took it' })
  submittedAt: string | null;
  @ApiProperty({
    enum: RECEIPT_STATUSES,
    description: '`submitted` until a receipt comes; then SMPP message_state in words',
  })
  status: ReceiptStatus;
  @ApiProperty({ nullable: true, description: "The provider's error code (SMPP `err:`)" })
  errorCode: string | null;
  @ApiProperty({ nullable: true, description: 'When the provider says the state was reached' })
  statusAt: string | null;
}

/** The message's receipt: `delivered` only when every part is, else the worst part's. */
export class NotificationReceiptDto {
  @ApiProperty({ enum: RECEIPT_STATUSES }) status: ReceiptStatus;
  @ApiProperty({ nullable: true }) errorCode: string | null;
  @ApiProperty({ nullable: true }) at: string | null;
}

export class NotificationDto {
  @ApiProperty() id: string;
  @ApiProperty() eventId: string;
  @ApiProperty() eventType: string;
  @ApiProperty() subscriberId: string;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS }) channel: NotificationChannel;
  @ApiProperty() recipient: string;
  @ApiProperty() language: string;
  @ApiProperty({ nullable: true }) subject: string | null;
  @ApiProperty() text: string;
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status: NotificationStatus;
  @ApiProperty() attempts: number;
  @ApiProperty() nextAttemptAt: string;
  @ApiProperty({ nullable: true, description: 'Who carried it, e.g. `smpp`, `http`, `smtp`' })
  provider: string | null;
  @ApiProperty({ nullable: true, description: 'The parts’ ids, comma-joined' })
  providerMessageId: string | null;
  @ApiProperty({
    nullable: true,
    description: 'The receipt status in one word (`receipt.status`; free text for older rows)',
  })
  deliveryReceipt: string | null;
  @ApiProperty({
    type: NotificationReceiptDto,
    nullable: true,
    description: 'Null: no receipt yet',
  })
  receipt: NotificationReceiptDto | null;
  @ApiProperty({ type: NotificationPartDto, isArray: true, description: 'Of the latest attempt' })
  parts: NotificationPartDto[];
  @ApiProperty({ nullable: true }) lastError: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  /** The answer for one row of the ledger. */
  static of(r: NotificationEntity): NotificationDto {
    const parts = r.parts ?? [];
    const receipt = messageReceipt(
      parts.map((p) => ({ status: p.status, errorCode: p.errorCode, at: p.statusAt })),
    );
    return {
      id: r.id,
      eventId: r.eventId,
      eventType: r.eventType,
      subscriberId: r.subscriberId,
      channel: r.channel,
      recipient: r.recipient,
      language: r.language,
      subject: r.subject,
      text: r.bodyText ?? '',
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.nextAttemptAt.toISOString(),
      provider: r.provider,
      providerMessageId: r.providerMessageId,
      deliveryReceipt: receipt?.status ?? r.deliveryReceipt,
      receipt: receipt && {
        status: receipt.status,
        errorCode: receipt.errorCode,
        at: receipt.at?.toISOString() ?? null,
      },
      parts: parts.map((p) => ({
        part: p.part,
        provider: p.provider,
        providerMessageId: p.providerMessageId,
        submittedAt: p.submittedAt?.toISOString() ?? null,
        status: p.status,
        errorCode: p.errorCode,
        statusAt: p.statusAt?.toISOString() ?? null,
      })),
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  }
}
