import { buildEnvelope } from '@relief/messaging';
import { Incident, type IncidentDescription } from './incident';
import { toContractEvents } from './incident-events';

const description: IncidentDescription = {
  title: 'Spring flood, Aktobe region',
  description: null,
  hazard: 'FL',
  region: 'KZ-15',
  district: 'Kargaly district',
  settlement: 'Badamsha',
  location: { latitude: 50.28, longitude: 57.17, radiusKm: 15 },
  severity: 'Moderate',
  urgency: 'Immediate',
  certainty: 'Observed',
  occurredAt: new Date('2024-04-02T05:30:00.000Z'),
};
const t = (minutes: number) => new Date(Date.UTC(2024, 3, 2, 6, minutes));

/** The outbox validates every payload strictly; the domain's events must all pass. */
function envelopes(incident: Incident, events: ReturnType<Incident['update']>) {
  return toContractEvents(incident.snapshot, events).map(
    (event) => buildEnvelope(event, { producer: 'incident-service' }).envelope,
  );
}

describe('incident events', () => {
  const { incident, events: reportedEvents } = Incident.file(
    description,
    { id: '0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c01', reference: 'FL-2024-KZ-AKT-0001' },
    'operator-1',
    t(0),
  );

  it('reports with the whole snapshot, keyed by the incident id', () => {
    const [reported] = envelopes(incident, reportedEvents);
    expect(reported).toMatchObject({
      type: 'incident.reported',
      version: 1,
      aggregateId: incident.snapshot.id,
      producer: 'incident-service',
      payload: {
        incidentId: incident.snapshot.id,
        reference: 'FL-2024-KZ-AKT-0001',
        mode: 'actual',
        region: 'KZ-15',
        hazard: 'FL',
        severity: 'Moderate',
        status: 'reported',
        title: 'Spring flood, Aktobe region',
        areaDescription: 'Badamsha, Kargaly district',
        location: { latitude: 50.28, longitude: 57.17, radiusKm: 15 },
        figures: { affected: 0, evacuated: 0, injured: 0, dead: 0, homesDamaged: 0 },
        occurredAt: '2024-04-02T05:30:00.000Z',
        reportedBy: 'operator-1',
      },
    });
  });

  it('sends updated (snapshot field names) then severity-changed for one write', () => {
    const update = incident.update(
      { district: null, severity: 'Extreme', location: null },
      'op-2',
      t(5),
    );
    const [updated, severity] = envelopes(incident, update);
    expect(updated.type).toBe('incident.updated');
    expect(updated.payload).toMatchObject({
      changedFields: ['areaDescription', 'location'],
      areaDescription: 'Badamsha',
      location: null,
      severity: 'Extreme',
    });
    expect(severity.type).toBe('incident.severity-changed');
    expect(severity.payload).toMatchObject({ previousSeverity: 'Moderate', severity: 'Extreme' });
  });

  it('sends status-changed between open statuses and closed for the end', () => {
    const [active] = envelopes(incident, incident.changeStatus('active', null, 'op', t(6)));
    expect(active).toMatchObject({
      type: 'incident.status-changed',
      payload: { status: 'active', previousStatus: 'reported' },
    });
    const [situation] = envelopes(
      incident,
      incident.addSituationUpdate('Water rising', { affected: 2300, evacuated: 900 }, 'op', t(7)),
    );
    expect(situation).toMatchObject({
      type: 'incident.situation-updated',
      payload: {
        summary: 'Water rising',
        previousFigures: { affected: 0, evacuated: 0 },
        figures: { affected: 2300, evacuated: 900 },
      },
    });
    incident.changeStatus('contained', null, 'op', t(8));
    const [closed] = envelopes(
      incident,
      incident.changeStatus('closed', 'Water receded', 'op', t(9)),
    );
    expect(closed).toMatchObject({
      type: 'incident.closed',
      payload: {
        status: 'closed',
        previousStatus: 'contained',
        reason: 'Water receded',
        reasonCode: 'operator',
        reasonParams: {},
      },
    });
  });

  it('marks a closing without a reason as having none (no code, no English sentence)', () => {
    const { incident: quiet } = Incident.file(
      description,
      { id: '0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c02', reference: 'FL-2024-KZ-AKT-0002' },
      'operator-1',
      t(0),
    );
    quiet.changeStatus('active', null, 'op', t(1));
    quiet.changeStatus('contained', null, 'op', t(2));
    const [closed] = envelopes(quiet, quiet.changeStatus('closed', null, 'op', t(3)));
    expect(closed.payload).toMatchObject({ reason: null, reasonCode: null, reasonParams: null });
  });
});
