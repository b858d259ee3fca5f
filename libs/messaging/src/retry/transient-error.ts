/**
 * Throw it from an event handler when the failure is an outage that will pass (a provider is
 * down, a dependency times out): the consumer then waits and retries without limit instead of
 * dead-lettering the event after a few attempts.
 */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}
