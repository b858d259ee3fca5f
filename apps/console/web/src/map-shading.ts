import { isDrill } from './mode';
import type { Severity } from './vocabulary';

export interface ShadedIncident {
  id: string;
  region: string;
  severity: Severity;
  status: string;
  reportedAt: string;
  /** Missing: actual (records older than drills). */
  mode?: string | null;
}

/** Incidents still being dealt with; closed and cancelled ones no longer shade the map. */
export const ACTIVE_STATUSES: readonly string[] = ['reported', 'active', 'contained'];

/** CAP severity, worst first. */
const RANK: Record<Severity, number> = { Extreme: 4, Severe: 3, Moderate: 2, Minor: 1, Unknown: 0 };

export function worse(a: Severity, b: Severity): Severity {
  return RANK[b] > RANK[a] ? b : a;
}

/**
 * Region code → the worst active incident there (its severity decides the shade). Only actual
 * incidents count: an exercise or a test never shades the map, however severe it is.
 */
export function worstByRegion<T extends ShadedIncident>(incidents: readonly T[]): Map<string, T> {
  const worst = new Map<string, T>();
  for (const incident of incidents) {
    if (!ACTIVE_STATUSES.includes(incident.status) || isDrill(incident)) continue;
    const current = worst.get(incident.region);
    if (
      !current ||
      RANK[incident.severity] > RANK[current.severity] ||
      (RANK[incident.severity] === RANK[current.severity] &&
        incident.reportedAt > current.reportedAt)
    ) {
      worst.set(incident.region, incident);
    }
  }
  return worst;
}

/** Fill colours by severity: calm for none, a clear ramp to red for Extreme. */
export const SHADES: Record<Severity | 'none', string> = {
  none: '#e8edf2',
  Unknown: '#cfd8e3',
  Minor: '#fde9a9',
  Moderate: '#f9c06a',
  Severe: '#ef7d45',
  Extreme: '#c9302c',
};
