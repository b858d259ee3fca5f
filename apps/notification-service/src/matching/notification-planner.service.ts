import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ConsumedEvent, Hazard, ConsumedIncidentEvent, Severity } from '@relief/contracts';
import { IncidentReadModel } from '@relief/read-models';
import type { EntityManager } from 'typeorm';
import { NotificationServiceConfig } from '../notification-service.config';
import { NotificationLedger } from '../notifications/notification-ledger';
import { SubscriberEntity, SubscriptionEntity } from '../subscribers/subscriber.entity';
import { signUnsubscribeToken } from '../subscribers/unsubscribe-token';
import { render } from '../templates/templates';
import { IncidentViewEntity } from './incident-view.entity';
import { Matcher, type EventFacts } from './matcher';

type RequestEvent = ConsumedEvent<
  | 'request.raised'
  | 'request.scope-changed'
  | 'request.cancelled'
  | 'request.fulfilled'
  | 'request.closed'
>;
type OfferEvent = ConsumedEvent<'offer.accepted' | 'offer.declined' | 'offer.delivered'>;

/**
 * Turns one consumed event into ledger rows (one per subscriber and channel), in the consumer's
 * transaction: the rows commit with the inbox row, so a redelivered event plans nothing twice.
 */
@Injectable()
export class NotificationPlanner {
  private readonly matcher = new Matcher();
  private readonly incidents = new IncidentReadModel(IncidentViewEntity);

  constructor(
    private readonly config: NotificationServiceConfig,
    private readonly ledger: NotificationLedger,
  ) {}

  async incident(manager: EntityManager, event: ConsumedIncidentEvent): Promise<void> {
    const p = event.payload;
    // An older snapshot leaves the view alone, but the event itself is still news to plan.
    await this.incidents.apply(manager, event);
    await this.plan(manager, event, {
      type: event.type,
      region: p.region,
      hazard: p.hazard,
      severity: p.severity,
      partnerCode: null,
    });
  }

  async request(manager: EntityManager, event: RequestEvent): Promise<void> {
    // Widening to international is the news partners wait for; narrowing back is not.
    if (event.type === 'request.scope-changed' && event.payload.scope !== 'international') return;
    const incident = await this.incidents.find(manager, event.payload.incidentId);
    await this.plan(manager, event, {
      type: event.type,
      // A request's region is its incident's; the incident's own events are the freshest word on
      // it (the request follows a corrected region a moment later), and offers match on it too.
      region: incident?.region ?? event.payload.region,
      ...this.incidentFacts(incident),
      partnerCode: null,
    });
  }

  async offer(manager: EntityManager, event: OfferEvent): Promise<void> {
    const incident = await this.incidents.find(manager, event.payload.incidentId);
    await this.plan(manager, event, {
      type: event.type,
      region: incident?.region ?? null,
      ...this.incidentFacts(incident),
      partnerCode: event.payload.partnerCode,
    });
  }

  private incidentFacts(incident: IncidentViewEntity | undefined): {
    hazard: Hazard | null;
    severity: Severity | null;
  } {
    return { hazard: incident?.hazard ?? null, severity: incident?.severity ?? null };
  }

  private async plan(
    manager: EntityManager,
    event: { id: string; type: string; payload: object },
    facts: EventFacts,
  ): Promise<void> {
    // Subscribers number in the hundreds: matching in memory keeps the rules in one plain class.
    const [subscribers, subscriptions] = await Promise.all([
      manager.find(SubscriberEntity),
      manager.find(SubscriptionEntity),
    ]);
    const now = new Date();
    const recipients = this.matcher.match(facts, subscribers, subscriptions);
    const rows = recipients.map(({ subscriber, channel }) => {
      const unsubscribe =
        channel === 'email'
          ? `${this.config.PUBLIC_BASE_URL}/unsubscribe?token=${signUnsubscribeToken(subscriber.id, this.config.UNSUBSCRIBE_SECRET)}`
          : undefined;
      const message = render(event.type, subscriber.language, event.payload, unsubscribe);
      // The matcher picks a channel only where the subscriber has its address.
      const recipient = channel === 'email' ? subscriber.email : subscriber.phone;
      if (!recipient) throw new Error(`subscriber ${subscriber.id} has no ${channel} address`);
      return {
        id: randomUUID(),
        eventId: event.id,
        eventType: event.type,
        subscriberId: subscriber.id,
        channel,
        recipient,
        language: subscriber.language,
        subject: channel === 'email' ? message.subject : null,
        bodyText: channel === 'email' ? message.text : message.sms,
        bodyHtml: channel === 'email' ? message.html : null,
        status: 'pending' as const,
        attempts: 0,
        nextAttemptAt: now,
        leaseUntil: null,
        providerMessageId: null,
        deliveryReceipt: null,
        lastError: null,
        createdAt: now,
        updatedAt: now,
      };
    });
    await this.ledger.add(manager, rows);
  }
}
