/**
 * Logical topic names. Every event of one aggregate kind goes to one topic, keyed by aggregate id,
 * so Kafka keeps the events of one incident (request, offer ...) in order.
 * The messaging wrapper adds the deployment's KAFKA_TOPIC_PREFIX to these names.
 */
export const Topics = {
  Incidents: 'incident.events',
  Requests: 'request.events',
  Offers: 'offer.events',
  Notifications: 'notification.events',
  Catalogue: 'catalogue.events',
  Stock: 'stock.events',
  Feedback: 'feedback.events',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export const ALL_TOPICS: readonly Topic[] = Object.values(Topics);

/** Where a consumer parks a message it cannot process (see libs/messaging). */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
