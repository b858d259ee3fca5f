import { IsIn, IsInt, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from '../vocabulary';

/** Fields both notification outcomes share. */
export class NotificationOutcomeV1 {
  @IsUUID()
  notificationId: string;

  /** Id of the event that caused the notification. */
  @IsUUID()
  eventId: string;

  @Matches(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/)
  eventType: string;

  @IsString()
  @Length(1, 200)
  subscriberId: string;

  @IsIn(NOTIFICATION_CHANNELS)
  channel: NotificationChannel;

  @IsInt()
  @Min(1)
  attempts: number;
}

/** The provider accepted the message for delivery. */
export class NotificationSentV1 extends NotificationOutcomeV1 {
  @IsString()
  @Length(1, 200)
  providerMessageId: string;
}

/** Delivery was given up after the last attempt. */
export class NotificationFailedV1 extends NotificationOutcomeV1 {
  @IsString()
  @Length(1, 1000)
  error: string;
}
