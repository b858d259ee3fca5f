import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { DomainEvent, NotificationChannel } from '@relief/contracts';
import { backoffDelay, classifyError, NotifyListener, OutboxService } from '@relief/messaging';
import { contextFromHeaders, inSpan } from '@relief/observability';
import { DataSource } from 'typeorm';
import { NotificationServiceConfig } from '../notification-service.config';
import {
  NOTIFICATIONS_DUE_CHANNEL,
  NotificationLedger,
  type ClaimedNotification,
  type RecordedOutcome,
} from '../notifications/notification-ledger';
import { afterAttempt } from './delivery-policy';
import { DeliveryMetrics } from './delivery.metrics';
import {
  EMAIL_PROVIDER,
  SMS_PROVIDER,
  type EmailProvider,
  type Sent,
  type SmsProvider,
} from './providers/providers';
import { SharedRateBudget } from './rate-budget';

/** Batches per lane in one round; between rounds, leases left by a crashed worker are recovered. */
const BATCHES_PER_ROUND = 10;

/** Retries of recording a send's outcome while the database is unreachable. */
const RECORD_RETRY = { initialMs: 200, maxMs: 5_000 };

/** `more`: a channel stopped at BATCH with rows still due, so the next round follows at once. */
type RoundOutcome = 'more' | 'done';

