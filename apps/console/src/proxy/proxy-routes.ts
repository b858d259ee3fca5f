import type { ConsoleConfig } from '../console.config';

/** The four services behind the gateway, by the path the browser uses. */
export const SERVICE_PREFIXES = ['incident', 'request', 'offer', 'notification'] as const;
export type ServicePrefix = (typeof SERVICE_PREFIXES)[number];

export interface ProxyRoute {
  service: ServicePrefix;
  /** e.g. `/api/incident` */
  prefix: string;
  /** e.g. `http://127.0.0.1:3001` */
  target: string;
}

export function proxyRoutes(config: ConsoleConfig): ProxyRoute[] {
  const targets: Record<ServicePrefix, string> = {
    incident: config.INCIDENT_SERVICE_URL,
    request: config.REQUEST_SERVICE_URL,
    offer: config.OFFER_SERVICE_URL,
    notification: config.NOTIFICATION_SERVICE_URL,
  };
  return SERVICE_PREFIXES.map((service) => ({
    service,
    prefix: `/api/${service}`,
    target: targets[service].replace(/\/+$/, ''),
  }));
}

/**
 * The upstream path of a gateway path (`/api/incident/incidents?limit=5` → `/incidents?limit=5`),
 * or undefined when the path is not under the route's prefix.
 */
export function upstreamPath(route: ProxyRoute, path: string): string | undefined {
  if (path === route.prefix) return '/';
  if (path.startsWith(`${route.prefix}/`) || path.startsWith(`${route.prefix}?`)) {
    const rest = path.slice(route.prefix.length);
    const upstream = rest.startsWith('?') ? `/${rest}` : rest;
    return isOperational(upstream) ? undefined : upstream;
  }
  return undefined;
}

/**
 * A service's probes and metrics are for the cluster, not the public: the gateway does not pass
 * them on (they answer 404 here). Express matches routes case-insensitively and with a trailing
 * slash, so the check does too.
 */
function isOperational(upstream: string): boolean {
  const pathname = upstream.split('?')[0].toLowerCase().replace(/\/+$/, '');
  return ['/metrics', '/health', '/ready'].includes(pathname);
}

/**
 * A `Location` the service answered, as the browser must follow it through the gateway: a path
 * of the service (`/incidents/x`), or a URL of the service itself, goes under the prefix; any
 * other URL is left alone.
 */
export function gatewayLocation(route: ProxyRoute, location: string): string {
  if (location.startsWith('/') && !location.startsWith('//')) return `${route.prefix}${location}`;
  if (location.startsWith(`${route.target}/`) || location === route.target) {
    return `${route.prefix}${location.slice(route.target.length) || '/'}`;
  }
  return location;
}
