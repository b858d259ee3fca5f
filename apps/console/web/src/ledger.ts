import { query } from './api';

/**
 * The delivery ledger on the Subscriptions screen: where it is read and which words its codes
 * take. A code this console does not know (a newer service) is shown as it is, not hidden.
 */

/** The notification-service's ledger statuses (NOTIFICATION_STATUSES). */
export const LEDGER_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown'] as const;
/** Its channels (NOTIFICATION_CHANNELS of @relief/contracts). */
export const LEDGER_CHANNELS = ['email', 'sms'] as const;
/** The `stat:` of an SMS delivery receipt (SMPP 3.4, appendix B), as the ledger keeps it. */
export const RECEIPT_STATES = [
  'DELIVRD',
  'EXPIRED',
  'DELETED',
  'UNDELIV',
  'ACCEPTD',
  'UNKNOWN',
  'REJECTD',
  'ENROUTE',
] as const;

/** Whose ledger: the caller's own (any role), or any subscriber's (ministry and administrators). */
export type LedgerSource = { mine: true } | { subscriberId: string };

export const LEDGER_LIMIT = 100;

/** The gateway path of the ledger, newest first. */
export function ledgerPath(source: LedgerSource): string {
  return 'mine' in source
    ? `/api/notification/subscribers/me/notifications${query({ limit: LEDGER_LIMIT })}`
    : `/api/notification/notifications${query({ subscriberId: source.subscriberId, limit: LEDGER_LIMIT })}`;
}

const WORDS = {
  status: { key: 'subscriptions.statusName', codes: LEDGER_STATUSES },
  channel: { key: 'subscriptions.channelName', codes: LEDGER_CHANNELS },
  receipt: { key: 'subscriptions.receiptName', codes: RECEIPT_STATES },
} as const;
export type LedgerWordKind = keyof typeof WORDS;

/** The message key of a ledger code, or undefined for a code without words here. */
export function ledgerWordKey(kind: LedgerWordKind, code: string): string | undefined {
  const { key, codes } = WORDS[kind];
  return (codes as readonly string[]).includes(code) ? `${key}.${code}` : undefined;
}

/** A code in words, through `t`; an unknown code as it is. */
export function ledgerWord(t: (key: string) => string, kind: LedgerWordKind, code: string): string {
  const key = ledgerWordKey(kind, code);
  return key ? t(key) : code;
}
