/**
 * Prints a development JWT: npm run token -- --role agency --org unicef [--sub name] [--ttl 8h]
 * --issuer defaults to the local OIDC provider's (DEV_ISSUER), as `npm start` sets AUTH_ISSUER.
 * --role may repeat or be comma-separated (operator, agency, admin).
 */
import { parseArgs } from 'node:util';
import { mintDevToken } from '@relief/local-infra';

export { mintDevToken, type TokenOptions } from '@relief/local-infra';

const USAGE =
  'Usage: npm run token -- --role <operator|agency|admin>[,...] [--org <code>] [--sub <name>] [--ttl 8h] [--issuer http://127.0.0.1:3010]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      org: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string' },
      issuer: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.role) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 1;
    return;
  }
  const token = await mintDevToken({
    role: values.role,
    org: values.org,
    sub: values.sub,
    ttl: values.ttl,
    issuer: values.issuer,
  });
  console.log(token);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    console.error(USAGE);
    process.exitCode = 1;
  });
}
