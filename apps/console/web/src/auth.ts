import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';

/** What the gateway tells the SPA about sign-in (GET /api/config). */
export interface ConsoleConfig {
  issuer: string;
  clientId: string;
  redirectPath: string;
}

export type Role = 'operator' | 'agency' | 'admin';

export interface Identity {
  sub: string;
  name: string;
  roles: Role[];
  org: string | null;
}

let manager: UserManager | undefined;

export async function userManager(): Promise<UserManager> {
  if (manager) return manager;
  const response = await fetch('/api/config');
  if (!response.ok) throw new Error(`GET /api/config answered ${response.status}`);
  const config = (await response.json()) as ConsoleConfig;
  manager = new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${window.location.origin}${config.redirectPath}`,
    post_logout_redirect_uri: `${window.location.origin}/`,
    response_type: 'code',
    scope: 'openid profile',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
  });
  return manager;
}

/** The claims of a JWT's payload (no verification: the services verify; this is for display). */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Roles and organisation come from the access token (`roles`, `org`), as the services read them. */
export function identityOf(user: User): Identity {
  const claims = claimsOf(user.access_token);
  const rawRoles = Array.isArray(claims.roles) ? claims.roles : [];
  const roles = rawRoles.filter(
    (r): r is Role => r === 'operator' || r === 'agency' || r === 'admin',
  );
  const profile = user.profile as Record<string, unknown>;
  const name =
    (typeof profile.name === 'string' && profile.name) ||
    (typeof profile.preferred_username === 'string' && profile.preferred_username) ||
    user.profile.sub;
  const org = typeof claims.org === 'string' ? claims.org : null;
  return { sub: user.profile.sub, name, roles, org };
}

export const isMinistry = (identity: Identity | null): boolean =>
  !!identity && (identity.roles.includes('operator') || identity.roles.includes('admin'));
export const isAgency = (identity: Identity | null): boolean =>
  !!identity && identity.roles.includes('agency');
export const isAdmin = (identity: Identity | null): boolean =>
  !!identity && identity.roles.includes('admin');
