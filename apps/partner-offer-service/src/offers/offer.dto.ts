import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  INCIDENT_MODES,
  ITEM_CODE_PATTERN,
  OFFER_STATUSES,
  PARTNER_CODE_PATTERN,
  PARTNER_ORIGINS,
  type IncidentMode,
  type OfferStatus,
} from '@relief/contracts';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, IsTimestamp, MultiLine, OffsetPageQuery } from '@relief/runtime';
import type { OfferProps } from './offer';

const MAX_QUANTITY = 100_000_000;

export class OfferItemDto {
  @ApiPropertyOptional({ example: 'WASH-HYGIENE-KIT' })
  @IsOptional()
  @Matches(ITEM_CODE_PATTERN)
  code?: string;

  @ApiProperty({ example: 'Mobile kitchen' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'piece' })
  @IsString()
  @Length(1, 32)
  unit: string;
}

export class PublishOfferDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The request answered (or give incidentId)' })
  @ValidateIf((o: PublishOfferDto) => o.incidentId === undefined || o.requestId !== undefined)
  @IsUUID(undefined, { message: 'give requestId, or incidentId for an unsolicited offer' })
  requestId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Unsolicited offer against an incident' })
  @ValidateIf((o: PublishOfferDto) => o.requestId === undefined || o.incidentId !== undefined)
  @IsUUID(undefined, { message: 'give requestId, or incidentId for an unsolicited offer' })
  incidentId?: string;

  @ApiPropertyOptional({ type: OfferItemDto, description: 'Required for an unsolicited offer' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OfferItemDto)
  item?: OfferItemDto;

  @ApiProperty({ example: 400, minimum: 1, maximum: MAX_QUANTITY })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity: number;

  @ApiPropertyOptional({
    example: 'kit',
    description: 'Against a request: its unit (may be left out)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  unit?: string;

  @ApiPropertyOptional({ example: '2024-04-22' })
  @IsOptional()
  @IsCalendarDate()
  expectedDeliveryDate?: string;

  @ApiPropertyOptional({ example: 'Transport to Aktobe by the ministry', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @MultiLine()
  conditions?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @MultiLine()
  note?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Offer from this stockpile of your partner's (the ministry: of its own; GET /stock/matches): reserves the quantity",
  })
  @IsOptional()
  @IsUUID()
  stockpileId?: string;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: 1,
    description:
      "The kit composition version of the items offered; by default the stockpile's, else the request's",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  itemVersion?: number | null;
}

export class EditOfferDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_QUANTITY })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity?: number;

  @ApiPropertyOptional({ nullable: true, type: String, example: '2024-04-23' })
  @IsOptional()
  @IsCalendarDate()
  expectedDeliveryDate?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @MultiLine()
  conditions?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @MultiLine()
  note?: string | null;
}

export class AcceptOfferDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_QUANTITY,
    description: 'Part of the offer to accept; the whole by default',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity?: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'For an unsolicited offer: the request of its incident it will count towards',
  })
  @IsOptional()
  @IsUUID()
  requestId?: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'Kits do not meet the agreed standard', minLength: 1, maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  reason: string;
}

export class WithdrawOfferDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}

export class DispatchOfferDto {
  @ApiPropertyOptional({ example: '2024-04-21T12:00:00.000Z' })
  @IsOptional()
  @IsTimestamp()
  expectedArrival?: string;
}

export class DeliveryReportDto {
  @ApiProperty({
    minimum: 1,
    maximum: MAX_QUANTITY,
    description: 'What arrived (at most what was accepted)',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @MultiLine()
  note?: string;
}

export class ConfirmDeliveryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_QUANTITY,
    description: 'Defaults to the reported, else the accepted quantity',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity?: number;
}

export class ListOffersQuery extends OffsetPageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  requestId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @ApiPropertyOptional({ example: 'UNICEF', description: 'Agencies see their own partner only' })
  @IsOptional()
  @Matches(PARTNER_CODE_PATTERN)
  partnerCode?: string;

  @ApiPropertyOptional({ enum: OFFER_STATUSES })
  @IsOptional()
  @IsIn(OFFER_STATUSES)
  status?: OfferStatus;
}

export class OfferPartnerDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() kind: string;
  @ApiProperty({ enum: PARTNER_ORIGINS }) origin: string;
}

export class OfferItemViewDto {
  @ApiProperty({ nullable: true, type: String }) code: string | null;
  @ApiProperty() name: string;
  @ApiProperty() unit: string;
}

export class OfferDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Send it back as If-Match to change the offer' }) version: number;
  @ApiProperty({ type: OfferPartnerDto }) partner: OfferPartnerDto;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ format: 'uuid' }) incidentId: string;
  @ApiProperty() incidentReference: string;
  @ApiProperty({ enum: INCIDENT_MODES, description: "its incident's: actual, or a drill" })
  mode: IncidentMode;
  @ApiProperty({ type: OfferItemViewDto }) item: OfferItemViewDto;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'The kit composition version of the items offered (null: none or not known)',
  })
  itemVersion: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'The version its request names; may differ from itemVersion (stock of another)',
  })
  requestItemVersion: number | null;
  @ApiProperty() quantity: number;
  @ApiProperty({ nullable: true, type: String }) expectedDeliveryDate: string | null;
  @ApiProperty({ nullable: true, type: String }) conditions: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ enum: OFFER_STATUSES }) status: OfferStatus;
  @ApiProperty({ nullable: true, type: Number }) acceptedQuantity: number | null;
  @ApiProperty({ description: 'The request side counted the acceptance; dispatch is possible' })
  pledgeConfirmed: boolean;
  @ApiProperty({ nullable: true, type: String }) expectedArrival: string | null;
  @ApiProperty({ nullable: true, type: Number }) reportedQuantity: number | null;
  @ApiProperty({ nullable: true, type: String }) deliveryNote: string | null;
  @ApiProperty({ nullable: true, type: Number }) deliveredQuantity: number | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty() acceptanceReverted: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The stockpile it is made from',
  })
  stockpileId: string | null;
  @ApiProperty() publishedBy: string;
  @ApiProperty() publishedAt: string;
  @ApiProperty({ nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty() updatedAt: string;

  /** The answer for one offer. */
  static of(p: Readonly<OfferProps>): OfferDto {
    return {
      ...p,
      partner: { ...p.partner },
      item: { ...p.item },
      publishedAt: p.publishedAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }
}

export class OfferPageDto {
  @ApiProperty({ type: [OfferDto] }) items: OfferDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
