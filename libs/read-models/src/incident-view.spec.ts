import { EVENT_EXAMPLES, type IncidentSnapshotV1 } from '@relief/contracts';
import { isEnded, isNewerSnapshot, nextIncidentView, type IncidentView } from './incident-view';

const base = EVENT_EXAMPLES['incident.reported'];
const event = (at: string, payload: Partial<IncidentSnapshotV1>) => ({
  occurredAt: at,
  payload: { ...base, ...payload },
});
const t1 = '2024-04-02T06:00:00.000Z';
const t2 = '2024-04-02T07:00:00.000Z';

/** Applies events in the order given, as a read model would. */
function replay(events: ReturnType<typeof event>[]): IncidentView | undefined {
  return events.reduce<IncidentView | undefined>(
    (view, e) => nextIncidentView(view, e) ?? view,
    undefined,
  );
}

describe('incident read model', () => {
  it('takes the first snapshot whole', () => {
    expect(nextIncidentView(undefined, event(t1, { revision: 1 }))).toEqual({
      id: base.incidentId,
      reference: base.reference,
      title: base.title,
      hazard: base.hazard,
      region: base.region,
      severity: base.severity,
      status: 'reported',
      mode: 'actual',
      revision: 1,
      lastEventAt: new Date(t1),
    });
  });

  it('applies only a newer revision, whatever the envelope times say', () => {
    const v2 = nextIncidentView(undefined, event(t1, { revision: 2, severity: 'Extreme' }))!;
    expect(nextIncidentView(v2, event(t2, { revision: 1, severity: 'Minor' }))).toBeUndefined();
    expect(nextIncidentView(v2, event(t1, { revision: 3, region: 'KZ-27' }))).toMatchObject({
      revision: 3,
      region: 'KZ-27',
    });
  });

  it('is a no-op for a replayed event', () => {
    const view = nextIncidentView(undefined, event(t1, { revision: 2 }))!;
    expect(nextIncidentView(view, event(t1, { revision: 2 }))).toBeUndefined();
  });

  it('orders events of one revision, and those without one, by the envelope time', () => {
    const first = nextIncidentView(undefined, event(t1, { revision: 2 }))!;
    expect(nextIncidentView(first, event(t2, { revision: 2 }))?.lastEventAt).toEqual(new Date(t2));
    const legacy = nextIncidentView(undefined, event(t2, { revision: undefined }))!;
    expect(legacy.revision).toBe(0);
    expect(nextIncidentView(legacy, event(t1, { revision: null }))).toBeUndefined();
    expect(nextIncidentView(legacy, event(t1, { revision: 1 }))?.revision).toBe(1);
  });

  it.each(['closed', 'cancelled'] as const)(
    'keeps a %s incident ended; its other fields still follow newer snapshots',
    (ended) => {
      const view = nextIncidentView(undefined, event(t1, { revision: 4, status: ended }))!;
      expect(
        nextIncidentView(view, event(t2, { revision: 5, status: 'active', title: 'renamed' })),
      ).toMatchObject({ status: ended, title: 'renamed', revision: 5 });
    },
  );

  it('counts a row stored without a status as not ended', () => {
    const stored = { status: null, revision: 0, lastEventAt: new Date(t1) };
    expect(nextIncidentView(stored, event(t2, { revision: 1 }))?.status).toBe('reported');
    expect(isEnded(null)).toBe(false);
  });

  it('ends in the same view whatever the order and the replays', () => {
    const events = [
      event(t1, { revision: 1, status: 'reported', severity: 'Moderate' }),
      event(t1, { revision: 2, status: 'active', severity: 'Severe' }),
      event(t2, { revision: 3, status: 'closed', severity: 'Extreme' }),
    ];
    const inOrder = replay(events);
    expect(inOrder).toMatchObject({ status: 'closed', severity: 'Extreme', revision: 3 });
    expect(replay([events[2], events[0], events[1], events[2], events[0]])).toEqual(inOrder);
    expect(replay([events[1], events[2], events[1], events[0]])).toEqual(inOrder);
  });

  it('compares by revision first', () => {
    const stored = { revision: 2, lastEventAt: new Date(t2) };
    expect(isNewerSnapshot(stored, 3, new Date(t1))).toBe(true);
    expect(isNewerSnapshot(stored, 1, new Date(t2))).toBe(false);
    expect(isNewerSnapshot(stored, 2, new Date(t2))).toBe(false);
  });
});
