/**
 * Consumer lag of the services' consumer groups: for every partition of the topics a group
 * consumes, the high watermark minus the group's committed offset. The services commit resolved
 * offsets at most every second (kafkajs autoCommitInterval), so a group that keeps up shows a
 * lag of up to about a second's worth of messages, not zero, while load runs.
 */
import { type Admin } from 'kafkajs';

export interface GroupLag {
  group: string;
  /** Sum over the group's partitions. */
  lag: number;
  byTopic: Record<string, number>;
}

export async function groupLag(
  admin: Admin,
  group: string,
  topics: readonly string[],
): Promise<GroupLag> {
  const byTopic: Record<string, number> = {};
  const committed = await admin.fetchOffsets({ groupId: group, topics: [...topics] });
  for (const { topic, partitions } of committed) {
    const ends = await admin.fetchTopicOffsets(topic);
    let lag = 0;
    for (const end of ends) {
      const done = partitions.find((p) => p.partition === end.partition);
      const high = Number(end.high);
      const low = Number(end.low);
      const at = done && Number(done.offset) >= 0 ? Number(done.offset) : low;
      lag += Math.max(0, high - at);
    }
    byTopic[topic] = lag;
  }
  return { group, lag: Object.values(byTopic).reduce((s, v) => s + v, 0), byTopic };
}

/** Messages in the given topics (sum of high watermarks), e.g. to count events per incident. */
export async function topicMessages(admin: Admin, topics: readonly string[]): Promise<number> {
  let total = 0;
  for (const topic of topics) {
    for (const end of await admin.fetchTopicOffsets(topic)) total += Number(end.high);
  }
  return total;
}
