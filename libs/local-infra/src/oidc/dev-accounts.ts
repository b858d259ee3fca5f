/** The development accounts of the local OIDC provider (listed on its login page). */
export interface DevAccount {
  username: string;
  roles: ('operator' | 'agency' | 'admin')[];
  /** Partner code (apps/partner-offer-service's seeded partners) for agencies. */
  org?: string;
  name: string;
  /** What the login page says the account is. */
  description: string;
}

/** Every account signs in with this password (or a click on the login page). */
export const DEV_PASSWORD = 'relief';

export const DEV_ACCOUNTS: readonly DevAccount[] = [
  {
    username: 'aliya',
    roles: ['operator'],
    name: 'Aliya Nurlanovna',
    description: 'duty operator, Ministry for Emergency Situations',
  },
  {
    username: 'bolat',
    roles: ['operator'],
    name: 'Bolat Seitkali',
    description: 'logistics officer, Ministry for Emergency Situations',
  },
  { username: 'dana', roles: ['agency'], org: 'UNICEF', name: 'Dana', description: 'UNICEF' },
  {
    username: 'aigerim',
    roles: ['agency'],
    org: 'RCS-KZ',
    name: 'Aigerim',
    description: 'Red Crescent Society of Kazakhstan',
  },
  {
    username: 'pierre',
    roles: ['agency'],
    org: 'EU',
    name: 'Pierre',
    description: 'European Union (DG ECHO)',
  },
  { username: 'saule', roles: ['admin'], name: 'Saule', description: 'platform administrator' },
];

export function findDevAccount(username: string): DevAccount | undefined {
  return DEV_ACCOUNTS.find((a) => a.username === username.trim().toLowerCase());
}

/** Defaults of the local provider; OIDC_PORT / OIDC_ISSUER / OIDC_CONSOLE_ORIGINS change them. */
export const OIDC_DEFAULT_PORT = 3010;
export const OIDC_CLIENT_ID = 'relief-console';
export const OIDC_REDIRECT_PATH = '/auth/callback';
export const CONSOLE_DEFAULT_PORT = 3000;

export function oidcIssuer(port = OIDC_DEFAULT_PORT, host = '127.0.0.1'): string {
  return `http://${host}:${port}`;
}
