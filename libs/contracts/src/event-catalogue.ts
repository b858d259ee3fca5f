import { CatalogueKitVersionPublishedV1 } from './events/catalogue.events';
import {
  IncidentClosedV1,
  IncidentReportedV1,
  IncidentSeverityChangedV1,
  IncidentSituationUpdatedV1,
  IncidentStatusChangedV1,
  IncidentUpdatedV1,
} from './events/incident.events';
import { FeedbackCategorisedV1, FeedbackReceivedV1 } from './events/feedback.events';
import { NotificationFailedV1, NotificationSentV1 } from './events/notification.events';
import {
  OfferAcceptedV1,
  OfferDeclinedV1,
  OfferDeliveredV1,
  OfferDispatchedV1,
  OfferPublishedV1,
  OfferUpdatedV1,
  OfferWithdrawnV1,
} from './events/offer.events';
import {
  RequestCancelledV1,
  RequestClosedV1,
  RequestCoverageChangedV1,
  RequestFulfilledV1,
  RequestOfferAcceptanceRejectedV1,
  RequestRaisedV1,
  RequestScopeChangedV1,
  RequestUpdatedV1,
} from './events/request.events';
import {
  StockDispatchedV1,
  StockReceivedV1,
  StockReleasedV1,
  StockReservedV1,
  StockWrittenOffV1,
} from './events/stock.events';
import { type EventEnvelope } from './event-envelope';
import { Topics, type Topic } from './topics';

/** Every event type of the platform. Producers and `@EventPattern`s use these constants. */
export const EventTypes = {
  IncidentReported: 'incident.reported',
  IncidentUpdated: 'incident.updated',
  IncidentSeverityChanged: 'incident.severity-changed',
  IncidentStatusChanged: 'incident.status-changed',
  IncidentSituationUpdated: 'incident.situation-updated',
  IncidentClosed: 'incident.closed',

  RequestRaised: 'request.raised',
  RequestUpdated: 'request.updated',
  RequestScopeChanged: 'request.scope-changed',
  RequestCoverageChanged: 'request.coverage-changed',
  RequestFulfilled: 'request.fulfilled',
  RequestCancelled: 'request.cancelled',
  RequestClosed: 'request.closed',
  RequestOfferAcceptanceRejected: 'request.offer-acceptance-rejected',

  OfferPublished: 'offer.published',
  OfferUpdated: 'offer.updated',
  OfferAccepted: 'offer.accepted',
  OfferDeclined: 'offer.declined',
  OfferWithdrawn: 'offer.withdrawn',
  OfferDispatched: 'offer.dispatched',
  OfferDelivered: 'offer.delivered',

  NotificationSent: 'notification.sent',
  NotificationFailed: 'notification.failed',

  CatalogueKitVersionPublished: 'catalogue.kit-version-published',

  StockReceived: 'stock.received',
  StockReserved: 'stock.reserved',
  StockReleased: 'stock.released',
  StockDispatched: 'stock.dispatched',
  StockWrittenOff: 'stock.written-off',

  FeedbackReceived: 'feedback.received',
  FeedbackCategorised: 'feedback.categorised',
} as const;

export type EventType = (typeof EventTypes)[keyof typeof EventTypes];

/** One (type, version) of the catalogue: where it goes and which class its payload is. */
export interface EventDefinition<
  T extends EventType = EventType,
  V extends number = number,
  P extends object = object,
> {
  readonly type: T;
  readonly version: V;
  readonly topic: Topic;
  readonly payload: new () => P;
  /** One sentence: what happened. Shown in docs/event-catalogue.md and the AsyncAPI document. */
  readonly description: string;
}

/** Keeps the literal type and version of a definition, so `DomainEvent` can map them. */
export function defineEvent<const T extends EventType, const V extends number, P extends object>(
  definition: EventDefinition<T, V, P>,
): EventDefinition<T, V, P> {
  return Object.freeze({ ...definition });
}

/**
 * The catalogue: every (type, version) any service may publish. The aggregate of each topic is
 * the Kafka key: incident id, request id, offer id, notification id, stockpile id.
 * Add a version here (and in asyncapi.yaml and docs/event-catalogue.md) instead of changing a
 * published payload class in a breaking way.
 */
