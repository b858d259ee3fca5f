import type {
  Certainty,
  Hazard,
  IncidentMode,
  IncidentStatus,
  Severity,
  Urgency,
} from '@relief/contracts';
import { sameValue, type FieldProblem } from '@relief/runtime';
import { IncidentException } from './incident.exception';

/** Human impact, as last reported. Whole people and homes; never negative. */
export interface IncidentFigures {
  affected: number;
  evacuated: number;
  injured: number;
  dead: number;
  homesDamaged: number;
}

export const FIGURE_NAMES = ['affected', 'evacuated', 'injured', 'dead', 'homesDamaged'] as const;
/** Far above any real count; keeps figures inside a PostgreSQL integer. */
export const MAX_FIGURE = 1_000_000_000;
export const NO_FIGURES: IncidentFigures = {
  affected: 0,
  evacuated: 0,
  injured: 0,
  dead: 0,
  homesDamaged: 0,
};

/** WGS 84 point and an optional radius (CAP <circle>); radius 0 means "at this point". */
export interface GeoCircle {
  latitude: number;
  longitude: number;
  radiusKm: number;
}

/** Fields an operator describes an incident with; all of them may be corrected later. */
export interface IncidentDescription {
  title: string;
  description: string | null;
  hazard: Hazard;
  /** ISO 3166-2 subdivision code, e.g. KZ-15 (Aktobe region). Must exist in the regions table. */
  region: string;
  district: string | null;
  settlement: string | null;
  location: GeoCircle | null;
  severity: Severity;
  urgency: Urgency;
  certainty: Certainty;
  /** When the hazard struck. */
  occurredAt: Date;
}

/**
 * A correction. `mode` is never one of them: it is here only so a caller that sends it is told
 * so (422 `incident_mode_immutable`) rather than silently ignored.
 */
export type IncidentPatch = Partial<IncidentDescription> & { mode?: IncidentMode };

export interface IncidentState extends IncidentDescription {
  id: string;
  /** e.g. FL-2024-KZ-AKT-0007; assigned at filing and never changed (it is an identifier). */
  reference: string;
  /**
   * `actual`, or a drill (`exercise`, `test`: CAP <status>). Fixed at filing: a drill is never
   * made real (a real incident is filed anew), and everything that follows from it carries it.
   */
  mode: IncidentMode;
  status: IncidentStatus;
  /** Why the incident last changed status, when the operator said. */
  statusReason: string | null;
  figures: IncidentFigures;
  reportedAt: Date;
  reportedBy: string;
  updatedAt: Date;
  updatedBy: string;
  /** 1 at filing, +1 on every write: the ETag clients send back in If-Match. */
  version: number;
}

/**
 * Facts an incident write produced, in domain terms: every write returns them (none when it
 * changed nothing); the service turns them into versioned contract events (incident-events.ts)
 * and one timeline entry (timelineEntryOf).
 */
export type IncidentEvent =
  | { type: 'incident.reported' }
  | { type: 'incident.updated'; changedFields: DescriptionField[] }
  | { type: 'incident.severity-changed'; previousSeverity: Severity }
  | { type: 'incident.status-changed'; previousStatus: IncidentStatus; reason: string | null }
  | { type: 'incident.closed'; previousStatus: IncidentStatus; reason: string | null }
  | { type: 'incident.situation-updated'; previousFigures: IncidentFigures; summary: string };

export type TimelineKind = 'reported' | 'updated' | 'status-changed' | 'situation-update';

/** The line one write adds to the incident's timeline. */
export interface TimelineLine {
  kind: TimelineKind;
  text: string;
}

export type DescriptionField = keyof IncidentDescription;
const DESCRIPTION_FIELDS: readonly DescriptionField[] = [
  'title',
  'description',
  'hazard',
  'region',
  'district',
  'settlement',
  'location',
  'severity',
  'urgency',
  'certainty',
  'occurredAt',
];

/**
 * reported → active → contained → closed, and cancelled (a false report) from reported or active.
 * contained → active: the situation flared up again (a second flood wave).
 * closed and cancelled are terminal.
 */
export const TRANSITIONS: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  reported: ['active', 'cancelled'],
  active: ['contained', 'cancelled'],
  contained: ['active', 'closed'],
  closed: [],
  cancelled: [],
};

