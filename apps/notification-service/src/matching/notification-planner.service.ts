import { Injectable } from '@nestjs/common';
import {
  modeOf,
  type ConsumedEvent,
  type ConsumedIncidentEvent,
  type Hazard,
  type IncidentMode,
  type Severity,
} from '@relief/contracts';
import { IncidentReadModel } from '@relief/read-models';
import type { EntityManager } from 'typeorm';
import { NotificationServiceConfig } from '../notification-service.config';
import { NotificationLedger, UNSUBSCRIBE_TOKEN_SLOT } from '../notifications/notification-ledger';
import type { Language } from '../subscribers/subscriber';
import { render } from '../templates/templates';
import { IncidentViewEntity } from './incident-view.entity';
import { recipientCondition, type EventFacts } from './recipient-query';

type RequestEvent = ConsumedEvent<
  | 'request.raised'
  | 'request.updated'
  | 'request.scope-changed'
  | 'request.cancelled'
  | 'request.fulfilled'
  | 'request.closed'
>;
type FeedbackEvent = ConsumedEvent<'feedback.received' | 'feedback.categorised'>;
type OfferEvent = ConsumedEvent<
  'offer.accepted' | 'offer.declined' | 'offer.withdrawn' | 'offer.delivered'
>;

/**
 * Turns one consumed event into ledger rows (one per subscriber and channel), in the consumer's
 * transaction: the rows commit with the inbox row, so a redelivered event plans nothing twice.
 * The event's facts (region, hazard, severity, whose offer) decide who hears of it; the
 * database applies that rule to every subscriber at once (recipient-query.ts).
 */
@Injectable()
export class NotificationPlanner {
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
      mode: modeOf(p),
      incidentId: p.incidentId,
      itemCode: null,
    });
  }

  async request(manager: EntityManager, event: RequestEvent): Promise<void> {
    // Widening to international is the news partners wait for; narrowing back is not.
    if (event.type === 'request.scope-changed' && event.payload.scope !== 'international') return;
    // A request follows its incident's corrected region or title with request.updated too: only a
    // change of the quantity needed is something a stakeholder acts on.
    if (event.type === 'request.updated' && (event.payload.previousQuantity ?? null) === null)
      return;
    const incident = await this.incidents.find(manager, event.payload.incidentId);
    await this.plan(manager, event, {
      type: event.type,
      // A request's region is its incident's; the incident's own events are the freshest word on
      // it (the request follows a corrected region a moment later), and offers match on it too.
      region: incident?.region ?? event.payload.region,
      ...this.incidentFacts(incident, event.payload),
      partnerCode: null,
      incidentId: event.payload.incidentId,
      itemCode: event.payload.itemCode,
    });
  }

  async offer(manager: EntityManager, event: OfferEvent): Promise<void> {
    const incident = await this.incidents.find(manager, event.payload.incidentId);
    await this.plan(manager, event, {
      type: event.type,
      region: incident?.region ?? null,
      ...this.incidentFacts(incident, event.payload),
      partnerCode: event.payload.partnerCode,
      incidentId: event.payload.incidentId,
      itemCode: event.payload.itemCode,
    });
  }

  /**
   * Feedback (this service's own events, back from Kafka): about its linked incident's region
   * (else the region the sender named) and item, a drill if that incident is one.
   */
  async feedback(manager: EntityManager, event: FeedbackEvent): Promise<void> {
    const p = event.payload;
    const incident = p.incidentId ? await this.incidents.find(manager, p.incidentId) : undefined;
    await this.plan(manager, event, {
      type: event.type,
      region: incident?.region ?? p.regionCode,
      ...this.incidentFacts(incident, p),
      partnerCode: null,
      incidentId: p.incidentId,
      itemCode: p.itemCode,
    });
  }

  /**
   * The incident's hazard and severity, and the mode: a drill if either the event or the
   * incident says so (a request or offer event from before modes carries none).
   */
  private incidentFacts(
    incident: IncidentViewEntity | undefined,
    payload: { mode?: IncidentMode | null },
  ): { hazard: Hazard | null; severity: Severity | null; mode: IncidentMode } {
    const own = modeOf(payload);
    return {
      hazard: incident?.hazard ?? null,
      severity: incident?.severity ?? null,
      mode: own === 'actual' ? (incident?.mode ?? 'actual') : own,
    };
  }

  /** Rows in bulk, matched by the database; each language and audience's message rendered once. */
  private async plan(
    manager: EntityManager,
    event: { id: string; type: string; payload: object },
    facts: EventFacts,
  ): Promise<void> {
    // What the event was about, so a text back from a number it reached reads as a reply to it.
    await manager.query(
      `INSERT INTO notified_events (event_id, incident_id, region, planned_at)
       VALUES ($1, $2, $3, now()) ON CONFLICT (event_id) DO NOTHING`,
      [event.id, facts.incidentId, facts.region],
    );
    const unsubscribe = `${this.config.PUBLIC_BASE_URL}/unsubscribe?token=${UNSUBSCRIBE_TOKEN_SLOT}`;
    const recipients = recipientCondition(facts, 3);
    // Templates mark a drill from the payload's mode: the one the facts settled on.
    const payload = { ...event.payload, mode: facts.mode };
    await this.ledger.plan(manager, event, recipients, (language, channel, audience) => {
      const lang = language as Language;
      if (channel === 'sms') {
        const sms = render(event.type, lang, payload, { audience }).sms;
        return { language, channel, audience, subject: null, text: sms, html: null };
      }
      const email = render(event.type, lang, payload, {
        audience,
        unsubscribeUrl: unsubscribe,
      });
      return {
        language,
        channel,
        audience,
        subject: email.subject,
        text: email.text,
        html: email.html,
      };
    });
  }
}