export const EVENT_CATALOGUE = [
  defineEvent({
    type: EventTypes.IncidentReported,
    version: 1,
    topic: Topics.Incidents,
    payload: IncidentReportedV1,
    description: 'A new incident was recorded.',
  }),
  defineEvent({
    type: EventTypes.IncidentUpdated,
    version: 1,
    topic: Topics.Incidents,
    payload: IncidentUpdatedV1,
    description: 'Descriptive fields of an incident changed.',
  }),
  defineEvent({
    type: EventTypes.IncidentSeverityChanged,
    version: 1,
    topic: Topics.Incidents,
    payload: IncidentSeverityChangedV1,
    description: 'The CAP severity of an incident changed.',
  }),
  defineEvent({
    type: EventTypes.IncidentStatusChanged,
    version: 1,
    topic: Topics.Incidents,
    payload: IncidentStatusChangedV1,
    description: 'An incident moved between non-terminal statuses (reported, active, contained).',
  }),
  defineEvent({
    type: EventTypes.IncidentSituationUpdated,
    version: 1,
    topic: Topics.Incidents,
    payload: IncidentSituationUpdatedV1,
    description: 'A situation report changed the impact figures of an incident.',
  }),
  defineEvent({
    type: EventTypes.IncidentClosed,
    version: 1,
    topic: Topics.Incidents,
    payload: IncidentClosedV1,
    description: 'An incident was closed or cancelled; no new requests are raised for it.',
  }),

  defineEvent({
    type: EventTypes.RequestRaised,
    version: 1,
    topic: Topics.Requests,
    payload: RequestRaisedV1,
    description: 'The ministry raised a request for items for an incident.',
  }),
  defineEvent({
    type: EventTypes.RequestUpdated,
    version: 1,
    topic: Topics.Requests,
    payload: RequestUpdatedV1,
    description: 'Descriptive fields of a request changed (quantity, priority, needed-by ...).',
  }),
  defineEvent({
    type: EventTypes.RequestScopeChanged,
    version: 1,
    topic: Topics.Requests,
    payload: RequestScopeChangedV1,
    description: 'A request was opened to international partners, or brought back to domestic.',
  }),
  defineEvent({
    type: EventTypes.RequestCoverageChanged,
    version: 1,
    topic: Topics.Requests,
    payload: RequestCoverageChangedV1,
    description: 'Pledged or delivered quantities against a request changed.',
  }),
  defineEvent({
    type: EventTypes.RequestFulfilled,
    version: 1,
    topic: Topics.Requests,
    payload: RequestFulfilledV1,
    description: 'Deliveries reached the requested quantity.',
  }),
  defineEvent({
    type: EventTypes.RequestCancelled,
    version: 1,
    topic: Topics.Requests,
    payload: RequestCancelledV1,
    description: 'The ministry cancelled a request; no offer can be accepted against it any more.',
  }),
  defineEvent({
    type: EventTypes.RequestClosed,
    version: 1,
    topic: Topics.Requests,
    payload: RequestClosedV1,
    description: 'A request was closed because its incident closed or was cancelled.',
  }),
  defineEvent({
    type: EventTypes.RequestOfferAcceptanceRejected,
    version: 1,
    topic: Topics.Requests,
    payload: RequestOfferAcceptanceRejectedV1,
    description: 'An accepted offer could not be counted against its request (compensation).',
  }),

  defineEvent({
    type: EventTypes.OfferPublished,
    version: 1,
    topic: Topics.Offers,
    payload: OfferPublishedV1,
    description: 'A partner published an offer against a request or an incident.',
  }),
  defineEvent({
    type: EventTypes.OfferUpdated,
    version: 1,
    topic: Topics.Offers,
    payload: OfferUpdatedV1,
    description: 'A partner changed an open offer.',
  }),
  defineEvent({
    type: EventTypes.OfferAccepted,
    version: 1,
    topic: Topics.Offers,
    payload: OfferAcceptedV1,
    description: 'The ministry accepted an offer, in whole or in part.',
  }),
  defineEvent({
    type: EventTypes.OfferDeclined,
    version: 1,
    topic: Topics.Offers,
    payload: OfferDeclinedV1,
    description: 'The ministry declined an offer, or its acceptance was reverted.',
  }),
  defineEvent({
    type: EventTypes.OfferWithdrawn,
    version: 1,
    topic: Topics.Offers,
    payload: OfferWithdrawnV1,
    description: 'The partner withdrew an offer.',
  }),
  defineEvent({
    type: EventTypes.OfferDispatched,
    version: 1,
    topic: Topics.Offers,
    payload: OfferDispatchedV1,
    description: 'The partner shipped accepted items.',
  }),
  defineEvent({
    type: EventTypes.OfferDelivered,
    version: 1,
    topic: Topics.Offers,
    payload: OfferDeliveredV1,
    description: 'Offered items arrived and were counted.',
  }),

  defineEvent({
    type: EventTypes.NotificationSent,
    version: 1,
    topic: Topics.Notifications,
    payload: NotificationSentV1,
    description: 'A notification was handed to the e-mail or SMS provider.',
  }),
  defineEvent({
    type: EventTypes.NotificationFailed,
    version: 1,
    topic: Topics.Notifications,
    payload: NotificationFailedV1,
    description: 'A notification could not be delivered after its last attempt.',
  }),

  defineEvent({
    type: EventTypes.CatalogueKitVersionPublished,
    version: 1,
    topic: Topics.Catalogue,
    payload: CatalogueKitVersionPublishedV1,
    description: 'The ministry published a new composition (version) of a kit of the catalogue.',
  }),

  defineEvent({
    type: EventTypes.StockReceived,
    version: 1,
    topic: Topics.Stock,
    payload: StockReceivedV1,
    description: 'Items arrived in a stockpile (its first receipt records it).',
  }),
  defineEvent({
    type: EventTypes.StockReserved,
    version: 1,
    topic: Topics.Stock,
    payload: StockReservedV1,
    description: 'An offer from a stockpile was published; its quantity is held for it.',
  }),
  defineEvent({
    type: EventTypes.StockReleased,
    version: 1,
    topic: Topics.Stock,
    payload: StockReleasedV1,
    description:
      'Stock held by an offer is available again (the offer ended, or was accepted in part).',
  }),
  defineEvent({
    type: EventTypes.StockDispatched,
    version: 1,
    topic: Topics.Stock,
    payload: StockDispatchedV1,
    description: 'An offer from a stockpile was dispatched; the items left the warehouse.',
  }),
  defineEvent({
    type: EventTypes.StockWrittenOff,
    version: 1,
    topic: Topics.Stock,
    payload: StockWrittenOffV1,
    description: 'Items of a stockpile were lost, spoiled or expired and taken off the books.',
  }),

  defineEvent({
    type: EventTypes.FeedbackReceived,
    version: 1,
    topic: Topics.Feedback,
    payload: FeedbackReceivedV1,
    description: 'An affected person sent feedback (SMS or the public web form) and it was stored.',
  }),
  defineEvent({
    type: EventTypes.FeedbackCategorised,
    version: 1,
    topic: Topics.Feedback,
    payload: FeedbackCategorisedV1,
    description: 'An operator categorised feedback or marked it handled.',
  }),
] as const;

