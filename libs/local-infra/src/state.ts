import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { INFRA_STATE_FILE } from './paths';

/** Which command started a piece of infrastructure (shown by `infra:status`). */
export type Owner = 'infra:up' | 'npm start' | 'jest global setup' | 'npm run bench';

export interface KafkaState {
  pid: number;
  brokers: string;
  startedBy: Owner;
  startedAt: string;
}

export interface PostgresState {
  adminUrl: string;
  dataDir: string;
  /** OS user the server runs as (PostgreSQL refuses to run as root). */
  osUser: string;
  startedBy: Owner;
  startedAt: string;
}

/** Only what THIS project started; infrastructure that was already running is never recorded. */
export interface InfraState {
  kafka?: KafkaState;
  postgres?: PostgresState;
}

export function readState(): InfraState {
  if (!existsSync(INFRA_STATE_FILE)) return {};
  return JSON.parse(readFileSync(INFRA_STATE_FILE, 'utf8')) as InfraState;
}

export function writeState(state: InfraState): void {
  mkdirSync(dirname(INFRA_STATE_FILE), { recursive: true });
  writeFileSync(INFRA_STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
}

export function updateState(change: (state: InfraState) => void): void {
  const state = readState();
  change(state);
  writeState(state);
}
