import type { AuthUser } from '@relief/auth';
import { EventBuffer } from './event-buffer';
import { mayView, type EventViewer } from './event-filter';

const operator: EventViewer = { user: { sub: 'aliya', roles: ['operator'] } };
const admin: EventViewer = { user: { sub: 'saule', roles: ['admin'] } };
const agency = (org: string, partnerOrigin: 'domestic' | 'international'): EventViewer => ({
  user: { sub: org.toLowerCase(), roles: ['agency'], org } satisfies AuthUser,
  partnerOrigin,
});
const unicef = agency('UNICEF', 'international');
const redCrescent = agency('RCS-KZ', 'domestic');
const nobody: EventViewer = { user: { sub: 'x', roles: [] } };

const incident = { type: 'incident.reported', payload: { incidentId: 'i1' } };
const domesticRequest = { type: 'request.raised', payload: { scope: 'domestic' } };
const internationalRequest = { type: 'request.scope-changed', payload: { scope: 'international' } };
const unicefOffer = { type: 'offer.published', payload: { partnerCode: 'UNICEF' } };
const euOffer = { type: 'offer.accepted', payload: { partnerCode: 'EU' } };
const acceptanceRejected = {
  type: 'request.offer-acceptance-rejected',
  payload: { partnerCode: 'UNICEF', requestId: 'r1' },
};
const notification = { type: 'notification.sent', payload: { subscriberId: 's1' } };
const unicefStock = { type: 'stock.received', payload: { ownerCode: 'UNICEF', region: 'KZ-19' } };
const ministryStock = { type: 'stock.reserved', payload: { ownerCode: 'MES-KZ', region: 'KZ-15' } };
const kitVersion = {
  type: 'catalogue.kit-version-published',
  payload: { itemCode: 'WASH-HYGIENE-KIT', version: 2 },
};
const feedback = { type: 'feedback.received', payload: { feedbackId: 'f1', itemCode: 'X' } };

describe('mayView: stock, kit compositions and feedback (issue 19)', () => {
  it('shows an agency its own stock only, every kit composition, and no feedback', () => {
    expect(mayView(unicef, unicefStock)).toBe(true);
    expect(mayView(redCrescent, unicefStock)).toBe(false);
    expect(mayView(unicef, ministryStock)).toBe(false);
    expect(mayView(unicef, kitVersion)).toBe(true);
    expect(mayView(unicef, feedback)).toBe(false);
    expect(mayView(operator, feedback)).toBe(true);
    expect(mayView(nobody, kitVersion)).toBe(false);
  });
});

describe('mayView: who sees which event on the console stream', () => {
  const everything = [
    incident,
    domesticRequest,
    internationalRequest,
    unicefOffer,
    euOffer,
    acceptanceRejected,
    notification,
    unicefStock,
    ministryStock,
    kitVersion,
    feedback,
  ];

  it('shows operators and admins everything', () => {
    for (const event of everything) {
      expect(mayView(operator, event)).toBe(true);
      expect(mayView(admin, event)).toBe(true);
    }
  });

  it('shows an international partner incidents, international requests and its own offers', () => {
    expect(mayView(unicef, incident)).toBe(true);
    expect(mayView(unicef, domesticRequest)).toBe(false);
    expect(mayView(unicef, internationalRequest)).toBe(true);
    expect(mayView(unicef, unicefOffer)).toBe(true);
    expect(mayView(unicef, euOffer)).toBe(false);
    expect(mayView(unicef, acceptanceRejected)).toBe(true);
    expect(mayView(unicef, notification)).toBe(false);
  });

  it('shows a domestic partner domestic requests too, and only its own offers', () => {
    expect(mayView(redCrescent, domesticRequest)).toBe(true);
    expect(mayView(redCrescent, internationalRequest)).toBe(true);
    expect(mayView(redCrescent, unicefOffer)).toBe(false);
    expect(mayView(redCrescent, acceptanceRejected)).toBe(false);
  });

  it('treats an agency whose origin is unknown as international', () => {
    const unknown: EventViewer = { user: { sub: 'd', roles: ['agency'], org: 'UNICEF' } };
    expect(mayView(unknown, domesticRequest)).toBe(false);
    expect(mayView(unknown, internationalRequest)).toBe(true);
  });

  it('compares organisations in any case', () => {
    expect(mayView(agency('unicef', 'international'), unicefOffer)).toBe(true);
  });

  it('shows a caller with no known role nothing', () => {
    for (const event of everything) expect(mayView(nobody, event)).toBe(false);
  });
});

describe('EventBuffer', () => {
  const event = (n: number) => ({
    type: 'incident.reported',
    aggregateId: `i${n}`,
    occurredAt: '2026-04-01T00:00:00.000Z',
    payload: {},
  });

  it('numbers events in order and gives those after an id', () => {
    const buffer = new EventBuffer(10, 1);
    [1, 2, 3].forEach((n) => buffer.add(event(n)));
    expect(buffer.after(1).map((e) => e.id)).toEqual([2, 3]);
    expect(buffer.after(3)).toEqual([]);
    expect(buffer.lastId).toBe(3);
  });

  it('keeps the last `capacity` events only', () => {
    const buffer = new EventBuffer(2);
    [1, 2, 3].forEach((n) => buffer.add(event(n)));
    expect(buffer.after(0).map((e) => e.aggregateId)).toEqual(['i2', 'i3']);
  });

  it('gives everything kept for an id of another gateway process (above the last)', () => {
    const buffer = new EventBuffer(10, 1);
    [1, 2].forEach((n) => buffer.add(event(n)));
    expect(buffer.after(500).map((e) => e.id)).toEqual([1, 2]);
  });

  it('numbers a process started again above every id of the one before, however many it gave', () => {
    const earlier = new EventBuffer(2_000, 1_790_000_000_000_001);
    for (let n = 0; n < 1_500; n += 1) earlier.add(event(n));
    // The gateway crashed and came back a second later; the browser resumes from its last event.
    const restarted = new EventBuffer(2_000, 1_790_000_001_000_001);
    for (let n = 0; n < 1_600; n += 1) restarted.add(event(n));
    expect(restarted.after(earlier.lastId)).toHaveLength(1_600);
  });

  it('starts from the clock: ids are safe integers and a later process numbers higher', () => {
    const first = new EventBuffer(10);
    const stored = first.add(event(1));
    expect(Number.isSafeInteger(stored.id)).toBe(true);
    expect(stored.id).toBeGreaterThan(Date.parse('2026-01-01') * 1_000);
  });
});
