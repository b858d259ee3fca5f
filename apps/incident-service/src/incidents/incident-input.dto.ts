import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { trim } from '@relief/config';
import {
  CERTAINTIES,
  HAZARDS,
  INCIDENT_MODES,
  INCIDENT_STATUSES,
  SEVERITIES,
  URGENCIES,
  type Certainty,
  type Hazard,
  type IncidentMode,
  type IncidentStatus,
  type Severity,
  type Urgency,
} from '@relief/contracts';
import { IsTimestamp, MultiLine, oneOf, OptionalNotNull } from '@relief/runtime';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_FIGURE } from './incident';

/* What operators send: the bodies of filing, correcting, re-statusing and situation updates. */

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
  @ApiProperty({ example: 'Spring flood on the Ilek river', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiPropertyOptional({
    example: 'Ice jam downstream of Aktobe; water rising.',
    type: String,
    nullable: true,
    maxLength: 4000,
  })
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
    pattern: '^[A-Z]{2}-[A-Z0-9]{1,3}$',
    description: 'ISO 3166-2 code of a known region (GET /regions)',
  })
  @IsString()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'must be an ISO 3166-2 code such as KZ-15' })
  region: string;

  @ApiPropertyOptional({
    example: 'Kargaly district',
    type: String,
    nullable: true,
    minLength: 1,
    maxLength: 150,
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 150)
  district?: string | null;

  @ApiPropertyOptional({
    example: 'Kargaly',
    type: String,
    nullable: true,
    minLength: 1,
    maxLength: 150,
  })
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

  @ApiPropertyOptional({
    enum: INCIDENT_MODES,
    default: 'actual',
    description:
      'a real incident, or a drill (CAP Exercise, Test); fixed at filing, a drill is never made real',
  })
  @OptionalNotNull()
  @IsIn(INCIDENT_MODES, oneOf(INCIDENT_MODES))
  mode?: IncidentMode;
}

/**
 * Corrections to an incident; send only what changes. null clears an optional field.
 * Figures change through situation updates, status through POST /incidents/{id}/status.
 */
export class UpdateIncidentDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ type: String, maxLength: 4000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @MultiLine()
  description?: string | null;

  @ApiPropertyOptional({
    enum: HAZARDS,
    description: 'a correction; the reference keeps the hazard it was filed with',
  })
  @OptionalNotNull()
  @IsIn(HAZARDS, oneOf(HAZARDS))
  hazard?: Hazard;

  @ApiPropertyOptional({
    example: 'KZ-15',
    description: 'a correction; the reference keeps the region it was filed with',
  })
  @OptionalNotNull()
  @IsString()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'must be an ISO 3166-2 code such as KZ-15' })
  region?: string;

  @ApiPropertyOptional({ type: String, minLength: 1, maxLength: 150, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 150)
  district?: string | null;

  @ApiPropertyOptional({ type: String, minLength: 1, maxLength: 150, nullable: true })
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
  @OptionalNotNull()
  @IsIn(SEVERITIES, oneOf(SEVERITIES))
  severity?: Severity;

  @ApiPropertyOptional({ enum: URGENCIES })
  @OptionalNotNull()
  @IsIn(URGENCIES, oneOf(URGENCIES))
  urgency?: Urgency;

  @ApiPropertyOptional({ enum: CERTAINTIES })
  @OptionalNotNull()
  @IsIn(CERTAINTIES, oneOf(CERTAINTIES))
  certainty?: Certainty;

  @ApiPropertyOptional({ example: '2024-04-02T05:30:00.000Z' })
  @OptionalNotNull()
  @IsTimestamp()
  occurredAt?: string;

  /**
   * Accepted by the whitelist only to be refused with a reason: 422 `incident_mode_immutable`
   * (the mode is fixed at filing), not a bare 400 for an unknown field.
   */
  @ApiPropertyOptional({
    enum: INCIDENT_MODES,
    description: 'never changes: any value is refused with 422 incident_mode_immutable',
  })
  @IsOptional()
  @IsIn(INCIDENT_MODES, oneOf(INCIDENT_MODES))
  mode?: IncidentMode;
}

export class ChangeStatusDto {
  @ApiProperty({
    enum: INCIDENT_STATUSES,
    description:
      'reported → active | cancelled; active → contained | cancelled; contained → active | closed',
  })
  @IsIn(INCIDENT_STATUSES, oneOf(INCIDENT_STATUSES))
  status: IncidentStatus;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    minLength: 1,
    maxLength: 1000,
    description: 'required when cancelling',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 1000)
  reason?: string | null;
}

export class SituationUpdateDto {
  @ApiProperty({
    example: 'Second dam breach; evacuation of Kargaly continues.',
    minLength: 1,
    maxLength: 4000,
  })
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
