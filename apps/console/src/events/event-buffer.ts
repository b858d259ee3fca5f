import type { ConsoleEvent } from './event-filter';

/**
 * The last `capacity` events, with increasing ids, so a browser that reconnects catches up. Ids
 * start from the process's start time in microseconds (about 2^50, a safe integer): a gateway
 * started again after a crash numbers above every id of the process before it, which had to hand
 * out more than 1,000 ids per millisecond to catch up. Counting from 1 in each process, the
 * Last-Event-ID of a browser that followed the earlier process named events of the new one it had
 * never seen, and the replay skipped them.
 */
export class EventBuffer {
  private readonly events: ConsoleEvent[] = [];
  private nextId: number;

  constructor(
    private readonly capacity = 1_000,
    firstId = Date.now() * 1_000 + 1,
  ) {
    this.nextId = firstId;
  }

  add(event: Omit<ConsoleEvent, 'id'>): ConsoleEvent {
    const stored = { ...event, id: this.nextId++ };
    this.events.push(stored);
    if (this.events.length > this.capacity)
      this.events.splice(0, this.events.length - this.capacity);
    return stored;
  }

  /**
   * The events after `id` still kept (all kept ones for an id before the oldest, as an id of an
   * earlier gateway process is). An id above the last one was given by another gateway (a replica
   * started later): everything kept may be new to that browser.
   */
  after(id: number): ConsoleEvent[] {
    if (id > this.lastId) return [...this.events];
    return this.events.filter((e) => e.id > id);
  }

  get lastId(): number {
    return this.nextId - 1;
  }
}
