import { join, resolve } from 'node:path';

/** Repository root, found from this file so scripts work whatever the current directory is. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Everything the local infrastructure creates lives under the git-ignored `.local/` folder. */
export const LOCAL_DIR = join(REPO_ROOT, '.local');

export const KAFKA_PATHS = {
  pom: join(REPO_ROOT, 'deploy', 'local', 'kafka', 'pom.xml'),
  dir: join(LOCAL_DIR, 'kafka'),
  lib: join(LOCAL_DIR, 'kafka', 'lib'),
  data: join(LOCAL_DIR, 'kafka', 'data'),
  properties: join(LOCAL_DIR, 'kafka', 'server.properties'),
  log: join(LOCAL_DIR, 'kafka', 'kafka.log'),
  pid: join(LOCAL_DIR, 'kafka', 'kafka.pid'),
} as const;

export const POSTGRES_PATHS = {
  dir: join(LOCAL_DIR, 'postgres'),
  data: join(LOCAL_DIR, 'postgres', 'data'),
  log: join(LOCAL_DIR, 'postgres', 'postgres.log'),
} as const;

export const AUTH_PATHS = {
  dir: join(LOCAL_DIR, 'auth'),
  privateKey: join(LOCAL_DIR, 'auth', 'dev-private.pem'),
  publicKey: join(LOCAL_DIR, 'auth', 'dev-public.pem'),
} as const;

/** A separate key pair for tests, so test tokens are never accepted by a local `npm start`. */
export const TEST_AUTH_PATHS = {
  dir: join(LOCAL_DIR, 'test-auth'),
  privateKey: join(LOCAL_DIR, 'test-auth', 'test-private.pem'),
  publicKey: join(LOCAL_DIR, 'test-auth', 'test-public.pem'),
} as const;

/** Remembers what this project started, so `infra:down` never stops anything else. */
export const INFRA_STATE_FILE = join(LOCAL_DIR, 'infra-state.json');
