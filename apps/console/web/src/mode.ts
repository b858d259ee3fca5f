/**
 * Exercises and tests ("drills"): incidents filed as `exercise` or `test`, and the requests and
 * offers that inherit the mode. They are shown marked, and never count as a real emergency.
 */
export const MODES = ['actual', 'exercise', 'test'] as const;
export type Mode = (typeof MODES)[number];

/** A record's mode; one without it (filed before drills existed), or with an unknown one, is actual. */
export function modeOf(record: { mode?: string | null } | null | undefined): Mode {
  const mode = record?.mode;
  return mode === 'exercise' || mode === 'test' ? mode : 'actual';
}

/** An exercise or a test: to be marked, and kept out of what describes the real situation. */
export function isDrill(record: { mode?: string | null } | null | undefined): boolean {
  return modeOf(record) !== 'actual';
}
