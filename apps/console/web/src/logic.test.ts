import { describe, expect, it } from 'vitest';
import { ApiError, retryNotYet } from './api';
import { coverageBar } from './coverage';
import { queriesTouchedBy } from './live';
import { ACTIVE_STATUSES, worstByRegion, type ShadedIncident } from './map-shading';
import { problemMessage, type Problem } from './problems';
import { CITIES, TILES, project, tileBox } from './tile-grid';
import { REGION_CODES } from './vocabulary';
import { en } from './locales/en';
import { kk } from './locales/kk';

describe('coverage bar', () => {
  it('shows delivered, then pledged but not delivered, then remaining', () => {
    expect(coverageBar({ requested: 400, pledged: 400, delivered: 100, remaining: 0 })).toEqual({
      delivered: 25,
      pledgedNotDelivered: 75,
      remaining: 0,
    });
    expect(coverageBar({ requested: 30, pledged: 10, delivered: 0, remaining: 20 })).toEqual({
      delivered: 0,
      pledgedNotDelivered: 33.3,
      remaining: 66.7,
    });
  });

  it('never goes past 100 % nor below 0, and is empty for nothing requested', () => {
    const over = coverageBar({ requested: 10, pledged: 15, delivered: 12, remaining: 0 });
    expect(over.delivered + over.pledgedNotDelivered + over.remaining).toBe(100);
    expect(over.delivered).toBe(100);
    expect(coverageBar({ requested: 0, pledged: 0, delivered: 0, remaining: 0 })).toEqual({
      delivered: 0,
      pledgedNotDelivered: 0,
      remaining: 0,
    });
  });
});

describe('map shading', () => {
  const incident = (
    id: string,
    region: string,
    severity: ShadedIncident['severity'],
    status = 'active',
    reportedAt = '2024-04-01T00:00:00Z',
  ): ShadedIncident => ({
    id,
    region,
    severity,
    status,
    reportedAt,
  });

  it('shades a region by its worst active incident', () => {
    const worst = worstByRegion([
      incident('a', 'KZ-15', 'Moderate'),
      incident('b', 'KZ-15', 'Extreme'),
      incident('c', 'KZ-15', 'Severe'),
      incident('d', 'KZ-27', 'Minor'),
    ]);
    expect(worst.get('KZ-15')?.id).toBe('b');
    expect(worst.get('KZ-27')?.id).toBe('d');
    expect(worst.has('KZ-23')).toBe(false);
  });

  it('ignores closed and cancelled incidents, however severe', () => {
    const worst = worstByRegion([
      incident('closed', 'KZ-15', 'Extreme', 'closed'),
      incident('cancelled', 'KZ-15', 'Extreme', 'cancelled'),
      incident('contained', 'KZ-15', 'Minor', 'contained'),
    ]);
    expect(worst.get('KZ-15')?.id).toBe('contained');
    expect(ACTIVE_STATUSES).toEqual(['reported', 'active', 'contained']);
  });

  it('prefers the newer of two equally severe incidents', () => {
    const worst = worstByRegion([
      incident('old', 'KZ-15', 'Severe', 'active', '2024-04-01T00:00:00Z'),
      incident('new', 'KZ-15', 'Severe', 'active', '2024-04-03T00:00:00Z'),
    ]);
    expect(worst.get('KZ-15')?.id).toBe('new');
  });
});

