import { INCIDENT_STATUSES, type IncidentStatus } from '@relief/contracts';
import { DomainException } from '@relief/runtime';
import {
  canTransition,
  checkFigures,
  Incident,
  NO_FIGURES,
  timelineEntryOf,
  TRANSITIONS,
  type IncidentDescription,
  type IncidentFigures,
} from './incident';

const t0 = new Date('2024-04-02T06:00:00.000Z');
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

const description: IncidentDescription = {
  title: 'Spring flood, Aktobe region',
  description: 'Ice jam on the Ilek; low districts flooding.',
  hazard: 'FL',
  region: 'KZ-15',
  district: 'Kargaly district',
  settlement: null,
  location: { latitude: 50.28, longitude: 57.17, radiusKm: 15 },
  severity: 'Moderate',
  urgency: 'Immediate',
  certainty: 'Observed',
  occurredAt: new Date('2024-04-02T05:30:00.000Z'),
};

function filed(figures?: IncidentFigures): Incident {
  return Incident.file(
    { ...description, figures },
    { id: 'b5c1b7a4-3a57-4a8e-9d0c-4f1c8e1f2a01', reference: 'FL-2024-KZ-AKT-0001' },
    'operator-1',
    t0,
  ).incident;
}

/** An incident walked to `status` along allowed transitions. */
function inStatus(status: IncidentStatus): Incident {
  const paths: Record<IncidentStatus, IncidentStatus[]> = {
    reported: [],
    active: ['active'],
    contained: ['active', 'contained'],
    closed: ['active', 'contained', 'closed'],
    cancelled: ['cancelled'],
  };
  const incident = filed();
  paths[status].forEach((to, i) => incident.changeStatus(to, 'because', 'op', later(i + 1)));
  return incident;
}

function thrown(action: () => unknown): DomainException {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainException) return error;
    throw error;
  }
  throw new Error('expected a DomainException');
}

