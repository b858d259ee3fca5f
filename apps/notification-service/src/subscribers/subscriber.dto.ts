import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  HAZARDS,
  IsKnownRegion,
  ITEM_CODE_PATTERN,
  REGION_CODES,
  SEVERITIES,
  type Severity,
} from '@relief/contracts';
import { KeysetPageQuery } from '@relief/database';
import { OptionalNotNull } from '@relief/runtime';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import type { SubscriberEntity, SubscriptionEntity } from './subscriber.entity';
import { NOTIFIABLE_EVENT_TYPES } from '../matching/event.consumer';
import {
  LANGUAGES,
  NOTIFICATION_CHANNELS,
  type Language,
  type NotificationChannel,
} from './subscriber';

export class CreateSubscriberDto {
  @ApiProperty({ example: 'Aigerim Seitkali' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ description: 'Partner code (e.g. UNICEF-KZ) or `ministry`', example: 'ministry' })
  @Matches(/^(ministry|[A-Za-z0-9][A-Za-z0-9._-]{0,31})$/)
  organisation: string;

  @ApiPropertyOptional({ example: 'a.seitkali@emer.gov.kz', type: String, nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({
    description: 'E.164',
    example: '+77012345678',
    type: String,
    nullable: true,
  })
  @IsOptional()
  @IsString()
  phone?: string | null;

  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES)
  language: Language;

  @ApiProperty({ enum: NOTIFICATION_CHANNELS, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(NOTIFICATION_CHANNELS, { each: true })
  channels: NotificationChannel[];

  @ApiPropertyOptional({
    default: false,
    description: 'also tell of exercises and tests (drills); real incidents only when false',
  })
  @OptionalNotNull()
  @IsBoolean()
  receiveExercises?: boolean;

  @ApiPropertyOptional({
    description: 'Token subject allowed to manage own preferences',
    type: String,
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  userId?: string | null;
}

/**
 * What an admin may change; a subscriber managing themselves may change language, channels and
 * whether they hear of drills only.
 */
export class UpdateSubscriberDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  phone?: string | null;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @OptionalNotNull()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({ enum: NOTIFICATION_CHANNELS, isArray: true })
  @OptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @IsIn(NOTIFICATION_CHANNELS, { each: true })
  channels?: NotificationChannel[];

  @ApiPropertyOptional({ description: 'also tell of exercises and tests (drills)' })
  @OptionalNotNull()
  @IsBoolean()
  receiveExercises?: boolean;
}

export class SubscriberDto {
  @ApiProperty() id: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The importer's own id of the person (set by POST /subscribers/import)",
  })
  reference: string | null;
  @ApiProperty() name: string;
  @ApiProperty() organisation: string;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ enum: LANGUAGES }) language: Language;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS, isArray: true }) channels: NotificationChannel[];
  @ApiProperty({ description: 'hears of exercises and tests (drills) too' })
  receiveExercises: boolean;
  @ApiProperty({ type: String, nullable: true }) userId: string | null;

  /** The answer for one subscriber. */
  static of(e: SubscriberEntity): SubscriberDto {
    return {
      id: e.id,
      reference: e.reference,
      name: e.name,
      organisation: e.organisation,
      email: e.email,
      phone: e.phone,
      language: e.language,
      channels: e.channels,
      receiveExercises: e.receiveExercises,
      userId: e.userId,
    };
  }
}

export class CreateSubscriptionDto {
  @ApiPropertyOptional({ enum: NOTIFIABLE_EVENT_TYPES, isArray: true, description: 'Empty: all' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsIn(NOTIFIABLE_EVENT_TYPES, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({
    enum: REGION_CODES,
    isArray: true,
    example: ['KZ-15'],
    description: 'ISO 3166-2 codes of the platform vocabulary; empty: all',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsKnownRegion({ each: true })
  regions?: string[];

  @ApiPropertyOptional({ enum: HAZARDS, isArray: true, description: 'Empty: all' })
  @IsOptional()
  @IsArray()
  @IsIn(HAZARDS, { each: true })
  hazards?: string[];

  @ApiPropertyOptional({
    isArray: true,
    type: String,
    format: 'uuid',
    description: 'The incidents it is about (feedback about them, say); empty: any',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  incidentIds?: string[];

  @ApiPropertyOptional({
    isArray: true,
    type: String,
    example: ['WASH-HYGIENE-KIT'],
    description: 'Catalogue item codes it is about; empty: any',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(ITEM_CODE_PATTERN, {
    each: true,
    message: 'itemCodes must be catalogue codes such as WASH-HYGIENE-KIT',
  })
  itemCodes?: string[];

  @ApiPropertyOptional({
    enum: SEVERITIES,
    nullable: true,
    description: 'At least this CAP severity',
  })
  @IsOptional()
  @IsIn(SEVERITIES)
  minSeverity?: Severity | null;
}

export class SubscriptionDto {
  @ApiProperty() id: string;
  @ApiProperty() subscriberId: string;
  @ApiProperty({ isArray: true, type: String }) eventTypes: string[];
  @ApiProperty({ isArray: true, type: String }) regions: string[];
  @ApiProperty({ isArray: true, type: String }) hazards: string[];
  @ApiProperty({ isArray: true, type: String }) incidentIds: string[];
  @ApiProperty({ isArray: true, type: String }) itemCodes: string[];
  @ApiProperty({ enum: SEVERITIES, nullable: true }) minSeverity: Severity | null;

  /** The answer for one subscription. */
  static of(e: SubscriptionEntity): SubscriptionDto {
    return {
      id: e.id,
      subscriberId: e.subscriberId,
      eventTypes: e.eventTypes,
      regions: e.regions,
      hazards: e.hazards,
      incidentIds: e.incidentIds,
      itemCodes: e.itemCodes,
      minSeverity: e.minSeverity,
    };
  }
}

/** `GET /subscribers`: by name, keyset-paged. */
export class SubscriberListQuery extends KeysetPageQuery {}

export class SubscriberPageDto {
  @ApiProperty({ type: [SubscriberDto] }) items: SubscriberDto[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as ?cursor= for the next page' })
  nextCursor: string | null;
}
