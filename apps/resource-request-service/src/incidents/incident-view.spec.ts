import { EVENT_EXAMPLES } from '@relief/contracts';
import { RequestException } from '../requests/request.exception';
import { applyIncidentSnapshot, assertAcceptsRequests } from './incident-view';

const snapshot = EVENT_EXAMPLES['incident.reported'];
const t0 = new Date('2024-04-02T06:00:00Z');
const t1 = new Date('2024-04-03T06:00:00Z');

describe('incident read model', () => {
  it('takes the newest snapshot and ignores older ones', () => {
    const view = applyIncidentSnapshot(undefined, snapshot, t1)!;
    expect(view).toMatchObject({ reference: 'FL-2024-KZ-AKT-0007', status: 'reported' });
    expect(applyIncidentSnapshot(view, { ...snapshot, title: 'older' }, t0)).toBeUndefined();
  });

  it('keeps a closed incident closed', () => {
    const closed = applyIncidentSnapshot(undefined, { ...snapshot, status: 'closed' }, t0)!;
    expect(applyIncidentSnapshot(closed, { ...snapshot, status: 'active' }, t1)?.status).toBe(
      'closed',
    );
  });

  it('refuses requests for unknown or closed incidents, the former with a retry hint', () => {
    try {
      assertAcceptsRequests(undefined, 'x');
      fail('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(RequestException);
      expect((error as RequestException).kind).toBe('unprocessable');
      expect((error as RequestException).details.retryAfterSeconds).toBe(5);
    }
    expect(() => assertAcceptsRequests({ status: 'cancelled', reference: 'R' }, 'x')).toThrow(
      /cancelled/,
    );
    expect(() => assertAcceptsRequests({ status: 'active', reference: 'R' }, 'x')).not.toThrow();
  });
});
