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
  /** Where its `/admin/*` goes: the service's internal port in a cluster, else `target`. */
  adminTarget: string;
}

export function proxyRoutes(config: ConsoleConfig): ProxyRoute[] {
  const targets: Record<ServicePrefix, [string, string | undefined]> = {
    incident: [config.INCIDENT_SERVICE_URL, config.INCIDENT_SERVICE_ADMIN_URL],
    request: [config.REQUEST_SERVICE_URL, config.REQUEST_SERVICE_ADMIN_URL],
    offer: [config.OFFER_SERVICE_URL, config.OFFER_SERVICE_ADMIN_URL],
    notification: [config.NOTIFICATION_SERVICE_URL, config.NOTIFICATION_SERVICE_ADMIN_URL],
  };
  return SERVICE_PREFIXES.map((service) => {
    const [target, admin] = targets[service];
    return {
      service,
      prefix: `/api/${service}`,
      target: target.replace(/\/+$/, ''),
      adminTarget: (admin ?? target).replace(/\/+$/, ''),
    };
  });
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
 * Where a gateway path of the route goes: `/admin/*` to the admin target (with INTERNAL_PORT the
 * service answers it on no other port), the rest to the service. The service's router matches
 * case-insensitively, so this does too.
 */
export function upstreamTarget(route: ProxyRoute, path: string): string {
  const upstream = upstreamPath(route, path);
  return upstream !== undefined && /^\/admin(?:[/?]|$)/i.test(upstream)
    ? route.adminTarget
    : route.target;
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
  for (const target of [route.target, route.adminTarget]) {
    if (location.startsWith(`${target}/`) || location === target) {
      return `${route.prefix}${location.slice(target.length) || '/'}`;
    }
  }
  return location;
}
