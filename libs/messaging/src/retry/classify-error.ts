import { TransientError } from './transient-error';

/**
 * `transient`: an outage (database or broker unreachable, connection lost, serialization
 * conflict) that retrying will get through; waited out indefinitely.
 * `permanent`: anything else; retried a few times, then dead-lettered.
 */
export type ErrorKind = 'transient' | 'permanent';

/** SQLSTATE classes and codes that say "try again", not "this is wrong". */
const TRANSIENT_SQLSTATE_CLASSES = ['08']; // connection exception
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '53300', // too_many_connections
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '57P05', // idle_session_timeout
]);

/** Socket-level failures from Node (pg, kafkajs, HTTP clients). */
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Messages of pg / pg-pool / TypeORM errors that carry no code. */
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /connection (is )?(closed|ended)/i,
  /client has encountered a connection error/i,
  /timeout exceeded when trying to connect/i,
  /cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

export function classifyError(error: unknown): ErrorKind {
  return causes(error).some(isTransientItself) ? 'transient' : 'permanent';
}

/** The error and what it wraps: `cause`, TypeORM's `driverError`, kafkajs' `originalError`. */
function causes(error: unknown): Record<string, unknown>[] {
  const seen: Record<string, unknown>[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && seen.length < 10) {
    const record = current as Record<string, unknown>;
    if (seen.includes(record)) break;
    seen.push(record);
    current = record.driverError ?? record.originalError ?? record.cause;
  }
  return seen;
}

function isTransientItself(error: Record<string, unknown>): boolean {
  if (error instanceof TransientError) return true;
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (code) {
    if (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_NODE_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE_CLASSES.includes(code.slice(0, 2))) {
      return true;
    }
  }
  // kafkajs marks broker-side conditions that pass (leader election, coordinator loading ...).
  if (typeof error.name === 'string' && error.name.startsWith('KafkaJS') && error.retriable) {
    return true;
  }
  if (
    error.name === 'KafkaJSConnectionError' ||
    error.name === 'KafkaJSRequestTimeoutError' ||
    error.name === 'KafkaJSNumberOfRetriesExceeded' ||
    error.name === 'KafkaJSBrokerNotFound' ||
    error.name === 'KafkaJSNoBrokerAvailableError'
  ) {
    return true;
  }
  const message = typeof error.message === 'string' ? error.message : '';
  return TRANSIENT_MESSAGES.some((pattern) => pattern.test(message));
}
