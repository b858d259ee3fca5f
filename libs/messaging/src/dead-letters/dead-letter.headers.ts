import { type IHeaders } from 'kafkajs';

/** Headers a dead letter carries besides the original message's own. */
export const DlqHeaders = {
  reason: 'dlq-reason',
  error: 'dlq-error',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  consumerGroup: 'dlq-consumer-group',
  failedAt: 'dlq-failed-at',
  /** Set on a replayed message: `<dlq topic>:<partition>:<offset>` it came from. */
  replayedFrom: 'dlq-replayed-from',
  /**
   * Set when the broker refused the whole message as a dead letter (too large once our headers
   * were added): the original value's size in bytes; the value kept is only its beginning.
   */
  valueTruncated: 'dlq-value-truncated',
  /** With valueTruncated: how many original headers were left out (they were too big too). */
  headersDropped: 'dlq-headers-dropped',
} as const;

/** Why a message was parked: a decode failure reason, or `handler-failed`. */
export type DeadLetterReason =
  | 'too-large'
  | 'malformed-json'
  | 'invalid-envelope'
  | 'unknown-type'
  | 'unknown-version'
  | 'invalid-payload'
  | 'handler-failed';

export const MAX_DLQ_ERROR_LENGTH = 1000;

/** Kafka header values as strings (kafkajs hands them over as Buffers, possibly repeated). */
export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    decoded[name] = last === undefined ? '' : last.toString();
  }
  return decoded;
}

/** The original headers without any dead-letter headers of an earlier failure. */
export function withoutDlqHeaders(headers: IHeaders | undefined): IHeaders {
  return Object.fromEntries(
    Object.entries(headers ?? {}).filter(([name]) => !name.startsWith('dlq-')),
  );
}
