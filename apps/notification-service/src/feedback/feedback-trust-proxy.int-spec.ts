/**
 * The public form's per-address budget behind a proxy (the console gateway sends
 * X-Forwarded-For): with TRUST_PROXY=1 two callers with different forwarded addresses get a
 * budget each; without it every caller is the proxy and they share one. Real PostgreSQL counters.
 */
import { Logger } from '@nestjs/common';
import { ALL_TOPICS } from '@relief/contracts';
import {
  createTopics,
  startTestService,
  testKafkaBrokers,
  uniqueTopicPrefix,
  type TestService,
} from '@relief/testing';
import request from 'supertest';
import { AppModule } from '../app.module';
import { NotificationServiceConfig } from '../notification-service.config';

Logger.overrideLogger(process.env.TEST_LOGS ? ['log', 'warn', 'error'] : false);

async function start(name: string, env: Record<string, string>) {
  const prefix = uniqueTopicPrefix();
  await createTopics(testKafkaBrokers(), prefix, ALL_TOPICS);
  return startTestService({
    name,
    configClass: NotificationServiceConfig,
    module: (config) => AppModule.forRoot(config),
    topicPrefix: prefix,
    env: { FEEDBACK_WEB_RATE_LIMIT: '1', FEEDBACK_WEB_RATE_WINDOW_S: '600', ...env },
  });
}

describe('feedback form budgets behind a proxy (TRUST_PROXY)', () => {
  const services: TestService<NotificationServiceConfig>[] = [];

  afterAll(async () => {
    await Promise.all(services.map((s) => s.close()));
  }, 60_000);

  const post = (service: TestService<NotificationServiceConfig>, forwardedFor: string) =>
    request(service.app.getHttpServer())
      .post('/feedback')
      .set('X-Forwarded-For', forwardedFor)
      .send({ text: 'Жинақта сабын жоқ' });

  it('gives two forwarded addresses a budget each when the proxy is trusted', async () => {
    const trusted = await start('notification_trust_proxy', { TRUST_PROXY: '1' });
    services.push(trusted);
    expect((await post(trusted, '203.0.113.7')).status).toBe(202);
    expect((await post(trusted, '198.51.100.9')).status).toBe(202);
    expect((await post(trusted, '203.0.113.7')).status).toBe(429);
    const clients = await trusted.sql.query(`SELECT client FROM feedback_rate_limits ORDER BY 1`);
    expect(clients.rows.map((r: { client: string }) => r.client)).toEqual([
      '198.51.100.9',
      '203.0.113.7',
    ]);
  }, 180_000);

  it('makes them share the proxy budget when it is not (the default)', async () => {
    const untrusted = await start('notification_no_trust_proxy', {});
    services.push(untrusted);
    expect((await post(untrusted, '203.0.113.7')).status).toBe(202);
    expect((await post(untrusted, '198.51.100.9')).status).toBe(429);
  }, 180_000);
});
