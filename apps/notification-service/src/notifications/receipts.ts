/**
 * Delivery receipts: the states a part of a message can be in, as SMPP 3.4 names them (§5.2.28
 * message_state; the receipt text's `stat:` in Appendix B), plus `submitted` (handed over, no
 * receipt yet), and the rule that gives a whole message its status from its parts.
 */
export const RECEIPT_STATUSES = [
  'submitted',
  'enroute',
  'accepted',
  'delivered',
  'expired',
  'deleted',
  'undeliverable',
  'rejected',
  'unknown',
] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/** States the SMSC will not change any more. */
export const FINAL_RECEIPT_STATUSES: readonly ReceiptStatus[] = [
  'delivered',
  'expired',
  'deleted',
  'undeliverable',
  'rejected',
  'accepted',
  'unknown',
];

export const isFinalReceipt = (status: ReceiptStatus): boolean =>
  FINAL_RECEIPT_STATUSES.includes(status);

/**
 * Worst first. A failed part fails the message whatever the others say; a part still waiting
 * keeps the message waiting (it may yet fail); then the final but uninformative states; a
 * message is `delivered` only when every part is.
 */
const WORST_FIRST: readonly ReceiptStatus[] = [
  'rejected',
  'undeliverable',
  'expired',
  'deleted',
  'submitted',
  'enroute',
  'unknown',
  'accepted',
  'delivered',
];

/** One part's receipt state as the ledger keeps it. */
export interface PartReceipt {
  status: ReceiptStatus;
  /** The provider's error code (SMPP `err:`, network_error_code; the gateway's ErrorCode). */
  errorCode: string | null;
  /** When the provider says the state was reached (SMPP `done date:`), else when we heard it. */
  at: Date | null;
}

/** One part of a message's latest attempt, as the ledger keeps and shows it. */
export interface NotificationPart {
  part: number;
  provider: string;
  providerMessageId: string;
  submittedAt: Date | null;
  status: ReceiptStatus;
  errorCode: string | null;
  statusAt: Date | null;
}

/**
 * A message's receipt from its parts: `delivered` only when every part is, the worst part
 * otherwise (its error code and time). Null while no part has a receipt (email never has one).
 */
export function messageReceipt(parts: readonly PartReceipt[]): PartReceipt | null {
  if (parts.length === 0 || parts.every((p) => p.status === 'submitted' && p.at === null))
    return null;
  const rank = (p: PartReceipt) => WORST_FIRST.indexOf(p.status);
  const worst = parts.reduce((a, b) => (rank(b) < rank(a) ? b : a));
  if (worst.status !== 'delivered') return worst;
  // Delivered when the last part was.
  const at = parts.reduce<Date | null>(
    (latest, p) => (p.at && (!latest || p.at > latest) ? p.at : latest),
    null,
  );
  return { status: 'delivered', errorCode: null, at };
}
