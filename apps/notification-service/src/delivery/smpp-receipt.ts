import type { ReceiptStatus } from '../notifications/receipts';
import type { ProviderReceipt } from './receipt';

/** `stat:` words (SMPP 3.4 Appendix B), with the long forms and typos some SMSCs send. */
const STAT_WORDS: Record<string, ReceiptStatus> = {
  DELIVRD: 'delivered',
  DELIVERED: 'delivered',
  EXPIRED: 'expired',
  DELETED: 'deleted',
  UNDELIV: 'undeliverable',
  UNDELIVERABLE: 'undeliverable',
  ACCEPTD: 'accepted',
  ACCEPTED: 'accepted',
  UNKNOWN: 'unknown',
  REJECTD: 'rejected',
  REJECTED: 'rejected',
  ENROUTE: 'enroute',
};

/** message_state TLV values (SMPP 3.4 §5.3.2.35; 0 SCHEDULED and 9 SKIPPED are SMPP 5.0). */
const MESSAGE_STATES: Record<number, ReceiptStatus> = {
  0: 'enroute',
  1: 'enroute',
  2: 'delivered',
  3: 'expired',
  4: 'deleted',
  5: 'undeliverable',
  6: 'accepted',
  7: 'unknown',
  8: 'rejected',
  9: 'rejected',
};

/** esm_class message types that carry a receipt: SMSC delivery receipt, intermediate notification. */
const RECEIPT_TYPES = [0x04, 0x20];

/** The `stat:` word as a status; anything not known is `unknown` rather than dropped. */
export function statusOfStat(stat: string): ReceiptStatus {
  return STAT_WORDS[stat.trim().toUpperCase()] ?? 'unknown';
}

/** `YYMMDDhhmm[ss]` (Appendix B) as UTC; null when it is not a real date. */
export function parseReceiptDate(value: string | undefined): Date | null {
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(value ?? '');
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((n) => Number(n ?? 0));
  const date = new Date(Date.UTC(2000 + year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 31 February over into March: such a date was not what the SMSC meant.
  const exact =
    date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60;
  return exact && second < 60 ? date : null;
}

/**
 * The fields of a receipt text, `id:IIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done
 * date:YYMMDDhhmm stat:DDDDDDD err:E text:...`, in any order and case. Everything from `text:`
 * on is the start of the original message and is not read (it may contain anything).
 */
export function parseReceiptText(text: string): {
  id?: string;
  stat?: string;
  err?: string;
  doneDate?: string;
} {
  const head = text.split(/\btext:/i)[0];
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}:\\s*(\\S+)`, 'i').exec(head)?.[1];
  return { id: field('id'), stat: field('stat'), err: field('err'), doneDate: field('done date') };
}

/** The code, unless it is "000" and friends: no error. */
const errorOf = (code: string | undefined) => (code && !/^0+$/.test(code) ? code : null);

/**
 * A deliver_sm as a receipt (errorCode: `err:` of the text, else network_error_code as
 * `<network type>:<code>`; at: `done date:`, the SMSC's clock read as UTC), or null when it is not one (a mobile-originated SMS) or names no
 * message. The receipted_message_id and message_state TLVs win over the text: SMSCs that send
 * both format the TLV id as they did in submit_sm_resp, and some put another form in the text.
 */
export function receiptOfDeliverSm(pdu: Record<string, unknown>): ProviderReceipt | null {
  if (!RECEIPT_TYPES.includes(Number(pdu.esm_class ?? 0) & 0x3c)) return null;
  const parsed = parseReceiptText(textOf(pdu.short_message) || textOf(pdu.message_payload));
  const tlvId = typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id : '';
  const providerMessageId = (tlvId || parsed.id || '').trim();
  const state = typeof pdu.message_state === 'number' ? MESSAGE_STATES[pdu.message_state] : null;
  const status = state ?? (parsed.stat ? statusOfStat(parsed.stat) : null);
  if (!providerMessageId || !status) return null;
  const network = Buffer.isBuffer(pdu.network_error_code) ? pdu.network_error_code : null;
  const errorCode =
    errorOf(parsed.err) ??
    (network && network.length >= 3 && network.readUInt16BE(1) !== 0
      ? `${network[0]}:${network.readUInt16BE(1)}`
      : null);
  return { providerMessageId, status, errorCode, at: parseReceiptDate(parsed.doneDate) };
}

/** short_message / message_payload as the smpp package decodes them: a string, bytes, or `{ message }`. */
function textOf(field: unknown): string {
  if (typeof field === 'string') return field;
  if (Buffer.isBuffer(field)) return field.toString('latin1');
  if (field && typeof field === 'object' && 'message' in field) return textOf(field.message);
  return '';
}