describe('Incident', () => {
  describe('filing', () => {
    it('starts reported at version 1, recording who filed it and when', () => {
      const { incident, events } = Incident.file(
        description,
        { id: 'id-1', reference: 'FL-2024-KZ-AKT-0001' },
        'operator-1',
        t0,
      );
      expect(incident.snapshot).toMatchObject({
        status: 'reported',
        version: 1,
        reportedBy: 'operator-1',
        reportedAt: t0,
        updatedBy: 'operator-1',
        figures: NO_FIGURES,
      });
      expect(events).toEqual([{ type: 'incident.reported' }]);
      expect(timelineEntryOf(incident.snapshot, events)).toEqual({
        kind: 'reported',
        text: `Reported: ${description.title}`,
      });
    });

    it('refuses an incident that occurs in the future (beyond clock skew)', () => {
      const error = thrown(() =>
        Incident.file(
          { ...description, occurredAt: later(60) },
          { id: 'x', reference: 'r' },
          'op',
          t0,
        ),
      );
      expect(error.kind).toBe('invalid');
      expect(error.details.fields).toEqual([expect.objectContaining({ field: 'occurredAt' })]);
      expect(() =>
        Incident.file(
          { ...description, occurredAt: later(1) },
          { id: 'x', reference: 'r' },
          'op',
          t0,
        ),
      ).not.toThrow();
    });
  });

  describe('figures', () => {
    const ok: IncidentFigures = {
      affected: 2300,
      evacuated: 2300,
      injured: 4,
      dead: 1,
      homesDamaged: 120,
    };

    it('accepts consistent figures, including evacuated equal to affected', () => {
      expect(() => checkFigures(ok)).not.toThrow();
      expect(() => checkFigures(NO_FIGURES)).not.toThrow();
    });

    it.each([
      ['negative', { ...ok, dead: -1 }, 'figures.dead'],
      ['fractional', { ...ok, injured: 1.5 }, 'figures.injured'],
      ['absurdly large', { ...ok, homesDamaged: 2_000_000_000 }, 'figures.homesDamaged'],
      ['evacuated above affected', { ...ok, evacuated: 2301 }, 'figures.evacuated'],
      [
        'injured above affected',
        { ...ok, affected: 3, evacuated: 0, injured: 4 },
        'figures.injured',
      ],
    ])('refuses %s figures, naming the field', (_case, figures, field) => {
      const error = thrown(() => checkFigures(figures));
      expect(error.kind).toBe('invalid');
      expect(error.code).toBe('impossible_figures');
      expect(error.details.fields?.map((f) => f.field)).toEqual([field]);
    });

    it('names every bad figure at once', () => {
      const error = thrown(() => checkFigures({ ...ok, affected: -1, dead: -2 }));
      expect(error.details.fields?.map((f) => f.field)).toEqual([
        'figures.affected',
        'figures.dead',
      ]);
    });

    it('does not count the dead among the affected (they are reported apart)', () => {
      expect(() => checkFigures({ ...NO_FIGURES, dead: 3 })).not.toThrow();
    });
  });

  describe('state machine', () => {
    const allowed: [IncidentStatus, IncidentStatus][] = [
      ['reported', 'active'],
      ['reported', 'cancelled'],
      ['active', 'contained'],
      ['active', 'cancelled'],
      ['contained', 'active'],
      ['contained', 'closed'],
    ];
    const every = INCIDENT_STATUSES.flatMap((from) =>
      INCIDENT_STATUSES.map((to) => [from, to] as [IncidentStatus, IncidentStatus]),
    );

    it('allows exactly the documented transitions', () => {
      const table = every.filter(([from, to]) => canTransition(from, to));
      expect(table).toEqual(allowed);
      expect(TRANSITIONS.closed).toEqual([]);
      expect(TRANSITIONS.cancelled).toEqual([]);
    });

    it.each(allowed)('moves %s → %s and bumps the version', (from, to) => {
      const incident = inStatus(from);
      const version = incident.snapshot.version;
      const result = incident.changeStatus(to, 'reason given', 'op-2', later(10));
      expect(incident.snapshot).toMatchObject({
        status: to,
        version: version + 1,
        updatedBy: 'op-2',
        statusReason: 'reason given',
      });
      const terminal = to === 'closed' || to === 'cancelled';
      expect(result).toEqual([
        {
          type: terminal ? 'incident.closed' : 'incident.status-changed',
          previousStatus: from,
          reason: 'reason given',
        },
      ]);
    });

    it.each(every.filter(([from, to]) => !canTransition(from, to)))(
      'refuses %s → %s with a 409 and leaves the incident as it was',
      (from, to) => {
        const incident = inStatus(from);
        const before = { ...incident.snapshot };
        const error = thrown(() => incident.changeStatus(to, 'x', 'op', later(10)));
        expect(error.kind).toBe('conflict');
        expect(error.code).toBe('invalid_transition');
        expect(incident.snapshot).toEqual(before);
      },
    );

    it('needs a reason to cancel (a false report must say why)', () => {
      const error = thrown(() => filed().changeStatus('cancelled', null, 'op', later(1)));
      expect(error.kind).toBe('invalid');
      expect(error.details.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
    });

    it('lets other transitions go without a reason', () => {
      const incident = filed();
      incident.changeStatus('active', null, 'op', later(1));
      expect(incident.snapshot.statusReason).toBeNull();
    });
  });

  describe('updates', () => {
    it('reports the descriptive fields that changed, and severity as its own change', () => {
      const incident = filed();
      const result = incident.update(
        { title: 'Major spring flood', severity: 'Severe', urgency: 'Immediate' },
        'op-2',
        later(5),
      );
      expect(result).toEqual([
        { type: 'incident.updated', changedFields: ['title'] },
        { type: 'incident.severity-changed', previousSeverity: 'Moderate' },
      ]);
      expect(timelineEntryOf(incident.snapshot, result)?.text).toBe(
        'Changed title; severity Moderate → Severe',
      );
      expect(incident.snapshot).toMatchObject({
        title: 'Major spring flood',
        severity: 'Severe',
        version: 2,
        updatedBy: 'op-2',
        updatedAt: later(5),
      });
    });

    it('sends only a severity change when only severity changed', () => {
      const result = filed().update({ severity: 'Extreme' }, 'op', later(1));
      expect(result).toEqual([{ type: 'incident.severity-changed', previousSeverity: 'Moderate' }]);
    });

    it('treats values equal to the current ones as no change (no version bump, no event)', () => {
      const incident = filed();
      const result = incident.update(
        {
          title: description.title,
          location: { ...description.location! },
          occurredAt: new Date(description.occurredAt.getTime()),
        },
        'op',
        later(1),
      );
      expect(result).toEqual([]);
      expect(incident.snapshot.version).toBe(1);
    });

    it('clears optional fields with null', () => {
      const incident = filed();
      const result = incident.update({ location: null, district: null }, 'op', later(1));
      expect(result).toEqual([
        { type: 'incident.updated', changedFields: ['district', 'location'] },
      ]);
      expect(incident.snapshot.location).toBeNull();
    });

    it.each(['closed', 'cancelled'] as const)('refuses to change a %s incident', (status) => {
      const error = thrown(() => inStatus(status).update({ title: 'late' }, 'op', later(20)));
      expect(error.kind).toBe('conflict');
      expect(error.code).toBe('incident_final');
    });
  });

  describe('situation updates', () => {
    it('merges the given figures with the current ones and keeps the previous for the event', () => {
      const incident = filed({
        affected: 100,
        evacuated: 50,
        injured: 0,
        dead: 0,
        homesDamaged: 10,
      });
      const result = incident.addSituationUpdate(
        'Second dam breach; evacuation continues.',
        { affected: 2300, evacuated: 2100 },
        'op-3',
        later(30),
      );
      expect(incident.snapshot.figures).toEqual({
        affected: 2300,
        evacuated: 2100,
        injured: 0,
        dead: 0,
        homesDamaged: 10,
      });
      expect(result).toEqual([
        {
          type: 'incident.situation-updated',
          previousFigures: { affected: 100, evacuated: 50, injured: 0, dead: 0, homesDamaged: 10 },
          summary: 'Second dam breach; evacuation continues.',
        },
      ]);
      expect(timelineEntryOf(incident.snapshot, result)).toEqual({
        kind: 'situation-update',
        text: 'Second dam breach; evacuation continues.',
      });
      expect(incident.snapshot.version).toBe(2);
    });

    it('refuses figures that would become impossible together with the current ones', () => {
      const incident = filed({
        affected: 100,
        evacuated: 50,
        injured: 0,
        dead: 0,
        homesDamaged: 0,
      });
      const error = thrown(() =>
        incident.addSituationUpdate('x', { affected: 40 }, 'op', later(1)),
      );
      expect(error.details.fields?.map((f) => f.field)).toEqual(['figures.evacuated']);
      expect(incident.snapshot.figures.affected).toBe(100);
      expect(incident.snapshot.version).toBe(1);
    });

    it('refuses situation updates on a closed incident', () => {
      expect(
        thrown(() => inStatus('closed').addSituationUpdate('x', {}, 'op', later(9))).code,
      ).toBe('incident_final');
    });
  });

  describe('optimistic concurrency', () => {
    it('accepts the current version and refuses any other with kind stale (412)', () => {
      const incident = filed();
      incident.update({ title: 'v2' }, 'op', later(1));
      expect(() => incident.assertVersion(2)).not.toThrow();
      const error = thrown(() => incident.assertVersion(1));
      expect(error.kind).toBe('stale');
      expect(error.message).toMatch(/version 1.*version 2/);
    });
  });
});

describe('Incident mode (exercise and test)', () => {
  const fileAs = (mode?: 'actual' | 'exercise' | 'test') =>
    Incident.file(
      { ...description, mode },
      { id: 'b5c1b7a4-3a57-4a8e-9d0c-4f1c8e1f2a02', reference: 'EQ-2024-KZ-ALA-0001' },
      'operator-1',
      t0,
    ).incident;

  it('is actual when filing does not say, and kept as filed otherwise', () => {
    expect(fileAs().snapshot.mode).toBe('actual');
    expect(fileAs('exercise').snapshot.mode).toBe('exercise');
    expect(fileAs('test').snapshot.mode).toBe('test');
  });

  it.each(['actual', 'exercise', 'test'] as const)(
    'refuses any correction of the mode (to %s) with 422 incident_mode_immutable, changing nothing',
    (to) => {
      const incident = fileAs('exercise');
      const error = thrown(() => incident.update({ mode: to, title: 'Real now' }, 'op', later(1)));
      expect(error.kind).toBe('unprocessable');
      expect(error.code).toBe('incident_mode_immutable');
      expect(incident.snapshot).toMatchObject({ mode: 'exercise', version: 1 });
      expect(incident.snapshot.title).toBe(description.title);
    },
  );

  it('stays a drill through every other write', () => {
    const incident = fileAs('exercise');
    incident.update({ severity: 'Extreme' }, 'op', later(1));
    incident.changeStatus('active', null, 'op', later(2));
    incident.addSituationUpdate('drill wave 2', { affected: 10 }, 'op', later(3));
    incident.changeStatus('contained', null, 'op', later(4));
    incident.changeStatus('closed', null, 'op', later(5));
    expect(incident.snapshot.mode).toBe('exercise');
  });
});
