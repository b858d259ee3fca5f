import { createServer, type AddressInfo } from 'node:net';
import { resolveMessagingOptions } from '../messaging.options';
import { KafkaClient } from './kafka-client.service';

/** A port nothing listens on (taken, then released). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('KafkaClient.probe (for /ready)', () => {
  it('says quickly that no broker answers, and why', async () => {
    const client = new KafkaClient(
      resolveMessagingOptions({
        serviceName: 'probe-test',
        clientId: 'probe-test',
        brokers: [`127.0.0.1:${await deadPort()}`],
        kafkaLogLevel: 'nothing',
      }),
    );
    const started = Date.now();
    const probe = await client.probe();
    expect(probe.reachable).toBe(false);
    expect(probe.error).toMatch(/ECONNREFUSED|Connection error|connect/i);
    expect(Date.now() - started).toBeLessThan(4_000);
    // Cached for a moment: a burst of readiness checks costs one probe.
    expect(await client.probe()).toEqual(probe);
    await client.disconnect();
  });
});
