import { ApiPropertyOptional } from '@nestjs/swagger';
import { toList } from '@relief/config';
import {
  HAZARDS,
  INCIDENT_MODES,
  INCIDENT_STATUSES,
  SEVERITIES,
  type Hazard,
  type IncidentMode,
  type IncidentStatus,
  type Severity,
} from '@relief/contracts';
import { IsTimestamp, oneOf } from '@relief/runtime';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/* The query strings of the incident list and of an incident's timeline. */

export class ListIncidentsQuery {
  @ApiPropertyOptional({ description: 'ISO 3166-2 codes, comma-separated', example: 'KZ-15,KZ-27' })
  @IsOptional()
  @Transform(toList)
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { each: true, message: 'each must be an ISO 3166-2 code' })
  region?: string[];

  @ApiPropertyOptional({ description: 'GLIDE codes, comma-separated', example: 'FL,FF' })
  @IsOptional()
  @Transform(toList)
  @IsIn(HAZARDS, { each: true, ...oneOf(HAZARDS) })
  hazard?: Hazard[];

  @ApiPropertyOptional({ description: 'comma-separated', example: 'reported,active' })
  @IsOptional()
  @Transform(toList)
  @IsIn(INCIDENT_STATUSES, { each: true, ...oneOf(INCIDENT_STATUSES) })
  status?: IncidentStatus[];

  @ApiPropertyOptional({ description: 'comma-separated', example: 'Severe,Extreme' })
  @IsOptional()
  @Transform(toList)
  @IsIn(SEVERITIES, { each: true, ...oneOf(SEVERITIES) })
  severity?: Severity[];

  @ApiPropertyOptional({
    description: 'comma-separated; all modes when left out',
    example: 'exercise,test',
  })
  @IsOptional()
  @Transform(toList)
  @IsIn(INCIDENT_MODES, { each: true, ...oneOf(INCIDENT_MODES) })
  mode?: IncidentMode[];

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