type CatalogueEntry = (typeof EVENT_CATALOGUE)[number];

/** Versions of `T` the catalogue knows. */
export type EventVersion<T extends EventType> = Extract<CatalogueEntry, { type: T }>['version'];

/** The payload class instance of (type, version). */
export type PayloadOf<T extends EventType, V extends EventVersion<T> = EventVersion<T>> =
  Extract<CatalogueEntry, { type: T; version: V }> extends EventDefinition<T, V, infer P>
    ? P
    : never;

type DomainEventOf<E> =
  E extends EventDefinition<infer T, infer V, infer P>
    ? { type: T; version: V; aggregateId: string; payload: P }
    : never;

/**
 * What a producer hands to the outbox: a union over the catalogue, so a type can only be sent
 * with the payload of its version (`DomainEvent<'incident.reported'>` narrows to that type).
 */
export type DomainEvent<T extends EventType = EventType> = DomainEventOf<
  Extract<CatalogueEntry, { type: T }>
>;

type EnvelopeOf<E> =
  E extends EventDefinition<infer T, infer V, infer P>
    ? EventEnvelope<P> & { type: T; version: V }
    : never;

/**
 * What a handler of `T` receives: the validated envelope, a union over the versions the
 * catalogue knows (narrow on `version`). A type alias on purpose: see @relief/messaging.
 */
export type ConsumedEvent<T extends EventType = EventType> = EnvelopeOf<
  Extract<CatalogueEntry, { type: T }>
>;

/**
 * The payload field holding the aggregate id of each topic's events. The aggregate id is the
 * Kafka key, so Kafka keeps one aggregate's events in order; the outbox checks they agree.
 */
export const AGGREGATE_ID_FIELDS = {
  [Topics.Incidents]: 'incidentId',
  [Topics.Requests]: 'requestId',
  [Topics.Offers]: 'offerId',
  [Topics.Notifications]: 'notificationId',
  [Topics.Catalogue]: 'itemCode',
  [Topics.Stock]: 'stockpileId',
  [Topics.Feedback]: 'feedbackId',
} as const satisfies Record<Topic, string>;

const byKey = new Map<string, EventDefinition>(
  EVENT_CATALOGUE.map((definition) => [`${definition.type}@${definition.version}`, definition]),
);

export function findEventDefinition(type: string, version: number): EventDefinition | undefined {
  return byKey.get(`${type}@${version}`);
}

export function isKnownEventType(type: string): type is EventType {
  return EVENT_CATALOGUE.some((definition) => definition.type === type);
}

/** Every type published to a (logical) topic. */
export function eventTypesOf(topic: string): EventType[] {
  return [...new Set(EVENT_CATALOGUE.filter((d) => d.topic === topic).map((d) => d.type))];
}

/** The topic events of a type go to; undefined for a type the catalogue does not know. */
/** A catalogued type always has its topic; any other text may not. */
export function topicOf(type: EventType): Topic;
export function topicOf(type: string): Topic | undefined;
export function topicOf(type: string): Topic | undefined {
  return EVENT_CATALOGUE.find((definition) => definition.type === type)?.topic;
}

/** The incident event group: every one carries the whole incident (`IncidentSnapshotV1`). */
export type IncidentEventType = Extract<EventType, `incident.${string}`>;
export type ConsumedIncidentEvent = ConsumedEvent<IncidentEventType>;
export const INCIDENT_EVENT_TYPES = eventTypesOf(Topics.Incidents) as readonly IncidentEventType[];