const TERMINAL: readonly IncidentStatus[] = ['closed', 'cancelled'];

/** A clock may run a little ahead of the server's; beyond this, "occurred" in the future is a typo. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** Older than this is a typo too (and would not fit a four-digit reference year). */
const EARLIEST_OCCURRENCE = Date.UTC(1900, 0, 1);

export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws a 400 naming every impossible figure. */
export function checkFigures(figures: IncidentFigures, prefix = 'figures'): void {
  const problems: FieldProblem[] = [];
  for (const name of FIGURE_NAMES) {
    const value = figures[name];
    if (!Number.isInteger(value) || value < 0 || value > MAX_FIGURE) {
      problems.push({
        field: `${prefix}.${name}`,
        message: `must be a whole number from 0 to ${MAX_FIGURE}`,
      });
    }
  }
  if (problems.length === 0) {
    // Evacuated and injured people are among the affected (EM-DAT counts them so); the dead and
    // damaged homes are counted apart.
    for (const name of ['evacuated', 'injured'] as const) {
      if (figures[name] > figures.affected) {
        problems.push({
          field: `${prefix}.${name}`,
          message: `${name} (${figures[name]}) cannot exceed affected (${figures.affected})`,
        });
      }
    }
  }
  if (problems.length > 0) {
    throw new IncidentException('invalid', 'impossible_figures', 'the figures are impossible', {
      fields: problems,
    });
  }
}

export function checkOccurredAt(occurredAt: Date, now: Date): void {
  if (Number.isNaN(occurredAt.getTime()) || occurredAt.getTime() < EARLIEST_OCCURRENCE) {
    throw IncidentException.invalidField(
      'invalid_occurred_at',
      'occurredAt',
      'must be a time after 1900-01-01',
    );
  }
  if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw IncidentException.invalidField(
      'occurred_in_future',
      'occurredAt',
      'an incident cannot occur in the future',
    );
  }
}

/** An incident and the rules for changing it. No persistence, no HTTP: unit-tested on its own. */
export class Incident {
  private constructor(private state: IncidentState) {}

  static restore(state: IncidentState): Incident {
    return new Incident({ ...state });
  }

  /** A new incident, as filed by `actor`; the reference comes from the allocator (see incident-reference.ts). */
  static file(
    input: IncidentDescription & { figures?: IncidentFigures; mode?: IncidentMode },
    ids: { id: string; reference: string },
    actor: string,
    now: Date,
  ): { incident: Incident; events: IncidentEvent[] } {
    const figures = input.figures ?? { ...NO_FIGURES };
    checkFigures(figures);
    checkOccurredAt(input.occurredAt, now);
    const incident = new Incident({
      ...input,
      mode: input.mode ?? 'actual',
      ...ids,
      figures: { ...figures },
      status: 'reported',
      statusReason: null,
      reportedAt: now,
      reportedBy: actor,
      updatedAt: now,
      updatedBy: actor,
      version: 1,
    });
    return { incident, events: [{ type: 'incident.reported' }] };
  }

  get snapshot(): Readonly<IncidentState> {
    return this.state;
  }

  get isTerminal(): boolean {
    return TERMINAL.includes(this.state.status);
  }

  /** Optimistic concurrency: the caller's copy must be the current one. */
  assertVersion(expected: number): void {
    if (expected !== this.state.version) {
      throw new IncidentException(
        'stale',
        'stale_version',
        `the incident has changed since version ${expected}; it is now at version ${this.state.version}: reload and retry`,
      );
    }
  }

