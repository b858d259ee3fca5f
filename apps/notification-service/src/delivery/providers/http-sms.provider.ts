import { DeliveryError } from '../delivery-policy';
import type { OutgoingSms, Sent, SmsProvider } from './providers';

export interface HttpSmsSettings {
  url: string;
  account: string;
  token: string;
  from: string;
  timeoutMs?: number;
  /** Named in Sent.provider (default 'http'). */
  name?: string;
}

/**
 * A Twilio-like gateway: POST `${url}/Messages` (form: To, From, Body) with basic auth, answers
 * `{ sid }`. 4xx: permanent (bad number, bad credentials); 5xx or no connection: transient; a
 * timeout after sending is in doubt (the gateway may have taken it).
 */
export class HttpSmsProvider implements SmsProvider {
  constructor(private readonly settings: HttpSmsSettings) {}

  async send(sms: OutgoingSms): Promise<Sent> {
    const auth = Buffer.from(`${this.settings.account}:${this.settings.token}`).toString('base64');
    let response: Response;
    try {
      response = await fetch(`${this.settings.url.replace(/\/$/, '')}/Messages`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${auth}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          // Gateways that support it drop a repeated request instead of sending twice.
          'Idempotency-Key': sms.notificationId,
        },
        body: new URLSearchParams({ To: sms.to, From: this.settings.from, Body: sms.text }),
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 15_000),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new DeliveryError(`HTTP SMS: ${(error as Error).message}`, false, {
        cause: error,
        inDoubt: timedOut,
      });
    }
    const body = await response.text();
    if (!response.ok) {
      throw new DeliveryError(
        `HTTP SMS ${response.status}: ${body.slice(0, 300)}`,
        response.status >= 400 && response.status < 500 && response.status !== 429,
      );
    }
    const sid = (JSON.parse(body) as { sid?: unknown }).sid;
    if (typeof sid !== 'string' || !sid)
      throw new DeliveryError('HTTP SMS: no sid in the answer', false, { inDoubt: true });
    return {
      providerMessageId: sid,
      provider: this.settings.name ?? 'http',
      parts: [{ providerMessageId: sid, submittedAt: new Date() }],
    };
  }

  async close(): Promise<void> {}
}
