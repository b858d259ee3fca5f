import { child, childText, parseXml } from '@relief/testing';
import type { IncidentState } from '../incidents/incident';
import { ATOM_NAMESPACE, renderAlertFeed } from './atom-feed';

const sender = { sender: 'alerts@emergency.gov.kz', senderName: 'MES & partners' };

const incident = (id: string, updatedAt: string, extra: Partial<IncidentState> = {}) =>
  ({
    id,
    reference: 'EQ-2024-KZ-ALA-0001',
    mode: 'actual',
    title: 'Earthquake <M5.2> near Almaty',
    description: null,
    hazard: 'EQ',
    region: 'KZ-75',
    district: null,
    settlement: null,
    location: null,
    severity: 'Moderate',
    urgency: 'Past',
    certainty: 'Observed',
    status: 'active',
    statusReason: null,
    figures: { affected: 0, evacuated: 0, injured: 0, dead: 0, homesDamaged: 0 },
    occurredAt: new Date('2024-01-22T18:09:00Z'),
    reportedAt: new Date('2024-01-22T18:20:00Z'),
    reportedBy: 'op',
    updatedAt: new Date(updatedAt),
    updatedBy: 'op',
    version: 3,
    ...extra,
  }) satisfies IncidentState;

describe('Atom feed of current alerts', () => {
  const now = new Date('2024-01-23T00:00:00Z');

  it('lists one entry per incident linking to its CAP message', () => {
    const feed = parseXml(
      renderAlertFeed(
        [
          {
            incident: incident('5d2c8a57-6c0e-4d57-8f1a-1b0c9e2f4a10', '2024-01-22T20:00:00Z'),
            regionName: 'Almaty',
          },
          {
            incident: incident('6e3d9b68-7d1f-4e68-9a2b-2c1d0f3a5b21', '2024-01-22T19:00:00Z', {
              status: 'cancelled',
            }),
            regionName: 'Almaty',
          },
        ],
        sender,
        { baseUrl: 'https://alerts.example.kz', now },
      ),
    );
    expect(feed.name).toBe('feed');
    expect(feed.attributes.xmlns).toBe(ATOM_NAMESPACE);
    expect(childText(feed, 'id')).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab]/);
    expect(childText(feed, 'title')).toBe('Current alerts: MES & partners');
    expect(childText(feed, 'updated')).toBe('2024-01-22T20:00:00.000Z');
    expect(childText(child(feed, 'author'), 'name')).toBe('MES & partners');

    const entries = feed.children.filter((c) => c.name === 'entry');
    expect(entries).toHaveLength(2);
    const [first, second] = entries;
    expect(childText(first, 'id')).toBe('urn:uuid:5d2c8a57-6c0e-4d57-8f1a-1b0c9e2f4a10');
    expect(childText(first, 'title')).toBe('Earthquake <M5.2> near Almaty');
    expect(childText(first, 'summary')).toMatch(
      /^Update EQ-2024-KZ-ALA-0001-v3: Earthquake, Almaty/,
    );
    expect(child(first, 'category').attributes.term).toBe('Geo');
    expect(first.children.filter((c) => c.name === 'link').map((l) => l.attributes)).toEqual([
      {
        rel: 'alternate',
        type: 'application/cap+xml',
        href: 'https://alerts.example.kz/cap/alerts/EQ-2024-KZ-ALA-0001-v3',
      },
      {
        rel: 'related',
        type: 'application/cap+xml',
        href: 'https://alerts.example.kz/incidents/5d2c8a57-6c0e-4d57-8f1a-1b0c9e2f4a10/cap',
      },
    ]);
    expect(child(feed, 'link').attributes.href).toBe('https://alerts.example.kz/cap/alerts.atom');
    expect(childText(second, 'summary')).toMatch(/^Cancel /);
  });

  it('keeps the same feed id for the same sender and is valid when empty', () => {
    const a = parseXml(renderAlertFeed([], sender, { baseUrl: 'https://alerts.example.kz', now }));
    const b = parseXml(renderAlertFeed([], sender, { baseUrl: 'https://alerts.example.kz', now }));
    expect(childText(a, 'id')).toBe(childText(b, 'id'));
    expect(childText(a, 'updated')).toBe(now.toISOString());
    expect(a.children.some((c) => c.name === 'entry')).toBe(false);
  });
});
