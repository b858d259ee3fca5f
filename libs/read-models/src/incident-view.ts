import type {
  Hazard,
  ConsumedIncidentEvent,
  IncidentMode,
  IncidentSnapshotV1,
  IncidentStatus,
  Severity,
} from '@relief/contracts';
import { modeOf } from '@relief/contracts';

/**
 * An incident as a read model of another service holds it: the newest snapshot it applied.
 * Each service stores the columns it needs of this (see `IncidentViewColumns`).
 */
export interface IncidentView {
  id: string;
  reference: string;
  title: string;
  hazard: Hazard;
  region: string;
  severity: Severity;
  status: IncidentStatus;
  /** `actual`, or a drill (`exercise`, `test`); `actual` for a snapshot that does not say. */
  mode: IncidentMode;
  /** The snapshot's `revision`; 0 for events from before snapshots carried one. */
  revision: number;
  /** The envelope's `occurredAt` of the event applied: orders snapshots of one revision. */
  lastEventAt: Date;
}

/** What the ordering and the "ended stays ended" rule read of a stored view. */
export type IncidentViewOrder = Pick<IncidentView, 'revision' | 'lastEventAt'> & {
  /** Null in a row stored before the service kept the status (not known to have ended). */
  status: IncidentStatus | null;
};

export function isEnded(status: IncidentStatus | null): boolean {
  return status === 'closed' || status === 'cancelled';
}

/**
 * Whether a snapshot of `revision`, sent at `at`, is newer than the stored one: by revision, then
 * (two events of one write share a revision; events without one are all 0) by the envelope's
 * time. A replay is never newer than itself, so it changes nothing.
 */
export function isNewerSnapshot(
  stored: Pick<IncidentViewOrder, 'revision' | 'lastEventAt'>,
  revision: number,
  at: Date,
): boolean {
  if (revision !== stored.revision) return revision > stored.revision;
  return at.getTime() > stored.lastEventAt.getTime();
}

/**
 * The view after an incident event, or `undefined` when the event is not newer than what is
 * stored (an older or replayed snapshot). An ended incident (closed, cancelled) stays ended: its
 * descriptive fields still follow newer snapshots, its status never goes back.
 */
export function nextIncidentView(
  stored: IncidentViewOrder | null | undefined,
  event: Pick<ConsumedIncidentEvent, 'occurredAt'> & { payload: IncidentSnapshotV1 },
): IncidentView | undefined {
  const snapshot = event.payload;
  const revision = snapshot.revision ?? 0;
  const at = new Date(event.occurredAt);
  if (stored && !isNewerSnapshot(stored, revision, at)) return undefined;
  return {
    id: snapshot.incidentId,
    reference: snapshot.reference,
    title: snapshot.title,
    hazard: snapshot.hazard,
    region: snapshot.region,
    severity: snapshot.severity,
    status: stored?.status && isEnded(stored.status) ? stored.status : snapshot.status,
    mode: modeOf(snapshot),
    revision,
    lastEventAt: at,
  };
}
