import { loadConfig } from '@relief/config';
import { NotificationServiceConfig } from './notification-service.config';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/relief_notification',
  AUTH_PUBLIC_KEY_FILE: '/keys/dev-public.pem',
};
const load = (env: Record<string, string>) =>
  loadConfig(NotificationServiceConfig, { ...base, ...env });

describe('NotificationServiceConfig: SMTP pool, SMPP windows and binds, SMS failover', () => {
  it('has defaults for the pool, the window and the binds, and no secondary', () => {
    const c = load({});
    expect(c.SMTP_MAX_CONNECTIONS).toBe(2);
    expect(c.SMTP_MAX_MESSAGES_PER_CONNECTION).toBe(100);
    expect(c.SMPP_WINDOW).toBe(10);
    expect(c.SMPP_BINDS).toBe(1);
    expect(c.SMS_SECONDARY_PROVIDER).toBeUndefined();
  });

  it('takes a second SMPP gateway as the secondary', () => {
    const c = load({
      SMS_SECONDARY_PROVIDER: 'smpp',
      SMPP_SECONDARY_HOST: 'smsc2.example',
      SMPP_SECONDARY_PORT: '2776',
      SMPP_WINDOW: '50',
      SMPP_BINDS: '4',
      SMS_FAILOVER_THRESHOLD: '3',
    });
    expect(c.SMPP_SECONDARY_PORT).toBe(2776);
    expect(c.SMPP_WINDOW).toBe(50);
    expect(c.SMS_FAILOVER_THRESHOLD).toBe(3);
  });

  it.each([
    [{ SMTP_MAX_CONNECTIONS: '0' }, /SMTP_MAX_CONNECTIONS/],
    [{ SMTP_MAX_MESSAGES_PER_CONNECTION: 'many' }, /SMTP_MAX_MESSAGES_PER_CONNECTION/],
    [{ SMPP_WINDOW: '0' }, /SMPP_WINDOW/],
    [{ SMPP_BINDS: '17' }, /SMPP_BINDS/],
    [{ SMPP_THROTTLE_RETRIES: '-1' }, /SMPP_THROTTLE_RETRIES/],
    [{ SMS_SECONDARY_PROVIDER: 'carrier-pigeon' }, /SMS_SECONDARY_PROVIDER/],
    [{ SMS_SECONDARY_PROVIDER: 'smpp' }, /SMPP_SECONDARY_HOST/],
    [
      { SMS_SECONDARY_PROVIDER: 'smpp', SMPP_SECONDARY_HOST: '127.0.0.1' },
      /SMS_SECONDARY_PROVIDER .*another gateway/,
    ],
    [{ SMS_SECONDARY_PROVIDER: 'http' }, /SMS_HTTP_URL/],
    [{ SMS_PROVIDER: 'http' }, /SMS_HTTP_URL/],
    [
      { SMS_PROVIDER: 'http', SMS_SECONDARY_PROVIDER: 'http', SMS_HTTP_URL: 'http://gw' },
      /SMS_SECONDARY_PROVIDER/,
    ],
    // The gateway's receipts come to a webhook it signs with this secret.
    [{ SMS_PROVIDER: 'http', SMS_HTTP_URL: 'http://gw' }, /SMS_HTTP_WEBHOOK_SECRET/],
    [
      { SMS_PROVIDER: 'http', SMS_HTTP_URL: 'http://gw', SMS_HTTP_WEBHOOK_SECRET: 'short' },
      /SMS_HTTP_WEBHOOK_SECRET/,
    ],
  ])('refuses %j at boot', (env, message) => {
    expect(() => load(env)).toThrow(message);
  });

  it('takes an HTTP gateway beside SMPP', () => {
    const c = load({
      SMS_SECONDARY_PROVIDER: 'http',
      SMS_HTTP_URL: 'http://127.0.0.1:8080/gw',
      SMS_HTTP_WEBHOOK_SECRET: 'a-long-shared-webhook-secret',
    });
    expect(c.SMS_SECONDARY_PROVIDER).toBe('http');
  });
});
