import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CERTAINTIES,
  HAZARDS,
  INCIDENT_STATUSES,
  SEVERITIES,
  URGENCIES,
  type Certainty,
  type Hazard,
  type IncidentStatus,
  type Severity,
  type Urgency,
} from '@relief/contracts';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
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
import { IsTimestamp, MultiLine } from '@relief/runtime';
import type { IncidentState, TimelineKind } from './incident';
import { MAX_FIGURE } from './incident';
import type { IncidentTimelineEntity } from './incident-timeline.entity';

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;
/** `a,b` in a query string → ['a', 'b']. */
const commaList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value;
/** May be left out, but not set to null (for fields an incident always has). */
const NotNullIfPresent = () => ValidateIf((_o: object, value: unknown) => value !== undefined);
const oneOf = (values: readonly string[]) => ({ message: `must be one of: ${values.join(', ')}` });

export class LocationDto {
  @ApiProperty({ example: 50.2839, minimum: -90, maximum: 90 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude: number;

  @ApiProperty({ example: 57.166, minimum: -180, maximum: 180 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude: number;

  @ApiPropertyOptional({ example: 15, minimum: 0, maximum: 1000, default: 0 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  radiusKm?: number;
}

/** Figures given by the operator; left-out ones keep their current value (0 at filing). */
export class FiguresDto {
  @ApiPropertyOptional({ example: 2300, minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FIGURE)
  affected?: number;

  @ApiPropertyOptional({ example: 2300, minimum: 0, description: 'at most `affected`' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FIGURE)
  evacuated?: number;

  @ApiPropertyOptional({ example: 4, minimum: 0, description: 'at most `affected`' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FIGURE)
  injured?: number;

  @ApiPropertyOptional({ example: 0, minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FIGURE)
  dead?: number;

  @ApiPropertyOptional({ example: 120, minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FIGURE)
  homesDamaged?: number;
}

export class FileIncidentDto {
  @ApiProperty({ example: 'Spring flood on the Ilek river', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ example: 'Ice jam downstream of Aktobe; water rising.', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @MultiLine()
  description?: string | null;

  @ApiProperty({ enum: HAZARDS, description: 'GLIDE hazard code (FL flood, EQ earthquake ...)' })
  @IsIn(HAZARDS, oneOf(HAZARDS))
  hazard: Hazard;

  @ApiProperty({
    example: 'KZ-15',
    description: 'ISO 3166-2 code of a known region (GET /regions)',
  })
  @IsString()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'must be an ISO 3166-2 code such as KZ-15' })
  region: string;

  @ApiPropertyOptional({ example: 'Kargaly district', maxLength: 150 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 150)
  district?: string | null;

  @ApiPropertyOptional({ example: 'Kargaly', maxLength: 150 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 150)
  settlement?: string | null;

  @ApiPropertyOptional({ type: LocationDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto | null;

  @ApiProperty({ enum: SEVERITIES, description: 'CAP 1.2 severity' })
  @IsIn(SEVERITIES, oneOf(SEVERITIES))
  severity: Severity;

  @ApiProperty({ enum: URGENCIES, description: 'CAP 1.2 urgency' })
  @IsIn(URGENCIES, oneOf(URGENCIES))
  urgency: Urgency;

  @ApiProperty({ enum: CERTAINTIES, description: 'CAP 1.2 certainty' })
  @IsIn(CERTAINTIES, oneOf(CERTAINTIES))
  certainty: Certainty;

  @ApiPropertyOptional({
    example: '2024-04-02T05:30:00.000Z',
    description: 'when the hazard struck; defaults to now',
  })
  @IsOptional()
  @IsTimestamp()
  occurredAt?: string;

  @ApiPropertyOptional({ type: FiguresDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FiguresDto)
  figures?: FiguresDto;
}

/**
 * Corrections to an incident; send only what changes. null clears an optional field.
 * Figures change through situation updates, status through POST /incidents/{id}/status.
 */
export class UpdateIncidentDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @NotNullIfPresent()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 4000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @MultiLine()
  description?: string | null;

  @ApiPropertyOptional({
    enum: HAZARDS,
    description: 'a correction; the reference keeps the hazard it was filed with',
  })
  @NotNullIfPresent()
  @IsIn(HAZARDS, oneOf(HAZARDS))
  hazard?: Hazard;

  @ApiPropertyOptional({
    example: 'KZ-15',
    description: 'a correction; the reference keeps the region it was filed with',
  })
  @NotNullIfPresent()
  @IsString()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'must be an ISO 3166-2 code such as KZ-15' })
  region?: string;

  @ApiPropertyOptional({ maxLength: 150, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 150)
  district?: string | null;

  @ApiPropertyOptional({ maxLength: 150, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 150)
  settlement?: string | null;

  @ApiPropertyOptional({ type: LocationDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto | null;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @NotNullIfPresent()
  @IsIn(SEVERITIES, oneOf(SEVERITIES))
  severity?: Severity;

  @ApiPropertyOptional({ enum: URGENCIES })
  @NotNullIfPresent()
  @IsIn(URGENCIES, oneOf(URGENCIES))
  urgency?: Urgency;

  @ApiPropertyOptional({ enum: CERTAINTIES })
  @NotNullIfPresent()
  @IsIn(CERTAINTIES, oneOf(CERTAINTIES))
  certainty?: Certainty;

  @ApiPropertyOptional({ example: '2024-04-02T05:30:00.000Z' })
  @NotNullIfPresent()
  @IsTimestamp()
  occurredAt?: string;
}

export class ChangeStatusDto {
  @ApiProperty({
    enum: INCIDENT_STATUSES,
    description:
      'reported → active | cancelled; active → contained | cancelled; contained → active | closed',
  })
  @IsIn(INCIDENT_STATUSES, oneOf(INCIDENT_STATUSES))
  status: IncidentStatus;

  @ApiPropertyOptional({ maxLength: 1000, description: 'required when cancelling' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 1000)
  reason?: string | null;
}

export class SituationUpdateDto {
  @ApiProperty({ example: 'Second dam breach; evacuation of Kargaly continues.', maxLength: 4000 })
  @Transform(trim)
  @IsString()
  @Length(1, 4000)
  @MultiLine()
  text: string;

  @ApiPropertyOptional({ type: FiguresDto, description: 'the figures now; left-out ones stay' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FiguresDto)
  figures?: FiguresDto;
}

export class ListIncidentsQuery {
  @ApiPropertyOptional({ description: 'ISO 3166-2 codes, comma-separated', example: 'KZ-15,KZ-27' })
  @IsOptional()
  @Transform(commaList)
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { each: true, message: 'each must be an ISO 3166-2 code' })
  region?: string[];

  @ApiPropertyOptional({ description: 'GLIDE codes, comma-separated', example: 'FL,FF' })
  @IsOptional()
  @Transform(commaList)
  @IsIn(HAZARDS, { each: true, ...oneOf(HAZARDS) })
  hazard?: Hazard[];

  @ApiPropertyOptional({ description: 'comma-separated', example: 'reported,active' })
  @IsOptional()
  @Transform(commaList)
  @IsIn(INCIDENT_STATUSES, { each: true, ...oneOf(INCIDENT_STATUSES) })
  status?: IncidentStatus[];

  @ApiPropertyOptional({ description: 'comma-separated', example: 'Severe,Extreme' })
  @IsOptional()
  @Transform(commaList)
  @IsIn(SEVERITIES, { each: true, ...oneOf(SEVERITIES) })
  severity?: Severity[];

  @ApiPropertyOptional({ description: 'exact reference', example: 'FL-2024-KZ-AKT-0007' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  reference?: string;

  @ApiPropertyOptional({ description: 'reported at or after (ISO 8601)' })
  @IsOptional()
  @IsTimestamp()
  reportedFrom?: string;

  @ApiPropertyOptional({ description: 'reported before (ISO 8601)' })
  @IsOptional()
  @IsTimestamp()
  reportedTo?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class TimelineQuery {
  @ApiPropertyOptional({
    description: 'entries after this sequence number (exclusive)',
    maximum: Number.MAX_SAFE_INTEGER,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  // Sequence numbers are bigints; beyond this a JS number is no longer exact (or even digits).
  @Max(Number.MAX_SAFE_INTEGER)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class IdParam {
  @IsUUID('all', { message: 'must be an incident id (UUID)' })
  id: string;
}

export class FiguresView {
  @ApiProperty() affected: number;
  @ApiProperty() evacuated: number;
  @ApiProperty() injured: number;
  @ApiProperty() dead: number;
  @ApiProperty() homesDamaged: number;
}

export class LocationView {
  @ApiProperty() latitude: number;
  @ApiProperty() longitude: number;
  @ApiProperty() radiusKm: number;
}

export class IncidentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'FL-2024-KZ-AKT-0007' }) reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: HAZARDS }) hazard: Hazard;
  @ApiProperty({ example: 'KZ-15' }) region: string;
  @ApiProperty({ nullable: true, type: String }) district: string | null;
  @ApiProperty({ nullable: true, type: String }) settlement: string | null;
  @ApiProperty({ nullable: true, type: LocationView }) location: LocationView | null;
  @ApiProperty({ enum: SEVERITIES }) severity: Severity;
  @ApiProperty({ enum: URGENCIES }) urgency: Urgency;
  @ApiProperty({ enum: CERTAINTIES }) certainty: Certainty;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status: IncidentStatus;
  @ApiProperty({ nullable: true, type: String }) statusReason: string | null;
  @ApiProperty({ type: FiguresView }) figures: FiguresView;
  @ApiProperty() occurredAt: string;
  @ApiProperty() reportedAt: string;
  @ApiProperty() reportedBy: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty() updatedBy: string;
  @ApiProperty({ description: 'send it back as If-Match: "<version>" to change the incident' })
  version: number;

  static of(state: Readonly<IncidentState>): IncidentView {
    return {
      ...state,
      location: state.location ? { ...state.location } : null,
      figures: { ...state.figures },
      occurredAt: state.occurredAt.toISOString(),
      reportedAt: state.reportedAt.toISOString(),
      updatedAt: state.updatedAt.toISOString(),
    };
  }
}

export class IncidentPageView {
  @ApiProperty({ type: [IncidentView] }) items: IncidentView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as ?cursor= for the next page' })
  nextCursor: string | null;
}

export class TimelineEntryView {
  @ApiProperty() sequence: number;
  @ApiProperty({ description: 'the incident version this entry produced' }) incidentVersion: number;
  @ApiProperty({ enum: ['reported', 'updated', 'status-changed', 'situation-update'] })
  kind: TimelineKind;
  @ApiProperty() text: string;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status: IncidentStatus;
  @ApiProperty({ enum: SEVERITIES }) severity: Severity;
  @ApiProperty({ type: FiguresView }) figures: FiguresView;
  @ApiProperty() recordedAt: string;
  @ApiProperty() recordedBy: string;

  static of(row: IncidentTimelineEntity): TimelineEntryView {
    const { affected, evacuated, injured, dead, homesDamaged } = row;
    return {
      sequence: Number(row.sequence),
      incidentVersion: row.incidentVersion,
      kind: row.kind,
      text: row.text,
      status: row.status,
      severity: row.severity,
      figures: { affected, evacuated, injured, dead, homesDamaged },
      recordedAt: row.recordedAt.toISOString(),
      recordedBy: row.recordedBy,
    };
  }
}
