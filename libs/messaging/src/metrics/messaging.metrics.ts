import { Counter, Gauge, register, type CounterConfiguration } from 'prom-client';

/**
 * Counters in prom-client's default registry (served by @relief/observability's /metrics).
 * Created once per process: several Nest apps in one test process share them.
 */
function counter<L extends string>(config: CounterConfiguration<L>): Counter<L> {
  return (register.getSingleMetric(config.name) as Counter<L> | undefined) ?? new Counter(config);
}

export const MessagingMetrics = {
  consumed: counter({
    name: 'messaging_events_consumed_total',
    help: 'Events handled and committed, by topic and type',
    labelNames: ['topic', 'type'],
  }),
  duplicates: counter({
    name: 'messaging_events_duplicate_total',
    help: 'Events skipped because this consumer group had already processed them',
    labelNames: ['topic', 'type'],
  }),
  ignored: counter({
    name: 'messaging_events_ignored_total',
    help: 'Events of types this service has no handler for',
    labelNames: ['topic'],
  }),
  retried: counter({
    name: 'messaging_handler_retries_total',
    help: 'Handler attempts that failed and were retried, by kind (transient or permanent)',
    labelNames: ['topic', 'kind'],
  }),
  deadLettered: counter({
    name: 'messaging_events_dead_lettered_total',
    help: 'Messages parked in a dead-letter topic, by reason',
    labelNames: ['topic', 'reason'],
  }),
  published: counter({
    name: 'messaging_outbox_published_total',
    help: 'Outbox events published to Kafka by the relay',
    labelNames: ['topic'],
  }),
};

type BacklogSource = () => Promise<number>;
const backlogSources = new Set<BacklogSource>();

/** Rows waiting in the outbox, counted when /metrics is scraped. */
if (!register.getSingleMetric('messaging_outbox_backlog')) {
  new Gauge({
    name: 'messaging_outbox_backlog',
    help: 'Outbox events not yet published',
    async collect() {
      const counts = await Promise.all(
        [...backlogSources].map((source) => source().catch(() => 0)),
      );
      this.set(counts.reduce((sum, n) => sum + n, 0));
    },
  });
}

export function registerBacklogSource(source: BacklogSource): () => void {
  backlogSources.add(source);
  return () => backlogSources.delete(source);
}