describe('schematic tile grid', () => {
  it('has one tile or city for every region of the vocabulary, once', () => {
    const placed = [...TILES.map((t) => t.code), ...CITIES.map((c) => c.code)];
    expect(placed.sort()).toEqual([...REGION_CODES].sort());
  });

  it('lets no two tiles overlap', () => {
    const cells = new Set<string>();
    for (const tile of TILES) {
      for (let c = tile.column; c < tile.column + tile.width; c++) {
        for (let r = tile.row; r < tile.row + tile.height; r++) {
          const cell = `${c},${r}`;
          expect(cells.has(cell), `${tile.code} at ${cell}`).toBe(false);
          cells.add(cell);
        }
      }
    }
  });

  it('puts the city of Aktobe (the Ilek flood) inside the Aktobe tile', () => {
    const { x, y } = project(50.28, 57.17);
    const aktobe = TILES.find((t) => t.code === 'KZ-15');
    if (!aktobe) throw new Error('no Aktobe tile');
    const box = tileBox(aktobe);
    expect(x).toBeGreaterThan(box.x);
    expect(x).toBeLessThan(box.x + box.width);
    expect(y).toBeGreaterThan(box.y);
    expect(y).toBeLessThan(box.y + box.height);
  });
});

describe('problem messages', () => {
  const lookup = (messages: typeof en) => {
    const get = (key: string): string | undefined =>
      key
        .split('.')
        .reduce<unknown>(
          (node, part) => (node as Record<string, unknown> | undefined)?.[part],
          messages,
        ) as string | undefined;
    return {
      t: (key: string, options?: Record<string, unknown>) =>
        (get(key) ?? key).replace(/\{\{(\w+)\}\}/g, (_m, name: string) =>
          String((options?.[name] as string | number | undefined) ?? ''),
        ),
      has: (key: string) => typeof get(key) === 'string',
    };
  };
  const problem = (code: string, detail = 'the API said so'): Problem => ({
    status: 409,
    code,
    detail,
  });

  it('maps a known code to the message in the user’s language', () => {
    const { t, has } = lookup(kk);
    expect(problemMessage(problem('request_domestic_only'), t, has)).toBe(
      kk.problem.request_domestic_only,
    );
    const english = lookup(en);
    expect(problemMessage(problem('stale_version'), english.t, english.has)).toBe(
      en.problem.stale_version,
    );
  });

  it('shows the API’s detail for an unknown code, the status when there is none', () => {
    const { t, has } = lookup(en);
    expect(problemMessage(problem('some_new_code', 'Something new went wrong'), t, has)).toBe(
      'Something new went wrong',
    );
    expect(problemMessage({ status: 502, code: '', detail: '' }, t, has)).toBe(
      'The request was refused (502).',
    );
  });

  it('has a message for the refusals of the flood story', () => {
    for (const code of [
      'request_domestic_only',
      'quantity_exceeds_remaining',
      'stale_version',
      'if_match_required',
      'incident_unknown',
      'acceptance_not_confirmed',
      'validation_failed',
    ]) {
      expect(en.problem, code).toHaveProperty(code);
    }
  });
});

describe('live updates', () => {
  it('a new offer refreshes the inbox and the board; an incident change the map', () => {
    expect(queriesTouchedBy({ type: 'offer.published', aggregateId: 'o1' })).toContainEqual([
      'offers',
    ]);
    expect(queriesTouchedBy({ type: 'offer.accepted', aggregateId: 'o1' })).toContainEqual([
      'board-requests',
    ]);
    expect(queriesTouchedBy({ type: 'incident.severity-changed', aggregateId: 'i1' })).toEqual([
      ['incidents'],
      ['incident', 'i1'],
      ['timeline', 'i1'],
      ['audit', 'i1'],
    ]);
    expect(queriesTouchedBy({ type: 'request.scope-changed', aggregateId: 'r1' })).toContainEqual([
      'requests',
    ]);
  });
});

describe('not yet', () => {
  it('retries a refusal that waits for an event, not one that is final', () => {
    const notYet = new ApiError({ status: 422, code: 'incident_unknown', detail: '' });
    expect(retryNotYet(0, notYet)).toBe(true);
    expect(retryNotYet(15, notYet)).toBe(false);
    expect(
      retryNotYet(0, new ApiError({ status: 403, code: 'request_domestic_only', detail: '' })),
    ).toBe(false);
    expect(retryNotYet(0, new Error('network'))).toBe(false);
  });
});
