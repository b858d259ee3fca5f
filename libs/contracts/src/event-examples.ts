import {
  AGGREGATE_ID_FIELDS,
  topicOf,
  type DomainEvent,
  type EventType,
  type PayloadOf,
} from './event-catalogue';
import { type IncidentSnapshotV1 } from './events/incident.events';
import { type OfferSnapshotV1 } from './events/offer.events';
import { type RequestCoverageV1, type RequestSnapshotV1 } from './events/request.events';

/**
 * One valid payload per catalogued event (version 1): documentation by example, and test data
 * for every service. The test of the catalogue checks each of them validates.
 */
const incident: IncidentSnapshotV1 = {
  incidentId: '0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c01',
  revision: 3,
  reference: 'FL-2024-KZ-AKT-0007',
  mode: 'actual',
  title: 'Spring flood on the Ilek river',
  description: 'Ice jam downstream of Aktobe; water rising in low districts.',
  hazard: 'FL',
  region: 'KZ-15',
  areaDescription: 'Aktobe city, Kargaly district',
  severity: 'Severe',
  urgency: 'Immediate',
  certainty: 'Observed',
  status: 'active',
  figures: { affected: 12000, evacuated: 3400, injured: 12, dead: 0, homesDamaged: 860 },
  occurredAt: '2024-04-02T05:30:00.000Z',
  reportedBy: 'duty-officer-aktobe',
};

const coverage: RequestCoverageV1 = {
  requested: 500,
  pledged: 300,
  delivered: 120,
  remaining: 200,
};

const request: RequestSnapshotV1 = {
  requestId: '5d2c8a57-6c0e-4d57-8f1a-1b0c9e2f4a10',
  revision: 4,
  incidentId: incident.incidentId,
  incidentReference: incident.reference,
  mode: incident.mode,
  region: 'KZ-15',
  itemCode: 'SHELTER-TENT-FAMILY',
  itemName: 'Family tent, 16 m²',
  unit: 'tent',
  quantity: 500,
  priority: 'critical',
  neededBy: '2024-04-05T00:00:00.000Z',
  scope: 'international',
  status: 'partially-delivered',
  notes: null,
  coverage,
};

const offer: OfferSnapshotV1 = {
  offerId: '9f4e2d61-3b7a-4f0c-8e2d-6a5b4c3d2e10',
  revision: 2,
  requestId: request.requestId,
  incidentId: incident.incidentId,
  incidentReference: incident.reference,
  mode: incident.mode,
  partnerCode: 'IFRC',
  partnerName: 'International Federation of Red Cross and Red Crescent Societies',
  partnerKind: 'red-cross-red-crescent',
  partnerOrigin: 'international',
  itemCode: request.itemCode,
  itemName: request.itemName,
  unit: 'tent',
  quantity: 300,
  availableBy: '2024-04-04T12:00:00.000Z',
  status: 'accepted',
};

const notification = {
  notificationId: '3e1f5a7b-2c4d-4e6f-8a0b-1c2d3e4f5a60',
  eventId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c20',
  eventType: 'incident.severity-changed',
  subscriberId: 'akimat-aktobe-duty',
  channel: 'sms' as const,
  attempts: 1,
};

const feedback = {
  feedbackId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b10',
  channel: 'sms' as const,
  receivedAt: '2024-04-05T09:12:00.000Z',
  language: 'ru' as const,
  text: 'НАБОР 2 нет мыла',
  regionCode: 'KZ-15',
  incidentId: incident.incidentId,
  incidentReference: incident.reference,
  itemCode: 'WASH-HYGIENE-KIT',
  category: 'missing-item' as const,
  mode: 'actual' as const,
};

const stock = {
  stockpileId: '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a98',
  revision: 2,
  ownerCode: 'UNICEF',
  region: 'KZ-19',
  warehouse: 'UNICEF warehouse, Qonaev',
  itemCode: 'WASH-HYGIENE-KIT',
  itemVersion: 2,
  unit: 'kit',
  onHand: 400,
  reserved: 0,
  available: 400,
  expiresOn: '2027-12-31',
};

type Examples = { [T in EventType]: PayloadOf<T, 1> };

