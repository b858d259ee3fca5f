/**
 * What the replica fault test checks on the broker and in the databases beyond the tally: how
 * many copies of each outbox row reached Kafka, whether each consumer applied the events of an
 * aggregate in the order they were written, and whether the run's consumer groups settled with
 * nothing left unread.
 */
import { decodeHeaders } from '@relief/messaging';
import { SERVICE_NAMES, eventually, type ServiceName } from '@relief/testing';
import { AssignerProtocol, Kafka, logLevel, type Admin } from 'kafkajs';
import { type FaultWorld } from './fault-world';

interface OutboxRow {
  id: string;
  service: ServiceName;
  topic: string;
  key: string;
  seq: number;
}

/** Every outbox row of the four services, by event id. */
export async function outboxRows(world: FaultWorld): Promise<Map<string, OutboxRow>> {
  const rows = new Map<string, OutboxRow>();
  for (const service of SERVICE_NAMES) {
    const found = await world.query<{ id: string; topic: string; key: string; seq: string }>(
      service,
      'SELECT id, topic, key, seq FROM outbox_events',
    );
    for (const row of found) rows.set(row.id, { ...row, service, seq: Number(row.seq) });
  }
  return rows;
}

async function withAdmin<T>(world: FaultWorld, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafkaOf(world).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

function kafkaOf(world: FaultWorld): Kafka {
  return new Kafka({
    clientId: `${world.runId}-check`,
    brokers: world.platform.options.brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
}

export interface Copies {
  /** Outbox rows found on Kafka once, more than once, not at all. */
  once: number;
  twice: number;
  missing: number;
  /** Copies per event id of the rows found more than once, with the times they were sent. */
  repeated: { id: string; service: ServiceName; sentAt: number[] }[];
}

/**
 * Reads this run's topics from the start to their end offsets and counts the copies of each
 * outbox row (by the event-id header).
 */
export async function copiesOnKafka(
  world: FaultWorld,
  rows: Map<string, OutboxRow>,
): Promise<Copies> {
  const topics = [...new Set([...rows.values()].map((row) => `${world.prefix}${row.topic}`))];
  const ends = await withAdmin(world, async (admin) => {
    const all = await Promise.all(topics.map((topic) => admin.fetchTopicOffsets(topic)));
    return new Map<string, number>(
      topics.flatMap((topic, i) =>
        all[i].map((p): [string, number] => [`${topic}/${p.partition}`, Number(p.high)]),
      ),
    );
  });
  const remaining = new Set([...ends].filter(([, high]) => high > 0).map(([where]) => where));
  const sentAt = new Map<string, number[]>();
  const consumer = kafkaOf(world).consumer({ groupId: `${world.runId}-copies` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    let caughtUp: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (caughtUp = resolve));
    if (remaining.size === 0) caughtUp();
    await consumer.run({
      eachMessage: ({ topic, partition, message }) => {
        const id = decodeHeaders(message.headers)['event-id'];
        if (id) sentAt.set(id, [...(sentAt.get(id) ?? []), Number(message.timestamp)]);
        const where = `${topic}/${partition}`;
        if (Number(message.offset) + 1 >= (ends.get(where) ?? 0)) remaining.delete(where);
        if (remaining.size === 0) caughtUp();
        return Promise.resolve();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`not read to the end: ${[...remaining].join(', ')}`)),
        60_000,
      );
    });
    await Promise.race([done, late]).finally(() => clearTimeout(timer));
  } finally {
    await consumer.disconnect();
  }
  const copies: Copies = { once: 0, twice: 0, missing: 0, repeated: [] };
  for (const row of rows.values()) {
    const times = sentAt.get(row.id) ?? [];
    if (times.length === 0) copies.missing += 1;
    else if (times.length === 1) copies.once += 1;
    else {
      copies.twice += 1;
      copies.repeated.push({ id: row.id, service: row.service, sentAt: times });
    }
  }
  return copies;
}

export interface ConsumeOrder {
  /** (consumer service, aggregate) sequences checked, the events in them, and those out of order. */
  aggregates: number;
  /** Of those, the ones with more than one event (where an order could be wrong). */
  sequences: number;
  events: number;
  outOfOrder: string[];
  /** The services that applied events (each has a consumer group). */
  consumers: ServiceName[];
}

/**
 * For each consumer's inbox (processed_events: one row per event applied, stamped with its
 * transaction's start), the events of each aggregate on each topic must have been applied in
 * the order their producer wrote them (outbox seq).
 */
export async function consumeOrder(
  world: FaultWorld,
  rows: Map<string, OutboxRow>,
): Promise<ConsumeOrder> {
  const order: ConsumeOrder = {
    aggregates: 0,
    sequences: 0,
    events: 0,
    outOfOrder: [],
    consumers: [],
  };
  for (const consumer of SERVICE_NAMES) {
    const applied = await world.query<{ event_id: string; event_type: string }>(
      consumer,
      'SELECT event_id, event_type FROM processed_events ORDER BY processed_at, event_id',
    );
    if (applied.length > 0) order.consumers.push(consumer);
    const byAggregate = new Map<string, OutboxRow[]>();
    for (const { event_id: id } of applied) {
      const row = rows.get(id);
      if (!row) continue;
      const aggregate = `${row.service} ${row.topic} ${row.key}`;
      byAggregate.set(aggregate, [...(byAggregate.get(aggregate) ?? []), row]);
    }
    for (const [aggregate, events] of byAggregate) {
      order.aggregates += 1;
      if (events.length > 1) order.sequences += 1;
      order.events += events.length;
      for (let i = 1; i < events.length; i += 1) {
        if (events[i].seq < events[i - 1].seq) {
          order.outOfOrder.push(
            `${consumer} applied ${aggregate} seq ${events[i].seq} after ${events[i - 1].seq}`,
          );
        }
      }
    }
  }
  return order;
}

export interface GroupState {
  groupId: string;
  state: string;
  members: number;
  /** Messages on the group's assigned partitions past its committed offsets. */
  lag: number;
}

/** This run's consumer groups (the check's own aside): state, members and lag. */
export async function consumerGroups(world: FaultWorld): Promise<GroupState[]> {
  return withAdmin(world, async (admin) => {
    const { groups } = await admin.listGroups();
    const ids = groups
      .map((g) => g.groupId)
      .filter((id) => id.startsWith(`${world.runId}-`) && id !== `${world.runId}-copies`)
      .sort();
    const { groups: described } = await admin.describeGroups(ids);
    const states: GroupState[] = [];
    for (const group of described) {
      const assigned = new Set<string>();
      for (const member of group.members) {
        const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
        for (const topic of Object.keys(decoded?.assignment ?? {})) assigned.add(topic);
      }
      let lag = 0;
      for (const topic of assigned) {
        const [ends, committed] = await Promise.all([
          admin.fetchTopicOffsets(topic),
          admin.fetchOffsets({ groupId: group.groupId, topics: [topic] }),
        ]);
        const at = new Map(committed[0].partitions.map((p) => [p.partition, Number(p.offset)]));
        for (const end of ends) {
          const offset = at.get(end.partition) ?? -1;
          lag += Number(end.high) - Math.max(offset, Number(end.low));
        }
      }
      states.push({
        groupId: group.groupId,
        state: group.state,
        members: group.members.length,
        lag,
      });
    }
    return states;
  });
}

/**
 * Waits (bounded) until every group of the run is stable with nothing left to read, or empty (a
 * killed gateway's group of its own: nobody will join it again, it stays until it expires).
 */
export function settledGroups(world: FaultWorld): Promise<GroupState[]> {
  return eventually(
    () => consumerGroups(world),
    (groups) =>
      groups.length > 0 &&
      groups.every(
        (g) => (g.state === 'Stable' && g.lag === 0) || (g.state === 'Empty' && g.members === 0),
      ),
    'every consumer group stable with lag 0',
    { timeoutMs: 60_000, intervalMs: 1_000, retryErrors: true },
  ).catch(() => consumerGroups(world));
}
