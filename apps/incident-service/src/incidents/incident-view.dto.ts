import { ApiProperty } from '@nestjs/swagger';
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
import type { IncidentState, TimelineKind } from './incident';
import type { IncidentTimelineEntity } from './incident-timeline.entity';

/* What the incident API answers: an incident, a page of them, timeline entries. */

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
  @ApiProperty({
    enum: INCIDENT_MODES,
    description: 'actual, or a drill (exercise, test); fixed at filing',
  })
  mode: IncidentMode;
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
