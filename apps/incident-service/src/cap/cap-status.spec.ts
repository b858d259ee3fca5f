import type { IncidentState } from '../incidents/incident';
import { renderCapAlert } from './cap-alert';
import { capStatus } from './cap-status';

const drill: IncidentState = {
  id: '0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c09',
  reference: 'EQ-2024-KZ-ALA-0001',
  mode: 'exercise',
  title: 'Earthquake drill, Almaty',
  description: null,
  hazard: 'EQ',
  region: 'KZ-75',
  district: null,
  settlement: null,
  location: null,
  severity: 'Extreme',
  urgency: 'Immediate',
  certainty: 'Observed',
  status: 'reported',
  statusReason: null,
  figures: { affected: 0, evacuated: 0, injured: 0, dead: 0, homesDamaged: 0 },
  occurredAt: new Date('2024-04-02T05:30:00.000Z'),
  reportedAt: new Date('2024-04-02T06:00:00.000Z'),
  reportedBy: 'operator-1',
  updatedAt: new Date('2024-04-02T06:00:00.000Z'),
  updatedBy: 'operator-1',
  version: 1,
};

const render = (incident: IncidentState) =>
  renderCapAlert(
    { incident, regionName: 'Almaty' },
    { sender: 'alerts@emergency.gov.kz', senderName: 'Ministry for Emergency Situations' },
  );

describe('CAP <status> of an incident mode', () => {
  it('says Actual for a real incident, Exercise and Test for drills', () => {
    expect(capStatus('actual')).toBe('Actual');
    expect(capStatus('exercise')).toBe('Exercise');
    expect(capStatus('test')).toBe('Test');
  });

  it.each([
    ['exercise', 'Exercise'],
    ['test', 'Test'],
    ['actual', 'Actual'],
  ] as const)('renders a %s incident with <status>%s</status>', (mode, status) => {
    const xml = render({ ...drill, mode });
    expect(xml).toContain(`<status>${status}</status>`);
    expect(xml.match(/<status>/g)).toHaveLength(1);
  });
});
