/**
 * The callers every test and the benchmark sign tokens for (mintTestToken): two ministry
 * operators, an admin, three partner agencies and an agency of a partner nobody registered.
 * Plain data: the benchmark imports this file directly.
 */

/** The claims a test token carries (see deploy/local/jwt.ts). */
export interface TestIdentity {
  role: 'operator' | 'agency' | 'admin';
  sub: string;
  /** The partner code, for agency tokens. */
  org?: string;
}

export const TEST_IDENTITIES = {
  operator: { role: 'operator', sub: 'op-aliya' },
  operator2: { role: 'operator', sub: 'op-bolat' },
  admin: { role: 'admin', sub: 'admin-saule' },
  unicef: { role: 'agency', org: 'unicef', sub: 'unicef-dana' },
  ifrc: { role: 'agency', org: 'IFRC', sub: 'ifrc-marat' },
  rcs: { role: 'agency', org: 'rcs-kz', sub: 'rcs-aigerim' },
  stranger: { role: 'agency', org: 'not-registered', sub: 'x' },
} as const satisfies Record<string, TestIdentity>;

export type TestCaller = keyof typeof TEST_IDENTITIES;
