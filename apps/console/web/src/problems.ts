/** RFC 9457 problem details as every service answers them. */
export interface Problem {
  status: number;
  code: string;
  detail: string;
  title?: string;
  errors?: { field?: string; code?: string; message?: string }[];
  [extra: string]: unknown;
}

export type Translate = (key: string, options?: Record<string, unknown>) => string;
export type HasKey = (key: string) => boolean;

/**
 * The API's reason in the user's words: a known `code` has a message in every language; an unknown
 * one shows the API's own `detail` (better than a generic line); nothing at all, the status.
 */
export function problemMessage(problem: Problem, t: Translate, has: HasKey): string {
  const key = `problem.${problem.code}`;
  if (problem.code && has(key)) return t(key, problem);
  if (problem.detail) return problem.detail;
  return t('problem.generic', { status: problem.status });
}

/** Anything thrown by a fetch: a problem from the API, or a network failure. */
export function asProblem(error: unknown): Problem {
  if (error && typeof error === 'object' && 'problem' in error) {
    return (error as { problem: Problem }).problem;
  }
  return { status: 0, code: 'network', detail: '' };
}
