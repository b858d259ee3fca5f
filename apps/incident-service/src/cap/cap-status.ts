import type { IncidentMode } from '@relief/contracts';

/** CAP 1.2 <status> of an incident's alert: a drill says so in every message it sends. */
export type CapStatus = 'Actual' | 'Exercise' | 'Test';

const CAP_STATUS: Record<IncidentMode, CapStatus> = {
  actual: 'Actual',
  exercise: 'Exercise',
  test: 'Test',
};

export function capStatus(mode: IncidentMode): CapStatus {
  return CAP_STATUS[mode];
}