  /** Corrects descriptive fields; severity gets its own change so alerting can react to it alone. */
  update(patch: IncidentPatch, actor: string, now: Date): IncidentEvent[] {
    if (patch.mode !== undefined) {
      throw IncidentException.invalidField(
        'incident_mode_immutable',
        'mode',
        `is fixed at filing (this incident is ${this.state.mode})`,
        `the mode of an incident is fixed at filing: this one is ${this.state.mode}; file a new incident instead`,
        { kind: 'unprocessable' },
      );
    }
    this.assertOpen('update');
    const changed = DESCRIPTION_FIELDS.filter(
      (field) => patch[field] !== undefined && !sameValue(patch[field], this.state[field]),
    );
    if (changed.length === 0) return [];
    if (patch.occurredAt !== undefined) checkOccurredAt(patch.occurredAt, now);

    const previousSeverity = this.state.severity;
    const next = { ...this.state };
    for (const field of changed) Object.assign(next, { [field]: patch[field] });
    this.state = this.touched(next, actor, now);

    const events: IncidentEvent[] = [];
    const descriptive = changed.filter((f) => f !== 'severity');
    if (descriptive.length > 0)
      events.push({ type: 'incident.updated', changedFields: descriptive });
    if (changed.includes('severity')) {
      events.push({ type: 'incident.severity-changed', previousSeverity });
    }
    return events;
  }

  changeStatus(
    to: IncidentStatus,
    reason: string | null,
    actor: string,
    now: Date,
  ): IncidentEvent[] {
    const from = this.state.status;
    if (!canTransition(from, to)) {
      const allowed = TRANSITIONS[from];
      throw IncidentException.invalidField(
        'invalid_transition',
        'status',
        `cannot go from ${from} to ${to}`,
        `an incident cannot go from ${from} to ${to}` +
          (allowed.length > 0 ? ` (from ${from}: ${allowed.join(', ')})` : ` (${from} is final)`),
        { kind: 'conflict' },
      );
    }
    if (to === 'cancelled' && !reason) {
      throw IncidentException.invalidField(
        'reason_required',
        'reason',
        'say why the incident is cancelled (e.g. a false report)',
      );
    }
    this.state = this.touched({ ...this.state, status: to, statusReason: reason }, actor, now);
    return [
      TERMINAL.includes(to)
        ? { type: 'incident.closed', previousStatus: from, reason }
        : { type: 'incident.status-changed', previousStatus: from, reason },
    ];
  }

  /** A situation report: narrative plus the figures at this moment (omitted ones stay as they were). */
  addSituationUpdate(
    text: string,
    figures: Partial<IncidentFigures> | undefined,
    actor: string,
    now: Date,
  ): IncidentEvent[] {
    this.assertOpen('add a situation update to');
    const previousFigures = { ...this.state.figures };
    const merged: IncidentFigures = { ...previousFigures };
    for (const name of FIGURE_NAMES) {
      const value = figures?.[name];
      if (value !== undefined) merged[name] = value;
    }
    checkFigures(merged);
    this.state = this.touched({ ...this.state, figures: merged }, actor, now);
    return [{ type: 'incident.situation-updated', previousFigures, summary: text }];
  }

  private assertOpen(action: string): void {
    if (this.isTerminal) {
      throw new IncidentException(
        'conflict',
        'incident_final',
        `cannot ${action} an incident that is ${this.state.status}`,
      );
    }
  }

  private touched(next: IncidentState, actor: string, now: Date): IncidentState {
    return { ...next, updatedAt: now, updatedBy: actor, version: this.state.version + 1 };
  }
}

/**
 * The timeline line of one write, from the events it produced and the incident after it;
 * undefined when the write changed nothing.
 */
export function timelineEntryOf(
  state: Readonly<IncidentState>,
  events: readonly IncidentEvent[],
): TimelineLine | undefined {
  const [first] = events;
  if (!first) return undefined;
  switch (first.type) {
    case 'incident.reported':
      return { kind: 'reported', text: `Reported: ${state.title}` };
    case 'incident.status-changed':
    case 'incident.closed':
      return {
        kind: 'status-changed',
        text:
          `Status ${first.previousStatus} → ${state.status}` +
          (first.reason ? `: ${first.reason}` : ''),
      };
    case 'incident.situation-updated':
      return { kind: 'situation-update', text: first.summary };
    case 'incident.updated':
    case 'incident.severity-changed': {
      // An edit: its descriptive fields, then a severity change, in one line.
      const parts = events.map((event) => {
        if (event.type === 'incident.updated') return `Changed ${event.changedFields.join(', ')}`;
        if (event.type === 'incident.severity-changed') {
          return `severity ${event.previousSeverity} → ${state.severity}`;
        }
        throw new Error(`${event.type} does not come with an edit`);
      });
      return { kind: 'updated', text: parts.join('; ') };
    }
  }
}
