// class-transformer's @Type reads design-time types.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
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
  ValidateNested,
} from 'class-validator';
import { ISO_TIMESTAMP, Nullable } from '../validation';
import { ReasonCodeField, ReasonParamsField, ReasonParamsV1 } from './reason';
import {
  CERTAINTIES,
  HAZARDS,
  INCIDENT_MODES,
  INCIDENT_REFERENCE_PATTERN,
  INCIDENT_STATUSES,
  REGION_PATTERN,
  SEVERITIES,
  URGENCIES,
  type Certainty,
  type Hazard,
  type IncidentMode,
  type IncidentStatus,
  type ReasonCode,
  type Severity,
  type Urgency,
} from '../vocabulary';

/** Human impact figures of an incident, as last reported. */
export class IncidentFiguresV1 {
  @IsInt()
  @Min(0)
  affected: number;

  @IsInt()
  @Min(0)
  evacuated: number;

  @IsInt()
  @Min(0)
  injured: number;

  @IsInt()
  @Min(0)
  dead: number;

  @IsInt()
  @Min(0)
  homesDamaged: number;
}

/** Where the incident is centred (WGS 84) and how far it reaches; radius 0 is a point. */
export class IncidentLocationV1 {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  radiusKm: number;
}

/**
 * The whole incident as it stands after the change. Every incident event carries it, so a
 * consumer never has to call incident-service back.
 */
export class IncidentSnapshotV1 {
  @IsUUID()
  incidentId: string;

  /**
   * The incident's version after the change: grows with every write, so a read model keeps the
   * newest snapshot. Optional: added after v1 was first published (older events order by the
   * envelope's `occurredAt`).
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  revision?: number | null;

  /** e.g. `FL-2024-KZ-AKT-0007`. */
  @Matches(INCIDENT_REFERENCE_PATTERN)
  reference: string;

  /**
   * `actual`, or a drill: `exercise` / `test` (CAP <status>), fixed at the incident's filing and
   * inherited by everything that follows from it. Optional: added to v1 after it was first
   * published; absent means `actual` (`modeOf`).
   */
  @IsOptional()
  @IsIn(INCIDENT_MODES)
  mode?: IncidentMode | null;

  @IsString()
  @Length(1, 200)
  title: string;

  @Nullable()
  @IsString()
  @MaxLength(4000)
  description: string | null;

  @IsIn(HAZARDS)
  hazard: Hazard;

  /** ISO 3166-2 code, e.g. `KZ-15` (Aktobe region). */
  @Matches(REGION_PATTERN)
  region: string;

  /** Free text naming the affected places within the region (settlement, district). */
  @Nullable()
  @IsString()
  @MaxLength(500)
  areaDescription: string | null;

  /** Centre and radius, when the operator gave them. Optional: added after v1 was first drafted. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => IncidentLocationV1)
  location?: IncidentLocationV1 | null;

  @IsIn(SEVERITIES)
  severity: Severity;

  @IsIn(URGENCIES)
  urgency: Urgency;

  @IsIn(CERTAINTIES)
  certainty: Certainty;

  @IsIn(INCIDENT_STATUSES)
  status: IncidentStatus;

  @IsObject()
  @ValidateNested()
  @Type(() => IncidentFiguresV1)
  figures: IncidentFiguresV1;

  /** When the hazard struck (not when the event was emitted: that is the envelope's). */
  @IsISO8601(ISO_TIMESTAMP)
  occurredAt: string;

  /** Subject (user id) of whoever reported the incident. */
  @IsString()
  @Length(1, 200)
  reportedBy: string;
}

/** A new incident was recorded. */
export class IncidentReportedV1 extends IncidentSnapshotV1 {}

/**
 * Descriptive fields of an incident changed (title, description, area, location, hazard, region,
 * urgency, certainty, occurredAt). A severity change is sent as `incident.severity-changed`
 * instead (both, in that order, when one write changed severity and other fields).
 */
export class IncidentUpdatedV1 extends IncidentSnapshotV1 {
  /** Names of the snapshot fields that changed. */
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  changedFields: string[];
}

export class IncidentSeverityChangedV1 extends IncidentSnapshotV1 {
  @IsIn(SEVERITIES)
  previousSeverity: Severity;
}

/** Status moved between non-terminal statuses; closing sends `incident.closed` instead. */
export class IncidentStatusChangedV1 extends IncidentSnapshotV1 {
  @IsIn(INCIDENT_STATUSES)
  previousStatus: IncidentStatus;
}

/** A situation report: new impact figures and a short narrative. */
export class IncidentSituationUpdatedV1 extends IncidentSnapshotV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => IncidentFiguresV1)
  previousFigures: IncidentFiguresV1;

  @Nullable()
  @IsString()
  @MaxLength(4000)
  summary: string | null;
}

/** The incident reached a terminal status (`closed` or `cancelled`). */
export class IncidentClosedV1 extends IncidentSnapshotV1 {
  @IsIn(INCIDENT_STATUSES)
  previousStatus: IncidentStatus;

  /** What a person typed (then `reasonCode` is `operator`), or `null`. */
  @Nullable()
  @IsString()
  @MaxLength(1000)
  reason: string | null;

  /**
   * Why, as a code each reader's template words in their language (`REASON_CODES`; `operator`:
   * `reason` holds what a person typed); `null` when no reason was given. Optional: added to v1
   * after it was first published, older events carry only `reason`.
   */
  @ReasonCodeField()
  reasonCode?: ReasonCode | null;

  /** The values `reasonCode` is worded with (`ReasonParamsByCode`); `{}` for a code without. */
  @ReasonParamsField()
  reasonParams?: ReasonParamsV1 | null;
}
