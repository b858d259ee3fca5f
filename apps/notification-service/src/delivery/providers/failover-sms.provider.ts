import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { DeliveryError } from '../delivery-policy';
import type { InboundSms, OutgoingSms, Receipt, Sent, SmsProvider } from './providers';

export interface FailoverSettings {
  /** Failures of the primary in a row (refused binds, timeouts, errors) that move traffic over. */
  threshold: number;
  /** How long the secondary carries everything before one send tries the primary again. */
  retryPrimaryAfterMs: number;
}

/** The primary's fault, not the message's: a permanent error (bad number) says nothing of it. */
const primaryFault = (error: Error) => !(error instanceof DeliveryError && error.permanent);

/**
 * A message that surely did not reach the primary (bind or connection refused, throttled until
 * the retries ran out, a 5xx): the ledger would resend it anyway, so the secondary may carry it
 * now. An in-doubt one (no answer after it was handed over) is never sent again: twice on a
 * phone is worse than late.
 */
const surelyNotSent = (error: unknown) =>
  error instanceof BrokenCircuitError ||
  (error instanceof DeliveryError && !error.permanent && !error.inDoubt);

/**
 * A primary and a secondary SMS provider behind a circuit breaker (cockatiel): while the primary
 * works everything goes there; after `threshold` failures in a row the circuit opens and the
 * secondary carries the traffic; after `retryPrimaryAfterMs` one send tries the primary, and its
 * success brings the traffic back. A send the primary surely did not take goes to the secondary
 * at once, even before the circuit opens.
 */
export class FailoverSmsProvider implements SmsProvider {
  private readonly breaker: CircuitBreakerPolicy;

  constructor(
    private readonly primary: SmsProvider,
    private readonly secondary: SmsProvider,
    settings: FailoverSettings,
  ) {
    this.breaker = circuitBreaker(handleWhen(primaryFault), {
      halfOpenAfter: settings.retryPrimaryAfterMs,
      breaker: new ConsecutiveBreaker(settings.threshold),
    });
  }

  /** True while the secondary carries the traffic (for logs and readiness). */
  get failedOver(): boolean {
    return this.breaker.state === CircuitState.Open;
  }

  /** The circuit, for /metrics: closed (primary), open (secondary), half-open (trying the primary). */
  circuitState(): 'closed' | 'open' | 'half-open' | 'isolated' {
    switch (this.breaker.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.Open:
        return 'open';
      case CircuitState.HalfOpen:
        return 'half-open';
      case CircuitState.Isolated:
        return 'isolated';
    }
  }

  async send(sms: OutgoingSms): Promise<Sent> {
    try {
      const sent = await this.breaker.execute(() => this.primary.send(sms));
      return { ...sent, provider: `${sent.provider ?? 'sms'}:primary` };
    } catch (error) {
      if (!surelyNotSent(error)) throw error;
      const sent = await this.secondary.send(sms);
      return { ...sent, provider: `${sent.provider ?? 'sms'}:secondary` };
    }
  }

  /** Receipts come from whichever provider carried the message, named as its Sent was. */
  onReceipt(listener: (receipt: Receipt) => void): void {
    this.primary.onReceipt?.((r) => listener({ ...r, provider: `${r.provider}:primary` }));
    this.secondary.onReceipt?.((r) => listener({ ...r, provider: `${r.provider}:secondary` }));
  }

  onInbound(listener: (sms: InboundSms) => Promise<void>): void {
    this.primary.onInbound?.((m) => listener({ ...m, provider: `${m.provider}:primary` }));
    this.secondary.onInbound?.((m) => listener({ ...m, provider: `${m.provider}:secondary` }));
  }

  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.secondary.close()]);
  }
}
