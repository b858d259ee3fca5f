import {
  decodeCursor as decodeCursorFields,
  encodeCursor as encodeCursorFields,
} from '@relief/database';
import { withinYearBounds } from '@relief/runtime';
import { IncidentException } from './incident.exception';

/** Position in the newest-first list: the last item's (reportedAt, id). */
export interface IncidentCursor {
  reportedAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients: the platform's keyset cursor (@relief/database) of (reportedAt, id). */
export function encodeCursor(cursor: IncidentCursor): string {
  return encodeCursorFields({ r: cursor.reportedAt.toISOString(), i: cursor.id });
}

/** The cursor `value` names, checked after decoding (types, a UUID, a storable instant), or a 400. */
export function decodeCursor(value: string): IncidentCursor {
  const invalid = () =>
    IncidentException.invalidField('invalid_cursor', 'cursor', 'not a cursor this service issued');
  const fields = decodeCursorFields(value, ['r', 'i']);
  if (!fields || !UUID.test(fields.i)) throw invalid();
  const reportedAt = new Date(fields.r);
  // Bounded: JavaScript's extreme dates round-trip, but PostgreSQL refuses them (a 500).
  if (!withinYearBounds(reportedAt) || reportedAt.toISOString() !== fields.r) throw invalid();
  return { reportedAt, id: fields.i };
}
