import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths';
import { DEV_ACCOUNTS, findDevAccount } from './dev-accounts';
import { loginPage } from './login-page';

describe('the OIDC provider’s development accounts', () => {
  it('name, for every agency, a partner that partner-offer-service seeds', () => {
    const migration = readFileSync(
      join(
        REPO_ROOT,
        'apps/partner-offer-service/src/database/migrations/1714000000000-offers-schema.ts',
      ),
      'utf8',
    );
    const agencies = DEV_ACCOUNTS.filter((a) => a.roles.includes('agency'));
    expect(agencies.map((a) => a.org)).toEqual(['UNICEF', 'RCS-KZ', 'EU']);
    for (const { org } of agencies) expect(migration).toContain(`('${org}',`);
  });

  it('are found by username in any case', () => {
    expect(findDevAccount(' Aliya ')?.roles).toEqual(['operator']);
    expect(findDevAccount('nobody')).toBeUndefined();
  });

  it('are listed on the login page, each a button with an accessible name', () => {
    const html = loginPage('uid-1');
    for (const account of DEV_ACCOUNTS) {
      expect(html).toContain(`aria-label="Sign in as ${account.username} — ${account.name}, `);
    }
    expect(html).toContain('action="/interaction/uid-1/login"');
    expect(loginPage('u', '<b>bad</b>')).toContain('&lt;b&gt;bad&lt;/b&gt;');
  });
});
