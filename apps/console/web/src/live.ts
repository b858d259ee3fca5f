import { fetchEventSource } from '@microsoft/fetch-event-source';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { PlatformEvent } from './types';

/** When the queries an event touched are refreshed once more. */
const AGAIN_AFTER_MS = [1500, 5000];

/** The queries an event makes stale: a new offer reaches the inbox, the map re-shades. */
export function queriesTouchedBy(event: Pick<PlatformEvent, 'type' | 'aggregateId'>): QueryKey[] {
  const [topic] = event.type.split('.');
  // An open history of the object (administrators): its new entry, then the entry sealed.
  const history = ['audit', event.aggregateId];
  switch (topic) {
    case 'incident':
      return [
        ['incidents'],
        ['incident', event.aggregateId],
        ['timeline', event.aggregateId],
        history,
      ];
    case 'request':
      return [['requests'], ['board-requests'], ['offers'], history];
    case 'offer':
      return [['offers'], ['board-requests'], ['requests'], history];
    case 'notification':
      return [['notifications']];
    case 'feedback':
      return [['feedback']];
    case 'stock':
      // A reservation or release changes what a request can be offered from, and the map.
      return [['stock']];
    case 'catalogue':
      return [['kit-versions']];
    default:
      return [];
  }
}

/**
 * Follows GET /api/events with the user's token (fetch-based, so the Authorization header goes
 * along) and resumes from the last event seen after a reconnect (Last-Event-ID). A reconnect also
 * refreshes every query: what happened while the stream was down may not be replayed (a restarted
 * gateway starts with an empty buffer; a long gap outgrows the buffer).
 */
export function followEvents(
  token: () => string | null,
  client: QueryClient,
  onState: (connected: boolean) => void,
): () => void {
  const controller = new AbortController();
  let lastEventId: string | undefined;
  let connectedBefore = false;
  const run = (): void => {
    const headers: Record<string, string> = {};
    const bearer = token();
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    if (lastEventId) headers['Last-Event-ID'] = lastEventId;
    void fetchEventSource('/api/events', {
      headers,
      signal: controller.signal,
      openWhenHidden: true,
      onopen: async (response) => {
        onState(response.ok);
        if (!response.ok) throw new Error(`events answered ${response.status}`);
        if (connectedBefore) void client.invalidateQueries();
        connectedBefore = true;
      },
      onmessage: (message) => {
        if (message.id) lastEventId = message.id;
        if (!message.data) return;
        let event: PlatformEvent;
        try {
          event = JSON.parse(message.data) as PlatformEvent;
        } catch {
          return;
        }
        lastEventId = event.id ?? lastEventId;
        const touched = queriesTouchedBy(event);
        const refresh = (): void => {
          for (const queryKey of touched) void client.invalidateQueries({ queryKey });
        };
        refresh();
        // Another service's read model (partner-offer's view of a request) catches up with the
        // same event a moment later, and says nothing when it has: look again shortly.
        for (const delay of AGAIN_AFTER_MS) setTimeout(refresh, delay);
      },
      onclose: () => {
        onState(false);
        throw new Error('closed'); // let onerror retry
      },
      onerror: () => {
        onState(false);
        return 3000; // retry in 3 s, with the Last-Event-ID header of this closure's state
      },
    }).catch(() => {
      if (!controller.signal.aborted) setTimeout(run, 3000);
    });
  };
  run();
  return () => controller.abort();
}
