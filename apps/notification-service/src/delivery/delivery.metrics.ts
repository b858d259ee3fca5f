import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  Counter,
  Gauge,
  Histogram,
  register,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';
import { DataSource } from 'typeorm';
import { FailoverSmsProvider } from './providers/failover-sms.provider';
import { SMS_PROVIDER, type SmsProvider } from './providers/providers';

/*
 * In prom-client's default registry (served on /metrics by @relief/runtime), created once per
 * process: several Nest apps in one test process share them, as the messaging metrics do.
 */
function once<M>(name: string, make: () => M): M {
  return (register.getSingleMetric(name) as M | undefined) ?? make();
}
const counter = <L extends string>(c: CounterConfiguration<L>) =>
  once(c.name, () => new Counter(c));
const histogram = <L extends string>(c: HistogramConfiguration<L>) =>
  once(c.name, () => new Histogram(c));
const gauge = <L extends string>(c: GaugeConfiguration<L>) => once(c.name, () => new Gauge(c));

/** What the ledger holds now, by channel, provider and state: due, waiting, sending, unknown. */
type LedgerCounts = { channel: string; provider: string; state: string; n: number }[];
const ledgerSources = new Set<() => Promise<LedgerCounts>>();
const failoverSources = new Set<FailoverSmsProvider>();

export const FAILOVER_STATES = ['closed', 'open', 'half-open', 'isolated'] as const;

export const DeliveryMetrics = {
  /** Outcomes of hand-overs as recorded: sent, failed, unknown (in doubt), retry. */
  deliveries: counter({
    name: 'notification_deliveries_total',
    help: 'Hand-overs recorded, by channel, provider and outcome (sent, failed, unknown, retry)',
    labelNames: ['channel', 'provider', 'outcome'],
  }),
  handover: histogram({
    name: 'notification_handover_seconds',
    help: 'From the ledger row being planned (the event consumed) to its hand-over to the provider',
    labelNames: ['channel', 'provider'],
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600],
  }),
  receipts: counter({
    name: 'notification_receipts_total',
    help: 'Delivery receipts recorded, by provider and status (SMPP message_state in words)',
    labelNames: ['provider', 'status'],
  }),
  ledger: gauge({
    name: 'notification_messages',
    help: 'Ledger rows not finished, by channel, provider and state (due, waiting, sending, unknown)',
    labelNames: ['channel', 'provider', 'state'],
    async collect() {
      this.reset();
      const counts = await Promise.all([...ledgerSources].map((s) => s().catch(() => [])));
      for (const { channel, provider, state, n } of counts.flat())
        this.inc({ channel, provider, state }, n);
    },
  }),
  failover: gauge({
    name: 'notification_sms_failover_state',
    help: 'SMS failover circuit: 1 for the state it is in (closed: primary, open: secondary)',
    labelNames: ['state'],
    collect() {
      this.reset();
      for (const provider of failoverSources) {
        const now = provider.circuitState();
        for (const state of FAILOVER_STATES) this.inc({ state }, state === now ? 1 : 0);
      }
    },
  }),
};

/**
 * Registers this app's ledger and SMS failover with the scrape-time gauges. The ledger counts
 * only unfinished rows, each half over its partial index (notifications_due,
 * notifications_unsettled); finished ones are counted as they are recorded
 * (notification_deliveries_total), as a scan of every row ever sent would not be cheap.
 * `provider` is `none` for rows no provider carried yet.
 */
@Injectable()
export class DeliveryMetricsSources implements OnModuleInit, OnModuleDestroy {
  private readonly source = () =>
    this.dataSource.query<LedgerCounts>(
      `SELECT channel, COALESCE(provider, 'none') AS provider,
              CASE WHEN next_attempt_at <= now() THEN 'due' ELSE 'waiting' END AS state,
              count(*)::int AS n
         FROM notifications WHERE status = 'pending' GROUP BY 1, 2, 3
       UNION ALL
       SELECT channel, COALESCE(provider, 'none'), status, count(*)::int
         FROM notifications WHERE status IN ('sending', 'unknown') GROUP BY 1, 2, 3`,
    );

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SMS_PROVIDER) private readonly sms: SmsProvider,
  ) {}

  onModuleInit(): void {
    ledgerSources.add(this.source);
    if (this.sms instanceof FailoverSmsProvider) failoverSources.add(this.sms);
  }

  onModuleDestroy(): void {
    ledgerSources.delete(this.source);
    if (this.sms instanceof FailoverSmsProvider) failoverSources.delete(this.sms);
  }
}
