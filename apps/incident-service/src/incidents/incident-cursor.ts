import { withinYearBounds } from '@relief/runtime';
import { IncidentException } from './incident.exception';

/** Position in the newest-first list: the last item's (reportedAt, id). */
export interface IncidentCursor {
  reportedAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients: base64url of a small JSON; only this service reads it. */
export function encodeCursor(cursor: IncidentCursor): string {
  const json = JSON.stringify({ r: cursor.reportedAt.toISOString(), i: cursor.id });
  return Buffer.from(json, 'utf8').toString('base64url');
}

/** The cursor `value` names, checked after decoding (types, a UUID, a storable instant), or a 400. */
export function decodeCursor(value: string): IncidentCursor {
  const invalid = () =>
    IncidentException.invalidField('invalid_cursor', 'cursor', 'not a cursor this service issued');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { r, i } = (parsed ?? {}) as { r?: unknown; i?: unknown };
  if (typeof r !== 'string' || typeof i !== 'string' || !UUID.test(i)) throw invalid();
  const reportedAt = new Date(r);
  // Bounded: JavaScript's extreme dates round-trip, but PostgreSQL refuses them (a 500).
  if (!withinYearBounds(reportedAt) || reportedAt.toISOString() !== r) throw invalid();
  return { reportedAt, id: i };
}
