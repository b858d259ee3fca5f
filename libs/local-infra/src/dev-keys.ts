import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AUTH_PATHS } from './paths';

export interface KeyPairFiles {
  privateKey: string;
  publicKey: string;
}

/** An ES256 (P-256) key pair as PEM files: PKCS8 private, SPKI public. Kept when already there. */
export function ensureKeyPair(files: KeyPairFiles): { created: boolean } {
  if (existsSync(files.privateKey) && existsSync(files.publicKey)) return { created: false };
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  mkdirSync(dirname(files.privateKey), { recursive: true });
  writeFileSync(files.privateKey, privateKey, { mode: 0o600 });
  // Readable by everyone: a container user must be able to read the mounted public key.
  writeFileSync(files.publicKey, publicKey, { mode: 0o644 });
  return { created: true };
}

/** The development pair: `npm run token` signs with it, locally started services verify with it. */
export function ensureDevKeys(): { created: boolean } {
  return ensureKeyPair(AUTH_PATHS);
}
