import type { ConsoleEvent } from './event-filter';

/** The last `capacity` events, with increasing ids, so a browser that reconnects catches up. */
export class EventBuffer {
  private readonly events: ConsoleEvent[] = [];
  private nextId = 1;

  constructor(private readonly capacity = 1_000) {}

  add(event: Omit<ConsoleEvent, 'id'>): ConsoleEvent {
    const stored = { ...event, id: this.nextId++ };
    this.events.push(stored);
    if (this.events.length > this.capacity)
      this.events.splice(0, this.events.length - this.capacity);
    return stored;
  }

  /**
   * The events after `id` still kept (all kept ones for an id before the oldest). An id above the
   * last one was given by an earlier gateway process: everything kept is new to that browser.
   */
  after(id: number): ConsoleEvent[] {
    if (id > this.lastId) return [...this.events];
    return this.events.filter((e) => e.id > id);
  }

  get lastId(): number {
    return this.nextId - 1;
  }
}
