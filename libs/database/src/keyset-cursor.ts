/** One page of a keyset-paged list: pass `nextCursor` back as `?cursor=` for the next one. */
export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** A cursor's fields: the last item's sort key, short names (the cursor travels in URLs). */
export type CursorFields = Record<string, string>;

/**
 * The `?cursor=` of every keyset-paged list: base64url of a small JSON object holding the last
 * item's sort key. Opaque to clients; only the service that issued it reads it back.
 */
export function encodeCursor(fields: CursorFields): string {
  return Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');
}

/**
 * The fields `names` of a cursor, each a string, or undefined when the value is not a cursor of
 * that shape. The list then checks what they hold (a UUID, a storable instant) and refuses with
 * its own exception: only it knows what its key may be.
 */
export function decodeCursor<K extends string>(
  value: string,
  names: readonly K[],
): Record<K, string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const fields = parsed as Record<string, unknown>;
  const decoded = {} as Record<K, string>;
  for (const name of names) {
    const field = fields[name];
    if (typeof field !== 'string') return undefined;
    decoded[name] = field;
  }
  return decoded;
}

/**
 * The page of `rows`, fetched with `LIMIT limit + 1`: the extra row only says that there is a
 * next page, whose cursor is the last item's key.
 */
export function keysetPage<T>(
  rows: readonly T[],
  limit: number,
  cursorOf: (last: T) => CursorFields,
): KeysetPage<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null,
  };
}
