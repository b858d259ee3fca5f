import { join } from 'node:path';
import { REPO_ROOT } from './paths';

/** The one list of services: start script, infrastructure (databases) and tests all read it. */
export interface ServiceDefinition {
  /** Nest project name, also the Kafka client id. */
  readonly name: string;
  readonly port: number;
  /** The PostgreSQL database the service owns. */
  readonly database: string;
}

export const SERVICES: readonly ServiceDefinition[] = [
  { name: 'incident-service', port: 3001, database: 'relief_incident' },
  { name: 'resource-request-service', port: 3002, database: 'relief_resource_request' },
  { name: 'partner-offer-service', port: 3003, database: 'relief_partner_offer' },
  { name: 'notification-service', port: 3004, database: 'relief_notification' },
];

export const SERVICE_DATABASES: readonly string[] = SERVICES.map((s) => s.database);

/** `nest build <name>` writes the service here (the contract the start script and Dockerfile rely on). */
export function serviceEntryFile(name: string): string {
  return join(REPO_ROOT, 'dist', 'apps', name, 'main.js');
}

export function findService(name: string): ServiceDefinition {
  const service = SERVICES.find((s) => s.name === name);
  if (!service) {
    const known = SERVICES.map((s) => s.name).join(', ');
    throw new Error(`Unknown service "${name}". Known services: ${known}`);
  }
  return service;
}
