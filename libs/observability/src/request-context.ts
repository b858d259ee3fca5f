import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What every log line and every outgoing event should know about the work in progress:
 * the correlation id of the HTTP request (or event chain) that started it, and the event
 * being handled when the work is a consumer's.
 */
export interface RequestContextData {
  correlationId: string;
  /** Id of the event being consumed; becomes the causationId of events this work emits. */
  causationId?: string;
  /**
   * Who the work is done for: the authenticated caller of the request, or the actor carried by
   * the event being consumed (so a cascade is attributed to the person who started it).
   * Absent for work nobody asked for (scheduled jobs, seeds).
   */
  actor?: Actor;
}

/** A person (or service) acting: the token's subject, organisation and roles. */
export interface Actor {
  subject: string;
  organisationId: string | null;
  roles: string[];
}

/** The actor of work no person started: `system:<service-name>`, no organisation, no roles. */
export function systemActor(service: string): Actor {
  return { subject: `system:${service}`, organisationId: null, roles: [] };
}

const storage = new AsyncLocalStorage<RequestContextData>();

export const RequestContext = {
  run<T>(data: RequestContextData, fn: () => T): T {
    return storage.run(data, fn);
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
};
