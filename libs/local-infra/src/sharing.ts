/**
 * Several commands may use the same Kafka / PostgreSQL at once (two jest runs, `npm start` and
 * tests, other clones of the repo on the same ports). Each long-running user holds a lease; a piece
 * is stopped only when no other live process holds a lease on it.
 * Leases are machine-wide (clones share ports), so they live in the temp folder, not in .local.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopLocalKafka } from './kafka';
import { stopEmbeddedPostgres } from './postgres';
import { isProcessAlive } from './processes';
import { readState, updateState, type Owner } from './state';

const LEASE_DIR = join(tmpdir(), 'relief-infra-leases');

/** What a command uses, and which parts of it the command itself started. */
export interface UsedInfrastructure {
  adminUrl: string;
  brokers: string;
  started: { kafkaPid?: number; postgres: boolean };
}

function leaseNames(used: UsedInfrastructure): { kafka: string; postgres: string } {
  const clean = (s: string) => s.replace(/[^\w.-]+/g, '_');
  const pg = new URL(used.adminUrl);
  return {
    kafka: `kafka_${clean(used.brokers)}`,
    postgres: `postgres_${clean(`${pg.hostname}_${pg.port || 5432}`)}`,
  };
}

function leaseFile(resource: string): string {
  return join(LEASE_DIR, `${resource}.${process.pid}`);
}

/** Live processes other than us holding a lease on `resource`; leases of dead ones are removed. */
function otherHolders(resource: string): number[] {
  if (!existsSync(LEASE_DIR)) return [];
  const holders: number[] = [];
  for (const file of readdirSync(LEASE_DIR)) {
    if (!file.startsWith(`${resource}.`)) continue;
    const pid = Number(file.slice(resource.length + 1));
    if (pid === process.pid) continue;
    if (isProcessAlive(pid)) holders.push(pid);
    else rmSync(join(LEASE_DIR, file), { force: true });
  }
  return holders;
}

export function holdInfrastructure(used: UsedInfrastructure): void {
  mkdirSync(LEASE_DIR, { recursive: true });
  for (const resource of Object.values(leaseNames(used))) writeFileSync(leaseFile(resource), '');
}

/**
 * `infra:up` makes what it finds recorded its own, so it keeps running until `infra:down` even if
 * a test run or `npm start` started it.
 */
export function adoptRecorded(owner: Owner): void {
  updateState((s) => {
    if (s.kafka) s.kafka.startedBy = owner;
    if (s.postgres) s.postgres.startedBy = owner;
  });
}

/**
 * Drops our leases, then stops what a command of our kind (`owner`) started, once no other process
 * uses it: the last of two parallel test runs stops the broker the first one started. Nothing
 * `infra:up` started (or adopted) is touched. Returns notes on what was left running, and why.
 */
export async function releaseInfrastructure(
  used: UsedInfrastructure,
  owner: Owner,
): Promise<string[]> {
  const names = leaseNames(used);
  Object.values(names).forEach((resource) => rmSync(leaseFile(resource), { force: true }));
  const notes: string[] = [];
  const { kafka, postgres } = readState();
  if (kafka?.startedBy === owner && kafka.brokers === used.brokers) {
    const others = otherHolders(names.kafka);
    if (others.length === 0) await stopLocalKafka(kafka.pid);
    else notes.push(`Kafka left running: still used by pid ${others.join(', ')}.`);
  }
  if (postgres?.startedBy === owner && sameServer(postgres.adminUrl, used.adminUrl)) {
    const others = otherHolders(names.postgres);
    if (others.length === 0) await stopEmbeddedPostgres();
    else notes.push(`PostgreSQL left running: still used by pid ${others.join(', ')}.`);
  }
  return notes;
}

function sameServer(a: string, b: string): boolean {
  const [x, y] = [new URL(a), new URL(b)];
  return x.hostname === y.hostname && (x.port || '5432') === (y.port || '5432');
}
