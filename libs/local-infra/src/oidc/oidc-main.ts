/**
 * Runs the local OIDC provider: `tsx libs/local-infra/src/oidc/oidc-main.ts`.
 * OIDC_PORT (3010), OIDC_HOST (the address it listens on: 127.0.0.1; 0.0.0.0 in a container),
 * OIDC_ISSUER (http://127.0.0.1:<port>), OIDC_CONSOLE_ORIGINS
 * (http://127.0.0.1:3000, comma-separated), OIDC_PRIVATE_KEY_FILE (.local/auth/dev-private.pem).
 */
import { readFileSync } from 'node:fs';
import { ensureDevKeys } from '../dev-keys';
import { AUTH_PATHS } from '../paths';
import { CONSOLE_DEFAULT_PORT, OIDC_DEFAULT_PORT, oidcIssuer } from './dev-accounts';
import { createOidcServer } from './oidc-server';

const port = Number(process.env.OIDC_PORT ?? OIDC_DEFAULT_PORT);
const host = process.env.OIDC_HOST ?? '127.0.0.1';
const issuer = process.env.OIDC_ISSUER ?? oidcIssuer(port);
const consoleOrigins = (
  process.env.OIDC_CONSOLE_ORIGINS ?? `http://127.0.0.1:${CONSOLE_DEFAULT_PORT}`
)
  .split(',')
  .map((o) => o.trim().replace(/\/$/, ''))
  .filter((o) => o !== '');
const keyFile = process.env.OIDC_PRIVATE_KEY_FILE ?? AUTH_PATHS.privateKey;
if (!process.env.OIDC_PRIVATE_KEY_FILE) ensureDevKeys();

const server = createOidcServer({
  issuer,
  port,
  consoleOrigins,
  privateKeyPem: readFileSync(keyFile, 'utf8'),
});
server.listen(port, host, () => {
  console.log(`OIDC provider ${issuer} (console origins ${consoleOrigins.join(', ')})`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
