import type { Receipt } from '../receipt';

export type { ProviderReceipt, Receipt } from '../receipt';

/** One email as the worker hands it to a provider. */
export interface OutgoingEmail {
  /** Ledger row id: becomes the Message-ID, so a resend after a crash is recognisably the same mail. */
  notificationId: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

export interface OutgoingSms {
  notificationId: string;
  /** E.164. */
  to: string;
  text: string;
}

/** One part as the provider took it: an SMS split in several has one each. */
export interface SentPart {
  providerMessageId: string;
  submittedAt: Date;
}

export interface Sent {
  /** The parts' ids, comma-joined (kept for notification.sent and older readers). */
  providerMessageId: string;
  /**
   * Who carried it: 'smtp', 'smpp', 'http', or with failover 'smpp:primary', 'http:secondary'.
   * Every provider sets it; optional only so that test doubles need not.
   */
  provider?: string;
  /** Each part, in order; absent (test doubles): one part named providerMessageId, taken now. */
  parts?: SentPart[];
}

/** Throws DeliveryError (permanent or not); anything else thrown counts as transient. */
export interface EmailProvider {
  send(email: OutgoingEmail): Promise<Sent>;
  close(): Promise<void>;
}

/** A text someone sent to the platform's number (mobile-originated). */
export interface InboundSms {
  /** Who carried it, named as in `Sent.provider`. */
  provider: string;
  /** The gateway's id of the message: a redelivery carries the same one (the idempotency key). */
  gatewayMessageId: string;
  /** E.164. */
  from: string;
  text: string;
}

export interface SmsProvider {
  send(sms: OutgoingSms): Promise<Sent>;
  /** Delivery receipts, where the provider sends them (SMPP deliver_sm). */
  onReceipt?(listener: (receipt: Receipt) => void): void;
  /**
   * Mobile-originated messages, where the provider sends them (SMPP deliver_sm that is not a
   * receipt). The gateway is answered only once the listener's promise settles: resolved (stored)
   * it is acknowledged, rejected it is refused with a temporary error, so the gateway redelivers.
   */
  onInbound?(listener: (sms: InboundSms) => Promise<void>): void;
  close(): Promise<void>;
}

export const EMAIL_PROVIDER = Symbol('EMAIL_PROVIDER');
export const SMS_PROVIDER = Symbol('SMS_PROVIDER');

export function messageIdOf(notificationId: string): string {
  return `<${notificationId}@notifications.relief>`;
}
