import { recipientCondition, type EventFacts } from './recipient-query';

const facts = (mode: EventFacts['mode']): EventFacts => ({
  type: 'incident.reported',
  region: 'KZ-75',
  hazard: 'EQ',
  severity: 'Extreme',
  partnerCode: null,
  mode,
  incidentId: null,
  itemCode: null,
});

describe('recipient condition: drills reach only who opted in', () => {
  it.each(['actual', 'exercise', 'test'] as const)(
    'passes the event mode (%s) to the one condition on receive_exercises',
    (mode) => {
      const { sql, params } = recipientCondition(facts(mode), 3);
      expect(sql).toContain("AND ($10::text = 'actual' OR s.receive_exercises)");
      expect(params[7]).toBe(mode);
    },
  );

  it('applies the opt-in to a partner own offer outcome too (outside the OR of paths)', () => {
    const { sql } = recipientCondition({ ...facts('exercise'), type: 'offer.accepted' }, 1);
    const optIn = sql.indexOf('s.receive_exercises');
    const paths = sql.indexOf('upper(s.organisation)');
    expect(optIn).toBeGreaterThan(0);
    expect(optIn).toBeLessThan(paths);
  });
});
