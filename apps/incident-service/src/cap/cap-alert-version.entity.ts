import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Every CAP message the service has issued (table `cap_alert_versions`, append-only): one per
 * incident version, keyed by its CAP identifier, holding the incident as that version left it.
 * A later message's <references> names an earlier identifier; `GET /cap/alerts/:identifier`
 * renders that earlier message again from this row.
 */
@Entity({ name: 'cap_alert_versions' })
export class CapAlertVersionEntity {
  /** `<reference>-v<version>`, e.g. FL-2024-KZ-AKT-0007-v2. */
  @PrimaryColumn({ type: 'varchar', length: 60 })
  identifier: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Column({ name: 'incident_version', type: 'integer' })
  incidentVersion: number;

  /** The message's <sent>: when this version was written. */
  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt: Date;

  /** The IncidentState of this version, dates as ISO strings. */
  @Column({ type: 'jsonb' })
  state: Record<string, unknown>;
}
