import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  INCIDENT_MODES,
  ITEM_CODE_PATTERN,
  REGION_PATTERN,
  REQUEST_PRIORITIES,
  REQUEST_SCOPES,
  REQUEST_STATUSES,
  type IncidentMode,
  type RequestPriority,
  type RequestScope,
  type RequestStatus,
} from '@relief/contracts';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, MultiLine, OffsetPageQuery, OptionalNotNull } from '@relief/runtime';
import { UNITS } from '../catalogue/catalogue';
import type { RequestRecord } from './requests.service';

const MAX_QUANTITY = 100_000_000;

export class ItemDto {
  @ApiPropertyOptional({
    description: 'Catalogue code (GET /catalogue)',
    example: 'WASH-HYGIENE-KIT',
  })
  @IsOptional()
  @Matches(ITEM_CODE_PATTERN, {
    message: 'item.code must be a catalogue code such as WASH-HYGIENE-KIT',
  })
  code?: string;

  @ApiPropertyOptional({
    description: 'Name of a free (non-catalogue) item',
    example: 'Mobile kitchen',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ enum: UNITS, description: 'Required for a free item' })
  @IsOptional()
  @IsIn(UNITS)
  unit?: string;

  @ApiPropertyOptional({
    minimum: 1,
    description:
      'A kit composition version of the catalogue item (GET /catalogue/items/{code}/versions); left out, its latest',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  version?: number;
}

export class CoordinatesDto {
  @ApiProperty({ example: 50.2839 })
  @IsLatitude()
  latitude: number;

  @ApiProperty({ example: 57.167 })
  @IsLongitude()
  longitude: number;
}

export class LocationDto {
  @ApiPropertyOptional({
    description:
      "ISO 3166-2 code of the incident's region (422 region_outside_incident for another one); left out, the incident's",
    example: 'KZ-15',
  })
  @OptionalNotNull()
  @Matches(REGION_PATTERN, { message: 'region must be an ISO 3166-2 code such as KZ-15' })
  region?: string;

  @ApiPropertyOptional({
    example: 'Aktobe, evacuation centre at school No. 3',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  address?: string | null;

  @ApiPropertyOptional({ type: CoordinatesDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CoordinatesDto)
  coordinates?: CoordinatesDto | null;
}

export class RaiseRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  incidentId: string;

  @ApiProperty({
    type: ItemDto,
    description: 'A catalogue code, or a free item with name and unit',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => ItemDto)
  item: ItemDto;

  @ApiProperty({ example: 400, minimum: 1, maximum: MAX_QUANTITY })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity: number;

  @ApiProperty({ enum: REQUEST_PRIORITIES })
  @IsIn(REQUEST_PRIORITIES)
  priority: RequestPriority;

  @ApiProperty({ example: '2024-04-25', description: 'YYYY-MM-DD, today or later' })
  @IsCalendarDate()
  neededBy: string;

  @ApiProperty({ type: LocationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => LocationDto)
  location: LocationDto;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @MultiLine()
  notes?: string;

  @ApiPropertyOptional({
    enum: REQUEST_SCOPES,
    default: 'domestic',
    description: 'international: the ministry asks partners abroad too',
  })
  @IsOptional()
  @IsIn(REQUEST_SCOPES)
  scope?: RequestScope;
}

export class UpdateRequestDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_QUANTITY,
    description: 'Not below what is already pledged',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity?: number;

  @ApiPropertyOptional({ enum: REQUEST_PRIORITIES })
  @OptionalNotNull()
  @IsIn(REQUEST_PRIORITIES)
  priority?: RequestPriority;

  @ApiPropertyOptional({ example: '2024-04-28' })
  @OptionalNotNull()
  @IsCalendarDate()
  neededBy?: string;

  @ApiPropertyOptional({ type: LocationDto })
  @OptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @MultiLine()
  notes?: string | null;
}

export class ChangeScopeDto {
  @ApiProperty({ enum: REQUEST_SCOPES })
  @IsIn(REQUEST_SCOPES)
  scope: RequestScope;

  @ApiPropertyOptional({
    example: 'The government requested international assistance',
    minLength: 1,
    maxLength: 1000,
  })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}

export class CancelRequestDto {
  @ApiProperty({ example: 'Covered from the state reserve', minLength: 1, maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  reason: string;
}

export class ListRequestsQuery extends OffsetPageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @ApiPropertyOptional({ example: 'KZ-15' })
  @IsOptional()
  @Matches(REGION_PATTERN)
  region?: string;

  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REQUEST_STATUSES)
  status?: RequestStatus;

  @ApiPropertyOptional({ enum: REQUEST_SCOPES })
  @IsOptional()
  @IsIn(REQUEST_SCOPES)
  scope?: RequestScope;

  @ApiPropertyOptional({ example: 'WASH-HYGIENE-KIT' })
  @IsOptional()
  @Matches(ITEM_CODE_PATTERN)
  itemCode?: string;

  @ApiPropertyOptional({ enum: REQUEST_PRIORITIES })
  @IsOptional()
  @IsIn(REQUEST_PRIORITIES)
  priority?: RequestPriority;
}

export class CoverageDto {
  @ApiProperty() requested: number;
  @ApiProperty({ description: 'Accepted offers not withdrawn; delivered ones count what arrived' })
  pledged: number;
  @ApiProperty({ description: 'Confirmed deliveries' }) delivered: number;
  @ApiProperty({ description: 'requested − pledged: what partners may still offer' })
  remaining: number;
}

export class RequestItemDto {
  @ApiProperty({ nullable: true, type: String }) code: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ enum: UNITS }) unit: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'The kit composition version it refers to; null for an item without one',
  })
  version: number | null;
}

export class ResourceRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Send it back as If-Match to edit' }) version: number;
  @ApiProperty({ format: 'uuid' }) incidentId: string;
  @ApiProperty({ example: 'FL-2024-KZ-AKT-0007' }) incidentReference: string;
  @ApiProperty({ enum: INCIDENT_MODES, description: "its incident's: actual, or a drill" })
  mode: IncidentMode;
  @ApiProperty({ type: RequestItemDto }) item: RequestItemDto;
  @ApiProperty() quantity: number;
  @ApiProperty({ enum: REQUEST_PRIORITIES }) priority: RequestPriority;
  @ApiProperty({ example: '2024-04-25' }) neededBy: string;
  @ApiProperty({ type: LocationDto }) location: LocationDto;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ enum: REQUEST_SCOPES }) scope: RequestScope;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
  @ApiProperty({ type: CoverageDto }) coverage: CoverageDto;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was cancelled or closed' })
  endReason: string | null;
  @ApiProperty() raisedBy: string;
  @ApiProperty() raisedAt: string;
  @ApiProperty() updatedAt: string;

  /** The answer for one request, with its coverage. */
  static of({ request: p, coverage, incidentReference }: RequestRecord): ResourceRequestDto {
    return {
      id: p.id,
      version: p.version,
      incidentId: p.incidentId,
      incidentReference,
      mode: p.mode,
      item: { ...p.item },
      quantity: p.quantity,
      priority: p.priority,
      neededBy: p.neededBy,
      location: {
        region: p.location.region,
        address: p.location.address,
        coordinates: p.location.coordinates ? { ...p.location.coordinates } : null,
      },
      notes: p.notes,
      scope: p.scope,
      status: p.status,
      coverage: { ...coverage },
      endReason: p.endReason,
      raisedBy: p.raisedBy,
      raisedAt: p.raisedAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }
}

export class ResourceRequestPageDto {
  @ApiProperty({ type: [ResourceRequestDto] }) items: ResourceRequestDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
