import { DependencyStateTracker } from './readiness';

describe('DependencyStateTracker', () => {
  const lines = () => {
    const logged: string[] = [];
    const tracker = new DependencyStateTracker({
      log: (message) => logged.push(`info ${message}`),
      warn: (message) => logged.push(`warn ${message}`),
    });
    return { logged, tracker };
  };

  it('logs a start-up once per change, however often it is probed', () => {
    const { logged, tracker } = lines();
    for (let probe = 0; probe < 5; probe++) {
      tracker.observe('database', { up: true });
      tracker.observe('kafka-consumer', {
        up: false,
        detail: { state: 'starting', lastError: null },
      });
    }
    for (let probe = 0; probe < 5; probe++) {
      tracker.observe('kafka-consumer', { up: true, detail: { state: 'running' } });
    }
    expect(logged).toEqual(['info kafka-consumer: starting', 'info kafka-consumer: starting → up']);
  });

  it('warns once when a dependency that was up is lost, with a one-line reason, and says when it is back', () => {
    const { logged, tracker } = lines();
    tracker.observe('kafka-broker', { up: true });
    const error = `connect ECONNREFUSED 127.0.0.1:9092\n    at TCPConnectWrap${'x'.repeat(200)}`;
    tracker.observe('kafka-broker', { up: false, detail: { error } });
    tracker.observe('kafka-broker', { up: false, detail: { error: 'another message' } });
    tracker.observe('kafka-broker', { up: true });
    expect(logged).toEqual([
      'warn kafka-broker: up → down (connect ECONNREFUSED 127.0.0.1:9092)',
      'info kafka-broker: down → up',
    ]);
  });

  it('keeps dependencies apart', () => {
    const { logged, tracker } = lines();
    tracker.observe('kafka-consumer', { up: false, detail: { state: 'starting' } });
    tracker.observe('kafka-outbox', { up: false, detail: { lastError: 'broker unreachable' } });
    tracker.observe('kafka-consumer', { up: false, detail: { state: 'restarting' } });
    expect(logged).toEqual([
      'info kafka-consumer: starting',
      'info kafka-outbox: down (broker unreachable)',
      'info kafka-consumer: starting → restarting',
    ]);
  });
});
