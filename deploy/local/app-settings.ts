import {
  databaseUrl,
  DEV_AUDIENCE,
  findService,
  type ServiceDefinition,
} from '@relief/local-infra';

/** Where `npm start` runs the platform's peers, which the apps' settings point at. */
export interface LocalPeers {
  /** The address the services listen on and the console reaches them at. */
  host: string;
  brokers: string;
  /** PostgreSQL's admin URL: each service's database is on the same server. */
  adminUrl: string;
  /** The OIDC provider's issuer URL (its JWKS at `<issuer>/jwks`). */
  issuer: string;
  /** What the local sinks (mail catcher, SMPP sink) tell the services. */
  sinksEnv: Record<string, string>;
}

/**
 * The settings `npm start` gives a service, over the caller's environment. A module of its own
 * so deploy/docker-compose.spec.ts can hold docker compose to the same settings.
 */
export function serviceSettings(
  service: ServiceDefinition,
  peers: LocalPeers,
): Record<string, string> {
  return {
    ...peers.sinksEnv,
    DATABASE_URL: databaseUrl(peers.adminUrl, service.database),
    KAFKA_BROKERS: peers.brokers,
    KAFKA_CLIENT_ID: service.name,
    // Tokens of the OIDC provider and of `npm run token` (same key, same issuer), through the JWKS.
    AUTH_JWKS_URL: `${peers.issuer}/jwks`,
    AUTH_ISSUER: peers.issuer,
    AUTH_AUDIENCE: DEV_AUDIENCE,
    // The console gateway, one hop in front, appends the caller's address to X-Forwarded-For:
    // the public feedback form's per-address budget then counts the caller, not the gateway.
    TRUST_PROXY: process.env.TRUST_PROXY ?? '1',
    // People read these logs at a terminal.
    LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
  };
}

/** The settings `npm start` gives the console's gateway, over the caller's environment. */
export function consoleSettings(peers: LocalPeers): Record<string, string> {
  const url = (name: string) => `http://${peers.host}:${findService(name).port}`;
  return {
    KAFKA_BROKERS: peers.brokers,
    KAFKA_CLIENT_ID: 'console',
    KAFKA_GROUP_ID: 'console',
    AUTH_JWKS_URL: `${peers.issuer}/jwks`,
    AUTH_ISSUER: peers.issuer,
    AUTH_AUDIENCE: DEV_AUDIENCE,
    CONSOLE_ISSUER: peers.issuer,
    INCIDENT_SERVICE_URL: url('incident-service'),
    REQUEST_SERVICE_URL: url('resource-request-service'),
    OFFER_SERVICE_URL: url('partner-offer-service'),
    NOTIFICATION_SERVICE_URL: url('notification-service'),
    LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
  };
}
