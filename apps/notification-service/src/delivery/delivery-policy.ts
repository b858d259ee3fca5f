import { backoffDelay, type BackoffPolicy } from '@relief/messaging';

/** What a provider reports when a message cannot be sent. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** true: retrying cannot help (bad address, rejected content). */
    readonly permanent: boolean,
    options?: { cause?: unknown; inDoubt?: boolean },
  ) {
    super(message, options);
    this.name = 'DeliveryError';
    this.inDoubt = options?.inDoubt ?? false;
  }

  /** The provider may have accepted the message (timeout after sending): never resent blindly. */
  readonly inDoubt: boolean;
}

export type Outcome =
  | { status: 'sent'; providerMessageId: string }
  | { status: 'pending'; nextAttemptAt: Date; error: string }
  | { status: 'failed'; error: string }
  | { status: 'unknown'; error: string };

/**
 * After an attempt: sent; or retried later with capped exponential backoff; or given up
 * (permanent error, or the last allowed attempt). Anything unexpected counts as transient.
 */
export function afterAttempt(
  attempts: number,
  result: { providerMessageId: string } | { error: unknown },
  policy: BackoffPolicy & { maxAttempts: number },
  now: Date,
  random: () => number = Math.random,
): Outcome {
  if ('providerMessageId' in result)
    return { status: 'sent', providerMessageId: result.providerMessageId };
  const error = result.error;
  const message =
    (error instanceof Error ? error.message : String(error)).slice(0, 1000) || 'unknown error';
  if (error instanceof DeliveryError && error.inDoubt) return { status: 'unknown', error: message };
  if ((error instanceof DeliveryError && error.permanent) || attempts >= policy.maxAttempts) {
    return { status: 'failed', error: message };
  }
  return {
    status: 'pending',
    nextAttemptAt: new Date(now.getTime() + backoffDelay(attempts, policy, random)),
    error: message,
  };
}
