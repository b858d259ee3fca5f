import { Logger } from '@nestjs/common';
import { EventTypes, exampleEvent } from '@relief/contracts';
import { RequestContext, startTracing, traceHeaders } from '@relief/observability';
import { type KafkaMessage } from 'kafkajs';
import { type DeadLetter } from '../dead-letters/dead-letter.publisher';
import { resolveMessagingOptions } from '../messaging.options';
import { buildEnvelope } from '../outbox/build-envelope';
import { TransientError } from '../retry/transient-error';
import { type EventContext } from './event-context';
import { EventProcessor, type DeliveryControl } from './event-processor';

Logger.overrideLogger(false);

const options = resolveMessagingOptions({
  serviceName: 'test',
  brokers: ['kafka:9092'],
  clientId: 'test',
  consumer: {
    maxAttempts: 3,
    retryBackoff: { initialMs: 1, maxMs: 1, jitter: 0 },
    outageBackoff: { initialMs: 1, maxMs: 1, jitter: 0 },
  },
});

function message(value: string | null, offset = '7'): KafkaMessage {
  return {
    key: Buffer.from('k'),
    value: value === null ? null : Buffer.from(value),
    offset,
    timestamp: '0',
    attributes: 0,
    headers: {},
  };
}

const reported = buildEnvelope(exampleEvent(EventTypes.IncidentReported), {
  producer: 'incident-service',
  context: { correlationId: 'corr-1' },
});

describe('EventProcessor', () => {
  let deadLetters: DeadLetter[];
  let inbox: Set<string>;
  let handler: jest.Mock;
  let control: DeliveryControl & { abort: AbortController };
  let failDeadLetters = 0;

  function processor(handlers: Record<string, jest.Mock> = { 'incident.reported': handler }) {
    const manager = {
      query: async (_sql: string, [, eventId]: string[]) => {
        if (inbox.has(eventId)) return [];
        inbox.add(eventId);
        return [{ event_id: eventId }];
      },
    };
    // Rolls the inbox row back when the handler throws, as the database would.
    const dataSource = {
      transaction: async (work: (m: typeof manager) => Promise<unknown>) => {
        const before = new Set(inbox);
        try {
          return await work(manager);
        } catch (error) {
          inbox = before;
          throw error;
        }
      },
    };
    const publisher = {
      publish: async (letter: DeadLetter) => {
        if (failDeadLetters-- > 0) throw new Error('Kafka down');
        deadLetters.push(letter);
      },
    };
    return new EventProcessor(
      options,
      dataSource as never,
      publisher as never,
      (type) => handlers[type],
    );
  }

  beforeEach(() => {
    deadLetters = [];
    inbox = new Set();
    failDeadLetters = 0;
    handler = jest.fn(async () => undefined);
    const abort = new AbortController();
    control = { abort, signal: abort.signal, heartbeat: jest.fn(async () => undefined) };
  });

  const deliver = (value: string | null, p = processor()) =>
    p.process({ topic: 'incident.events', partition: 0, message: message(value) }, control);

  it('calls the handler with the validated envelope and a context, inside the event context', async () => {
    let seen: unknown;
    handler.mockImplementation(async () => (seen = RequestContext.current()));
    expect(await deliver(reported.value)).toBe('done');
    const [envelope, context] = handler.mock.calls[0] as [unknown, EventContext];
    expect(envelope).toMatchObject({ id: reported.envelope.id, type: 'incident.reported' });
    expect(context).toMatchObject({
      topic: 'incident.events',
      partition: 0,
      offset: '7',
      attempt: 1,
    });
    expect(seen).toEqual({
      correlationId: 'corr-1',
      causationId: reported.envelope.id,
      // The consumed event's actor: the handler's changes and events are attributed to it.
      actor: { subject: 'system:incident-service', organisationId: null, roles: [] },
    });
  });

  it("handles the event in a span continuing the message's traceparent", async () => {
    startTracing({ service: 'test', exporter: 'none', endpoint: 'http://127.0.0.1:4318' });
    const upstream = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    let inside: Record<string, string> = {};
    handler.mockImplementation(async () => (inside = traceHeaders()));
    const p = processor();
    const withTrace = message(reported.value);
    withTrace.headers = { traceparent: Buffer.from(upstream) };
    await p.process({ topic: 'incident.events', partition: 0, message: withTrace }, control);
    // Same trace, a span of its own: what the handler appends to the outbox carries this one on.
    expect(inside.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(inside.traceparent).not.toBe(upstream);
    expect(traceHeaders()).toEqual({});
  });

  it('skips an event whose id the inbox already holds', async () => {
    const p = processor();
    await deliver(reported.value, p);
    await deliver(reported.value, p);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('skips types without a handler, even when it cannot decode them', async () => {
    const closed = buildEnvelope(exampleEvent(EventTypes.IncidentClosed), { producer: 'p' });
    const badClosed = JSON.stringify({ ...closed.envelope, version: 42 });
    expect(await deliver(closed.value)).toBe('done');
    expect(await deliver(badClosed)).toBe('done');
    expect(deadLetters).toEqual([]);
  });

  it.each([
    ['malformed-json', '{'],
    ['invalid-envelope', '{}'],
    ['unknown-type', JSON.stringify({ ...reported.envelope, type: 'incident.moved' })],
    ['unknown-version', JSON.stringify({ ...reported.envelope, version: 3 })],
    ['invalid-payload', JSON.stringify({ ...reported.envelope, payload: { title: 1 } })],
  ])('dead-letters a message that fails with %s', async (reason, value) => {
    expect(await deliver(value)).toBe('done');
    expect(deadLetters).toEqual([expect.objectContaining({ reason, partition: 0 })]);
    expect(handler).not.toHaveBeenCalled();
  });

  it('retries outages without limit and without a dead letter', async () => {
    let calls = 0;
    handler.mockImplementation(async () => {
      if (++calls <= 5) throw new TransientError('database restarting');
    });
    expect(await deliver(reported.value)).toBe('done');
    expect(handler).toHaveBeenCalledTimes(6);
    expect((handler.mock.calls[5] as [unknown, EventContext])[1].attempt).toBe(6);
    expect(deadLetters).toEqual([]);
  });

  it('dead-letters a handler failing maxAttempts times, with its error', async () => {
    handler.mockRejectedValue(new RangeError('quantity out of range'));
    expect(await deliver(reported.value)).toBe('done');
    expect(handler).toHaveBeenCalledTimes(3);
    expect(deadLetters).toEqual([
      expect.objectContaining({
        reason: 'handler-failed',
        error: 'RangeError: quantity out of range',
      }),
    ]);
    expect(inbox.size).toBe(0); // rolled back with the handler
  });

  it('keeps trying to dead-letter while Kafka is down', async () => {
    failDeadLetters = 3;
    expect(await deliver('{')).toBe('done');
    expect(deadLetters).toHaveLength(1);
  });

  it('gives up waiting when the consumer stops, so the offset is not committed', async () => {
    handler.mockImplementation(async () => {
      control.abort.abort();
      throw new TransientError('database down');
    });
    expect(await deliver(reported.value)).toBe('stopped');
    expect(deadLetters).toEqual([]);
  });

  it('lets a rebalance (heartbeat error) escape, so kafkajs rejoins', async () => {
    handler.mockRejectedValueOnce(new TransientError('database down'));
    control.heartbeat = jest.fn(async () => {
      throw new Error('The group is rebalancing');
    });
    await expect(deliver(reported.value)).rejects.toThrow('rebalancing');
  });
});
