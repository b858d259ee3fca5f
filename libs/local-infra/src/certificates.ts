import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A private CA and one server certificate it signed, as PEM files and their contents. */
export interface PrivateCa {
  /** The CA's certificate: what a client trusts (KAFKA_SSL_CA_FILE). */
  caFile: string;
  caCertificate: string;
  /** The server's certificate and its (unencrypted PKCS#8) key. */
  certificate: string;
  privateKey: string;
}

/**
 * Creates, with openssl, a throw-away CA under `dir` and a certificate it signs for a server on
 * 127.0.0.1 / localhost (the subjectAltName clients check the host against). Valid two days:
 * it is meant for one test run, never for anything people rely on.
 */
export function createPrivateCa(dir: string, name: string): PrivateCa {
  mkdirSync(dir, { recursive: true });
  const at = (file: string) => join(dir, file);
  writeFileSync(
    at('server.ext'),
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '',
    ].join('\n'),
  );
  const key = ['-newkey', 'rsa:2048', '-nodes'];
  openssl(
    ['req', '-x509', ...key, '-keyout', at('ca.key'), '-out', at('ca.pem')].concat(
      ['-days', '2', '-subj', `/CN=${name} test CA`],
      ['-addext', 'basicConstraints=critical,CA:TRUE'],
      ['-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    ),
  );
  openssl(
    ['req', ...key, '-keyout', at('server.key'), '-out', at('server.csr')].concat([
      '-subj',
      '/CN=127.0.0.1',
    ]),
  );
  openssl([
    'x509',
    '-req',
    '-in',
    at('server.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    at('server.ext'),
    '-out',
    at('server.pem'),
  ]);
  const read = (file: string) => readFileSync(at(file), 'utf8');
  return {
    caFile: at('ca.pem'),
    caCertificate: read('ca.pem'),
    certificate: read('server.pem'),
    privateKey: read('server.key'),
  };
}

function openssl(args: string[]): void {
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  if (result.error) throw new Error(`Cannot run openssl (${result.error.message}).`);
  if (result.status !== 0) {
    throw new Error(`openssl ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  }
}
