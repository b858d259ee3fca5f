export const ROLES = ['operator', 'agency', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The caller, as proven by a verified token. */
export interface AuthUser {
  /** Subject: the user's stable id at the identity provider. */
  sub: string;
  roles: Role[];
  /** Partner organisation code; every `agency` user belongs to exactly one. */
  org?: string;
}

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return user.roles.some((r) => roles.includes(r));
}
