import type { IncidentState } from '../incidents/incident';
import type { CapSender } from './cap-alert';

/** The incident and sender the CAP specs render (cap-alert.spec.ts, cap-xsd.spec.ts). */
export const CAP_TEST_SENDER: CapSender = {
  sender: 'alerts@emergency.gov.kz',
  senderName: 'Ministry for Emergency Situations',
};

export const CAP_TEST_INCIDENT: IncidentState = {
  mode: 'actual',
  id: '0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c01',
  reference: 'FL-2024-KZ-AKT-0007',
  title: 'Spring flood on the Ilek river',
  description: 'Ice jam downstream of Aktobe; water rising in low districts.',
  hazard: 'FL',
  region: 'KZ-15',
  district: 'Kargaly district',
  settlement: 'Badamsha',
  location: { latitude: 50.2839, longitude: 57.166, radiusKm: 15 },
  severity: 'Severe',
  urgency: 'Immediate',
  certainty: 'Observed',
  status: 'reported',
  statusReason: null,
  figures: { affected: 2300, evacuated: 2300, injured: 4, dead: 0, homesDamaged: 120 },
  occurredAt: new Date('2024-04-02T05:30:00.000Z'),
  reportedAt: new Date('2024-04-02T06:00:00.000Z'),
  reportedBy: 'operator-1',
  updatedAt: new Date('2024-04-02T06:00:00.123Z'),
  updatedBy: 'operator-1',
  version: 1,
};
