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
  /** `sub` of the authenticated user, when there is one. */
  actor?: string;
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