/**
 * Sends what the ledger holds, in batches. A lane takes tokens from the channel's shared rate
 * budget, claims as many due `pending` rows (FOR UPDATE SKIP LOCKED, so replicas share the work)
 * and marks them `sending` under a lease, hands them all to the provider at once outside any
 * transaction (the provider's window bounds what is really in flight), then records the batch's
 * outcomes and their notification.* events in one transaction. A kill -9 leaves at most
 * DELIVERY_BATCH_SIZE × DELIVERY_CONCURRENCY rows per channel and replica `sending`.
 *
 * Crash between send and record: the row stays `sending` past its lease. Email goes back to
 * `pending` and is resent with the same Message-ID (receivers drop the duplicate). SMS has no
 * such key, so it becomes `unknown` and waits for an admin's resend rather than risking a
 * second text to someone's phone. Lease recovery cannot tell a crash from a send still being
 * recorded through a database outage, so DELIVERY_LEASE_MS (2 minutes) should outlast the outages
 * to ride out without a resend.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryWorker.name);
  private readonly budgets: Record<NotificationChannel, SharedRateBudget>;
  private readonly listener: NotifyListener;
  /** Each channel runs its own rounds: SMS never waits for a slow email round, nor the reverse. */
  private readonly loops: Record<NotificationChannel, ChannelLoop> = {
    email: newLoop(),
    sms: newLoop(),
  };
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: NotificationLedger,
    private readonly outbox: OutboxService,
    private readonly config: NotificationServiceConfig,
    @Inject(EMAIL_PROVIDER) private readonly email: EmailProvider,
    @Inject(SMS_PROVIDER) private readonly sms: SmsProvider,
  ) {
    this.budgets = {
      email: new SharedRateBudget(dataSource, 'email', config.EMAIL_RATE_PER_SECOND),
      sms: new SharedRateBudget(dataSource, 'sms', config.SMS_RATE_PER_SECOND),
    };
    this.listener = new NotifyListener(
      dataSource,
      NOTIFICATIONS_DUE_CHANNEL,
      () => this.wake(),
      this.logger,
      { initialMs: 500, maxMs: 30_000 },
    );
  }

  onApplicationBootstrap(): void {
    if (!this.config.DELIVERY_ENABLED) return;
    this.listener.start();
    for (const channel of CHANNELS) this.schedule(channel, this.config.DELIVERY_POLL_MS);
  }

  /** Before the database closes (onApplicationShutdown), so the round in flight can record what it sent. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const loop of Object.values(this.loops)) if (loop.timer) clearTimeout(loop.timer);
    await Promise.all(Object.values(this.loops).map((loop) => loop.running ?? Promise.resolve()));
    await this.listener.stop();
    await Promise.all([this.email.close(), this.sms.close()]);
  }

  /**
   * New rows were committed (the planner's notification): a round now rather than at the next
   * poll, on each channel; where a round is under way, another one right after it.
   */
  wake(): void {
    if (this.stopped) return;
    for (const channel of CHANNELS) {
      const loop = this.loops[channel];
      if (loop.busy) {
        loop.woken = true;
        continue;
      }
      if (loop.timer) clearTimeout(loop.timer);
      this.schedule(channel, 0);
    }
  }

  /**
   * A channel's rounds follow each other at once while rows are left over or new ones were
   * announced, and every DELIVERY_POLL_MS otherwise (retries whose time has come, a missed
   * notification).
   */
  private schedule(channel: NotificationChannel, delayMs: number): void {
    if (this.stopped) return;
    const loop = this.loops[channel];
    loop.timer = setTimeout(() => {
      loop.timer = null;
      loop.busy = true;
      loop.woken = false;
      loop.running = this.tickChannel(channel)
        .catch((error: unknown) => {
          this.logger.warn(`${channel} delivery round failed: ${String(error)}`);
          return 'done' as const;
        })
        .then((outcome) => {
          loop.busy = false;
          this.schedule(
            channel,
            outcome === 'more' || loop.woken ? 0 : this.config.DELIVERY_POLL_MS,
          );
        });
    }, delayMs);
  }

  /** One round on each channel (tests drive the worker with it). */
  async tick(): Promise<RoundOutcome> {
    const outcomes = await allSettled(CHANNELS.map((channel) => this.tickChannel(channel)));
    return outcomes.includes('more') ? 'more' : 'done';
  }

  /**
   * One round of a channel: recover the channel's expired leases, then send what is due. The
   * round ends only when every lane has ended: a lane still recording a send through an outage
   * must not be overtaken by the next round's lease recovery.
   */
  async tickChannel(channel: NotificationChannel): Promise<RoundOutcome> {
    await this.ledger.recoverExpiredLeases(channel);
    return this.round(channel);
  }

  /**
   * DELIVERY_CONCURRENCY lanes per channel, each sending up to BATCHES_PER_ROUND batches of at most
   * DELIVERY_BATCH_SIZE rows. A batch is claimed only when its tokens are taken and is sent at
   * once, so rows are `sending` only while they are really being handed over: a crash leaves at
   * most a batch per lane in doubt, never rows that were not sent yet (an SMS in doubt is not
   * resent automatically).
   */
  private async round(channel: NotificationChannel): Promise<RoundOutcome> {
    let exhausted = false;
    const lane = async (): Promise<void> => {
      for (let batch = 0; batch < BATCHES_PER_ROUND; batch += 1) {
        if (exhausted || this.stopped) return;
        // Out of tokens: the channel's rate, not the poll, sets the pace until the next round.
        const granted = await this.budgets[channel].take(this.config.DELIVERY_BATCH_SIZE);
        if (granted === 0) {
          exhausted = true;
          return;
        }
        const rows = await this.ledger.claim(channel, granted, this.config.DELIVERY_LEASE_MS);
        if (rows.length < granted) {
          await this.budgets[channel].giveBack(granted - rows.length);
          exhausted = true;
        }
        if (rows.length === 0) return;
        const outcomes = await Promise.all(rows.map((row) => this.deliver(row)));
        await this.recordThroughOutages(rows, outcomes);
      }
    };
    await allSettled(Array.from({ length: this.config.DELIVERY_CONCURRENCY }, lane));
    return exhausted || this.stopped ? 'done' : 'more';
  }

  /**
   * Hands one row to its provider in a CLIENT span, a child of the span that planned the row
   * (its stored traceparent), so the trace runs from the request to the hand-over; never
   * throws: a failure is an outcome too.
   */
  private deliver(row: ClaimedNotification): Promise<RecordedOutcome> {
    const span = {
      kind: SpanKind.CLIENT,
      parent: contextFromHeaders({ traceparent: row.traceparent ?? undefined }),
      attributes: {
        'relief.notification.id': row.id,
        'relief.notification.channel': row.channel,
        'relief.notification.attempt': row.attempts,
        'relief.event.type': row.event_type,
      },
    };
    return inSpan(`send ${row.channel}`, span, async (active) => {
      const recorded = await this.handOver(row);
      active.setAttributes({
        'relief.notification.outcome': recorded.outcome.status,
        ...(recorded.provider ? { 'relief.notification.provider': recorded.provider } : {}),
      });
      if (!recorded.provider) active.setStatus({ code: SpanStatusCode.ERROR });
      return recorded;
    });
  }

  private async handOver(row: ClaimedNotification): Promise<RecordedOutcome> {
    let result: Sent | { error: unknown };
    try {
      result =
        row.channel === 'email'
          ? await this.email.send({
              notificationId: row.id,
              to: row.recipient,
              subject: row.subject ?? '',
              text: row.body_text,
              html: row.body_html,
            })
          : await this.sms.send({ notificationId: row.id, to: row.recipient, text: row.body_text });
    } catch (error) {
      result = { error };
    }
    const outcome = afterAttempt(
      row.attempts,
      result,
      {
        initialMs: this.config.DELIVERY_BACKOFF_INITIAL_MS,
        maxMs: this.config.DELIVERY_BACKOFF_MAX_MS,
        maxAttempts: this.config.DELIVERY_MAX_ATTEMPTS,
      },
      new Date(),
    );
    if ('error' in result) return { id: row.id, outcome, provider: null };
    const provider = result.provider ?? null;
    DeliveryMetrics.handover.observe(
      { channel: row.channel, provider: provider ?? 'unknown' },
      (Date.now() - new Date(row.created_at).getTime()) / 1000,
    );
    return { id: row.id, outcome, provider, parts: result.parts };
  }

  /**
   * We know how the sends went, so they must be recorded: while the database is unreachable (a
   * restart), keep trying rather than leave the rows `sending` for lease recovery, which would
   * send the emails again and put the SMS in doubt. Gives up on any other error, and when the
   * service stops (lease recovery then handles the rows, as after a crash).
   */
  private async recordThroughOutages(
    rows: ClaimedNotification[],
    outcomes: RecordedOutcome[],
  ): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.record(rows, outcomes);
        return;
      } catch (error) {
        if (this.stopped || classifyError(error) !== 'transient') throw error;
        const delay = backoffDelay(attempt, RECORD_RETRY);
        this.logger.warn(
          `cannot record ${outcomes.length} ${rows[0]?.channel ?? ''} outcomes (${String(error)}); retrying in ${delay} ms`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async record(rows: ClaimedNotification[], outcomes: RecordedOutcome[]): Promise<void> {
    const byId = new Map(rows.map((row) => [row.id, row]));
    const recorded = await this.dataSource.transaction(async (manager) => {
      // A row whose lease expired was taken over by another attempt: its outcome counts, not ours.
      const recorded = await this.ledger.recordAll(manager, outcomes);
      const events = outcomes.flatMap(({ id, outcome }): DomainEvent[] => {
        const row = byId.get(id);
        if (!row || !recorded.has(id)) return [];
        const common = {
          notificationId: row.id,
          eventId: row.event_id,
          eventType: row.event_type,
          subscriberId: row.subscriber_id,
          channel: row.channel,
          attempts: row.attempts,
        };
        if (outcome.status === 'sent') {
          return [
            {
              type: 'notification.sent',
              version: 1,
              aggregateId: row.id,
              payload: { ...common, providerMessageId: outcome.providerMessageId },
            },
          ];
        }
        if (outcome.status === 'failed') {
          return [
            {
              type: 'notification.failed',
              version: 1,
              aggregateId: row.id,
              payload: { ...common, error: outcome.error },
            },
          ];
        }
        return [];
      });
      await this.outbox.appendAll(manager, events);
      return recorded;
    });
    // Once committed: a record retried through an outage counts once.
    countRecorded(rows, outcomes, recorded);
  }
}

/** notification_deliveries_total: the outcomes this worker's record kept (not those of lost leases). */
function countRecorded(
  rows: ClaimedNotification[],
  outcomes: RecordedOutcome[],
  recorded: Set<string>,
): void {
  const channels = new Map(rows.map((row) => [row.id, row.channel]));
  for (const { id, outcome, provider } of outcomes) {
    if (!recorded.has(id)) continue;
    DeliveryMetrics.deliveries.inc({
      channel: channels.get(id) ?? 'unknown',
      provider: provider ?? 'none',
      outcome: outcome.status === 'pending' ? 'retry' : outcome.status,
    });
  }
}

const CHANNELS = ['email', 'sms'] as const;

interface ChannelLoop {
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  busy: boolean;
  woken: boolean;
}

function newLoop(): ChannelLoop {
  return { timer: null, running: null, busy: false, woken: false };
}

/** Like Promise.all, but settles only when every promise has: then rethrows the first failure. */
async function allSettled<T>(work: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(work);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