export const EVENT_EXAMPLES: Examples = {
  'incident.reported': { ...incident, status: 'reported' },
  'incident.updated': { ...incident, changedFields: ['areaDescription'] },
  'incident.severity-changed': { ...incident, previousSeverity: 'Moderate' },
  'incident.status-changed': { ...incident, previousStatus: 'reported' },
  'incident.situation-updated': {
    ...incident,
    previousFigures: { affected: 9000, evacuated: 2100, injured: 7, dead: 0, homesDamaged: 500 },
    summary: 'Second dam breach; evacuation of Kargaly continues.',
  },
  'incident.closed': {
    ...incident,
    status: 'closed',
    previousStatus: 'contained',
    reason: 'Water back in the river bed.',
    reasonCode: 'operator',
    reasonParams: {},
  },

  'request.raised': {
    ...request,
    revision: 1,
    status: 'open',
    coverage: { requested: 500, pledged: 0, delivered: 0, remaining: 500 },
  },
  'request.updated': { ...request, changedFields: ['quantity'], previousQuantity: 600 },
  'request.scope-changed': {
    ...request,
    previousScope: 'domestic',
    reason: 'The government asked for international assistance.',
    reasonCode: 'operator',
    reasonParams: {},
  },
  'request.coverage-changed': {
    ...request,
    previousCoverage: { requested: 500, pledged: 300, delivered: 0, remaining: 200 },
    previousStatus: 'pledged',
    offerId: offer.offerId,
    cause: 'offer-delivered',
  },
  'request.fulfilled': {
    ...request,
    status: 'fulfilled',
    coverage: { requested: 500, pledged: 500, delivered: 500, remaining: 0 },
  },
  'request.cancelled': {
    ...request,
    status: 'cancelled',
    reason: 'Covered by the national reserve.',
    reasonCode: 'operator',
    reasonParams: {},
  },
  'request.closed': {
    ...request,
    status: 'closed',
    // English for old readers; templates word the code (the incident's own reason is the note).
    reason: 'The incident was closed.',
    reasonCode: 'incident-closed',
    reasonParams: { incidentReference: incident.reference, note: 'Water back in the river bed.' },
  },
  'request.offer-acceptance-rejected': {
    requestId: request.requestId,
    offerId: offer.offerId,
    incidentId: incident.incidentId,
    partnerCode: 'IFRC',
    acceptedQuantity: 300,
    remainingQuantity: 200,
    reason: 'quantity-exceeds-remaining',
    detail: null,
    reasonParams: { quantity: 300, remaining: 200, unit: 'tent' },
  },

  'offer.published': { ...offer, status: 'published' },
  'offer.updated': { ...offer, status: 'published', changedFields: ['quantity'] },
  'offer.accepted': { ...offer, acceptedQuantity: 300 },
  'offer.declined': {
    ...offer,
    status: 'declined',
    reason: 'Item does not meet the standard.',
    acceptanceReverted: false,
    reasonCode: 'operator',
    reasonParams: {},
  },
  'offer.withdrawn': {
    ...offer,
    status: 'withdrawn',
    previousStatus: 'accepted',
    reason: null,
    reasonCode: null,
    reasonParams: null,
    releasedQuantity: 300,
  },
  'offer.dispatched': {
    ...offer,
    status: 'dispatched',
    dispatchedQuantity: 300,
    expectedArrival: '2024-04-04T18:00:00.000Z',
  },
  'offer.delivered': {
    ...offer,
    status: 'delivered',
    acceptedQuantity: 300,
    deliveredQuantity: 280,
    shortfallQuantity: 20,
  },

  'notification.sent': { ...notification, providerMessageId: 'smsc-000123' },
  'notification.failed': { ...notification, attempts: 5, error: 'SMSC rejected: unknown number' },

  'catalogue.kit-version-published': {
    itemCode: 'WASH-HYGIENE-KIT',
    itemName: 'Sanitary and hygiene kit',
    version: 2,
    contents: [
      { itemCode: null, name: 'Soap, 100 g bar', quantity: 4, unit: 'piece' },
      { itemCode: null, name: 'Disposable nappies', quantity: 30, unit: 'piece' },
    ],
    note: 'Nappies added',
    citation: {
      feedbackCount: 37,
      incidentId: incident.incidentId,
      regionCode: 'KZ-15',
      category: 'missing-item',
      summary: '37 responses from Aktobe: no nappies in the kit',
    },
    publishedAt: '2024-04-06T10:00:00.000Z',
    publishedBy: 'op-aliya',
  },

  'stock.received': {
    ...stock,
    revision: 1,
    movement: { kind: 'received', quantity: 400, offerId: null, reason: null },
  },
  'stock.reserved': {
    ...stock,
    reserved: 300,
    available: 100,
    movement: { kind: 'reserved', quantity: 300, offerId: offer.offerId, reason: null },
  },
  'stock.released': {
    ...stock,
    revision: 3,
    reserved: 250,
    available: 150,
    movement: {
      kind: 'released',
      quantity: 50,
      offerId: offer.offerId,
      reason: 'accepted in part',
    },
  },
  'stock.dispatched': {
    ...stock,
    revision: 4,
    onHand: 150,
    reserved: 0,
    available: 150,
    movement: { kind: 'dispatched', quantity: 250, offerId: offer.offerId, reason: null },
  },
  'stock.written-off': {
    ...stock,
    revision: 5,
    onHand: 140,
    available: 140,
    movement: {
      kind: 'written-off',
      quantity: 10,
      offerId: null,
      reason: 'water damage in the warehouse',
    },
  },
  'feedback.received': feedback,
  'feedback.categorised': { ...feedback, handled: true, categorisedBy: 'operator' },
};

/**
 * A ready-to-append version-1 event of `type` built from its example, for tests. The aggregate
 * id is taken from the payload (override e.g. `incidentId` to get another aggregate).
 */
export function exampleEvent<T extends EventType>(
  type: T,
  overrides: Partial<PayloadOf<T, 1>> = {},
): DomainEvent<T> {
  const payload = { ...EVENT_EXAMPLES[type], ...overrides };
  const field = AGGREGATE_ID_FIELDS[topicOf(type)];
  const aggregateId = (payload as Record<string, unknown>)[field] as string;
  return { type, version: 1, aggregateId, payload } as unknown as DomainEvent<T>;
}
