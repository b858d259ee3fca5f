import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ReceiptStatus } from '../notifications/receipts';
import type { ProviderReceipt } from './receipt';

/** Where the HTTP SMS gateway signs its status callbacks: `sha256=<hex HMAC-SHA256 of the body>`. */
export const SMS_WEBHOOK_SIGNATURE_HEADER = 'x-signature';

export function signWebhookBody(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Whether `header` is the body's signature. Both sides are hashed again before the
 * constant-time comparison, so neither the time taken nor a length mismatch tells an attacker
 * how much of a guess was right.
 */
export function verifyWebhookSignature(
  body: string | Buffer,
  header: string | undefined,
  secret: string,
): boolean {
  if (!header) return false;
  const digest = (s: string) => createHmac('sha256', 'compare').update(s).digest();
  return timingSafeEqual(digest(header.trim()), digest(signWebhookBody(body, secret)));
}

/** Twilio's MessageStatus values in SMPP's terms. */
const GATEWAY_STATUSES: Record<string, ReceiptStatus> = {
  queued: 'enroute',
  accepted: 'enroute',
  scheduled: 'enroute',
  sending: 'enroute',
  sent: 'enroute',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undeliverable',
  failed: 'rejected',
  canceled: 'deleted',
};

/**
 * A Twilio-like status callback (form fields MessageSid, MessageStatus, ErrorCode) as a
 * receipt; null when it names no message or no status. The gateway gives no time: the ledger
 * uses the time it heard it.
 */
export function receiptOfWebhook(form: string): ProviderReceipt | null {
  const fields = new URLSearchParams(form);
  const providerMessageId = fields.get('MessageSid')?.trim();
  const status = fields.get('MessageStatus')?.trim().toLowerCase();
  if (!providerMessageId || !status) return null;
  const errorCode = fields.get('ErrorCode')?.trim();
  return {
    providerMessageId,
    status: GATEWAY_STATUSES[status] ?? 'unknown',
    errorCode: errorCode && errorCode !== '0' ? errorCode : null,
    at: null,
  };
}
