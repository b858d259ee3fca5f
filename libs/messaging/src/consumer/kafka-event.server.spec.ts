import { Logger } from '@nestjs/common';
import { type MessageHandler } from '@nestjs/microservices';
import { resolveMessagingOptions } from '../messaging.options';
import { HANDLE_EVENT_EXTRA } from './handle-event.decorator';
import { KafkaEventServer } from './kafka-event.server';

Logger.overrideLogger(false);

type Listener = (event: { payload: Record<string, unknown> }) => void;

/** Just enough of a kafkajs consumer to drive the server's state machine. */
class FakeConsumer {
  readonly events = { GROUP_JOIN: 'join', CRASH: 'crash', STOP: 'stop' };
  readonly listeners = new Map<string, Listener>();
  readonly subscribe = jest.fn(async () => undefined);
  readonly run = jest.fn(async () => undefined);
  readonly disconnect = jest.fn(async () => undefined);
  readonly connect = jest.fn(async () => undefined);
  on(event: string, listener: Listener): void {
    this.listeners.set(event, listener);
  }
  emit(event: string, payload: Record<string, unknown> = {}): void {
    this.listeners.get(event)?.({ payload });
  }
}

describe('KafkaEventServer', () => {
  const options = resolveMessagingOptions({
    serviceName: 'test',
    brokers: ['kafka:9092'],
    clientId: 'test',
    topicPrefix: 'pre.',
    consumer: { outageBackoff: { initialMs: 10, maxMs: 10, jitter: 0 } },
  });
  let consumers: FakeConsumer[];
  let server: KafkaEventServer;

  beforeEach(() => {
    consumers = [];
    const kafka = {
      ensureTopics: async () => undefined,
      consumer: () => {
        const consumer = new FakeConsumer();
        consumers.push(consumer);
        return consumer;
      },
    };
    server = new KafkaEventServer(options, {} as never, kafka as never, {} as never);
  });

  afterEach(() => server.close());

  function handle(type: string, declaredWithHandleEvent = true): void {
    const handler: MessageHandler = async () => undefined;
    server.addHandler(
      type,
      handler,
      true,
      declaredWithHandleEvent ? { [HANDLE_EVENT_EXTRA]: true } : {},
    );
  }

  const listen = () =>
    new Promise<unknown>((resolve) => server.listen((error?: unknown) => resolve(error)));

  it('subscribes to the topics of the types it has handlers for, with the prefix', async () => {
    handle('incident.reported');
    handle('incident.closed');
    handle('offer.accepted');
    expect(await listen()).toBeUndefined();
    await server.waitUntilRunning(10).catch(() => undefined);
    expect(consumers[0].subscribe).toHaveBeenCalledWith({
      topics: ['pre.incident.events', 'pre.offer.events'],
      fromBeginning: true,
    });
  });

  it('refuses a pattern that is not a catalogued event type', async () => {
    handle('incident.teleported');
    expect(await listen()).toEqual(
      new Error("@EventPattern('incident.teleported') is not an event type of @relief/contracts"),
    );
  });

  it('does not consume, and is healthy, without handlers', async () => {
    await listen();
    expect(consumers).toHaveLength(0);
    expect(server.consumerState()).toBe('not-started');
    expect(server.isHealthy()).toBe(true);
  });

  it('is unhealthy until the consumer joined its group', async () => {
    handle('incident.reported');
    await listen();
    expect(server.consumerState()).toBe('starting');
    expect(server.isHealthy()).toBe(false);
    consumers[0].emit('join');
    expect(server.consumerState()).toBe('running');
    expect(server.isHealthy()).toBe(true);
  });

  it('reports a crash kafkajs restarts by itself as unhealthy until it rejoined', async () => {
    handle('incident.reported');
    await listen();
    await new Promise((resolve) => setImmediate(resolve));
    consumers[0].emit('join');
    consumers[0].emit('crash', { error: new Error('broker restarting'), restart: true });
    expect(server.isHealthy()).toBe(false);
    expect(server.lastConsumerError()).toBe('broker restarting');
    consumers[0].emit('join');
    expect(server.isHealthy()).toBe(true);
  });

  it('restarts a consumer kafkajs gave up on, and is unhealthy meanwhile', async () => {
    handle('incident.reported');
    await listen();
    await new Promise((resolve) => setImmediate(resolve));
    consumers[0].emit('join');
    consumers[0].emit('crash', { error: new Error('not retriable'), restart: false });
    expect(server.consumerState()).toBe('crashed');
    expect(server.isHealthy()).toBe(false);

    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(consumers).toHaveLength(2);
    expect(consumers[0].disconnect).toHaveBeenCalled();
    consumers[0].emit('join'); // a late event of the old consumer changes nothing
    expect(server.isHealthy()).toBe(false);
    consumers[1].emit('join');
    expect(server.consumerState()).toBe('running');
  });

  it('stops for good on close', async () => {
    handle('incident.reported');
    await listen();
    await new Promise((resolve) => setImmediate(resolve));
    consumers[0].emit('join');
    await server.close();
    expect(consumers[0].disconnect).toHaveBeenCalled();
    expect(server.consumerState()).toBe('stopped');
    consumers[0].emit('crash', { error: new Error('late'), restart: false });
    expect(server.consumerState()).toBe('stopped');
  });
});
