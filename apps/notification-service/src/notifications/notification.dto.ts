import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from '@relief/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { NotificationEntity } from './notification.entity';
import { NOTIFICATION_STATUSES, type NotificationStatus } from './notification.entity';

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
  @ApiProperty({ nullable: true }) providerMessageId: string | null;
  @ApiProperty({ nullable: true }) deliveryReceipt: string | null;
  @ApiProperty({ nullable: true }) lastError: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  /** The answer for one row of the ledger. */
  static of(r: NotificationEntity): NotificationDto {
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
      deliveryReceipt: r.deliveryReceipt,
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  }
}
