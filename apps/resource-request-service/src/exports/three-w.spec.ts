import { parse } from 'csv-parse/sync';
import { hxlHead, hxlRows, hxlTagProblem } from '@relief/runtime';
import {
  partnersVisibleTo,
  ThreeWTable,
  threeWColumns,
  type ThreeWPledge,
  type ThreeWRequest,
  type ThreeWRow,
} from './three-w';

const ministry = { code: 'MES-KZ', name: 'Ministry for Emergency Situations' };
const everyone = () => true;

let n = 0;
function request(overrides: Partial<ThreeWRequest> = {}): ThreeWRequest {
  n += 1;
  return {
    id: `r${n}`,
    mode: 'actual',
    region: 'KZ-15',
    itemKey: 'WASH-HYGIENE-KIT',
    itemCode: 'WASH-HYGIENE-KIT',
    itemName: 'Sanitary and hygiene kit',
    unit: 'kit',
    quantity: 400,
    status: 'open',
    ...overrides,
  };
}
function pledge(r: ThreeWRequest, partnerCode: string, overrides: Partial<ThreeWPledge> = {}) {
  n += 1;
  return {
    offerId: `o${n}`,
    requestId: r.id,
    partnerCode,
    partnerName: partnerCode === 'UNICEF' ? 'UNICEF' : 'Red Crescent Society of Kazakhstan',
    state: 'pledged',
    quantity: 100,
    deliveredQuantity: 0,
    ...overrides,
  } satisfies ThreeWPledge;
}

/** Every row, as the table writes them when fed `pages` one after the other. */
function build(
  pages: [ThreeWRequest[], ThreeWPledge[]][],
  shows: (code: string) => boolean = everyone,
): ThreeWRow[] {
  const table = new ThreeWTable(ministry, shows);
  return [...pages.flatMap(([requests, pledges]) => table.add(requests, pledges)), ...table.end()];
}

const summary = (rows: ThreeWRow[]) =>
  rows.map((r) => [r.orgCode, r.region, r.itemName, r.requested, r.pledged, r.delivered]);
const sum = (rows: ThreeWRow[], column: 'requested' | 'pledged' | 'delivered') =>
  rows.reduce((total, r) => total + (r[column] ?? 0), 0);

describe('3W table (organisation × region × item)', () => {
  it('gives the ministry a row of what it requested, and each partner one of what it pledged and delivered', () => {
    const kits = request();
    const more = request({ quantity: 100 });
    const rows = build([
      [
        [kits, more],
        [
          pledge(kits, 'UNICEF', { quantity: 250 }),
          pledge(kits, 'RCS-KZ', { state: 'delivered', quantity: 150, deliveredQuantity: 120 }),
          pledge(more, 'UNICEF', { state: 'dispatched', quantity: 50 }),
        ],
      ],
    ]);
    expect(summary(rows)).toEqual([
      ['MES-KZ', 'KZ-15', 'Sanitary and hygiene kit', 500, null, null],
      ['RCS-KZ', 'KZ-15', 'Sanitary and hygiene kit', null, 120, 120],
      ['UNICEF', 'KZ-15', 'Sanitary and hygiene kit', null, 300, 0],
    ]);
    expect(rows[1].orgName).toBe('Red Crescent Society of Kazakhstan');
  });

  it('never counts a quantity twice: each column sums to the requests’ own totals', () => {
    const a = request({ quantity: 400 });
    const b = request({
      quantity: 30,
      itemKey: 'WASH-PUMP',
      itemCode: 'WASH-PUMP',
      itemName: 'Water pump',
      unit: 'piece',
    });
    const pledges = [
      pledge(a, 'UNICEF', { quantity: 250 }),
      pledge(a, 'RCS-KZ', { quantity: 150, state: 'delivered', deliveredQuantity: 150 }),
      pledge(b, 'RCS-KZ', { quantity: 10 }),
    ];
    const rows = build([[[a, b], pledges]]);
    expect(sum(rows, 'requested')).toBe(430);
    expect(sum(rows, 'pledged')).toBe(410);
    expect(sum(rows, 'delivered')).toBe(150);
    // The ministry's rows carry no pledges, the partners' no requests.
    expect(rows.filter((r) => r.orgCode === 'MES-KZ').every((r) => r.pledged === null)).toBe(true);
    expect(rows.filter((r) => r.orgCode !== 'MES-KZ').every((r) => r.requested === null)).toBe(
      true,
    );
  });

  it('counts no withdrawn or rejected pledge, and leaves out a partner with nothing counted', () => {
    const kits = request();
    const rows = build([
      [
        [kits],
        [
          pledge(kits, 'UNICEF', { state: 'released' }),
          pledge(kits, 'UNICEF', { state: 'rejected' }),
          pledge(kits, 'RCS-KZ', { quantity: 40 }),
        ],
      ],
    ]);
    expect(summary(rows)).toEqual([
      ['MES-KZ', 'KZ-15', 'Sanitary and hygiene kit', 400, null, null],
      ['RCS-KZ', 'KZ-15', 'Sanitary and hygiene kit', null, 40, 0],
    ]);
  });

  it("leaves a cancelled request's need out, but keeps what was delivered against it", () => {
    const cancelled = request({ status: 'cancelled' });
    const rows = build([
      [[cancelled], [pledge(cancelled, 'UNICEF', { state: 'delivered', deliveredQuantity: 80 })]],
    ]);
    expect(summary(rows)).toEqual([
      ['MES-KZ', 'KZ-15', 'Sanitary and hygiene kit', 0, null, null],
      ['UNICEF', 'KZ-15', 'Sanitary and hygiene kit', null, 80, 80],
    ]);
  });

  it('keeps regions and items apart, free items by name in any case, and a group split over pages whole', () => {
    const aktobe = request({ quantity: 10 });
    const aktobe2 = request({ quantity: 5 });
    const kitchen = request({
      itemKey: 'free:mobile kitchen',
      itemCode: null,
      itemName: 'Mobile kitchen',
      unit: 'set',
      quantity: 2,
    });
    const kitchen2 = request({
      itemKey: 'free:mobile kitchen',
      itemCode: null,
      itemName: 'MOBILE KITCHEN',
      unit: 'set',
      quantity: 1,
    });
    const wko = request({ region: 'KZ-27', quantity: 7 });
    const rows = build([
      [[aktobe], [pledge(aktobe, 'UNICEF', { quantity: 10 })]],
      [[aktobe2, kitchen], [pledge(aktobe2, 'UNICEF', { quantity: 5 })]],
      [[kitchen2, wko], []],
    ]);
    expect(summary(rows)).toEqual([
      ['MES-KZ', 'KZ-15', 'Sanitary and hygiene kit', 15, null, null],
      ['UNICEF', 'KZ-15', 'Sanitary and hygiene kit', null, 15, 0],
      ['MES-KZ', 'KZ-15', 'Mobile kitchen', 3, null, null],
      ['MES-KZ', 'KZ-27', 'Sanitary and hygiene kit', 7, null, null],
    ]);
  });

  it('writes a finished group as soon as the next one starts, the last one at the end', () => {
    const table = new ThreeWTable(ministry, everyone);
    expect(table.add([request()], [])).toEqual([]);
    expect(summary(table.add([request({ region: 'KZ-27' })], []))).toEqual([
      ['MES-KZ', 'KZ-15', 'Sanitary and hygiene kit', 400, null, null],
    ]);
    expect(summary(table.end())).toEqual([
      ['MES-KZ', 'KZ-27', 'Sanitary and hygiene kit', 400, null, null],
    ]);
    expect(table.end()).toEqual([]);
  });

  it("shows an agency the ministry's rows and its own, not another partner's", () => {
    const kits = request();
    const rows = build(
      [
        [
          [kits],
          [pledge(kits, 'UNICEF', { quantity: 250 }), pledge(kits, 'RCS-KZ', { quantity: 150 })],
        ],
      ],
      (code) => code === 'UNICEF',
    );
    expect(rows.map((r) => r.orgCode)).toEqual(['MES-KZ', 'UNICEF']);
  });

  it('says the mode of a group: one mode, or mixed when drills and real requests share it', () => {
    expect(build([[[request({ mode: 'exercise' })], []]])[0].mode).toBe('exercise');
    expect(build([[[request(), request({ mode: 'test' })], []]])[0].mode).toBe('mixed');
  });

  it('writes valid HXL tags, a report date on every row, and a mode column only with drills', () => {
    const reportedAt = new Date('2026-04-10T12:00:00.000Z');
    const columns = threeWColumns({ lang: 'ru', includeDrills: false }, reportedAt);
    const kits = request();
    const rows = build([[[kits], [pledge(kits, 'UNICEF', { quantity: 250 })]]]);
    const [headers, tags, ...data] = parse(hxlHead(columns) + hxlRows(columns, rows));
    for (const tag of tags) expect(hxlTagProblem(tag)).toBeUndefined();
    expect(tags).toEqual([
      '#org +name',
      '#org +code',
      '#country +code',
      '#adm1 +name',
      '#adm1 +code',
      '#item +name',
      '#item +code',
      '#item +unit',
      '#indicator +num +requested',
      '#indicator +num +pledged',
      '#indicator +num +delivered',
      '#date +reported',
    ]);
    expect(headers[0]).toBe('Organisation');
    expect(data).toEqual([
      [
        'Ministry for Emergency Situations',
        'MES-KZ',
        'KZ',
        'Актюбинская область',
        'KZ-15',
        'Sanitary and hygiene kit',
        'WASH-HYGIENE-KIT',
        'kit',
        '400',
        '',
        '',
        '2026-04-10T12:00:00.000Z',
      ],
      [
        'UNICEF',
        'UNICEF',
        'KZ',
        'Актюбинская область',
        'KZ-15',
        'Sanitary and hygiene kit',
        'WASH-HYGIENE-KIT',
        'kit',
        '',
        '250',
        '0',
        '2026-04-10T12:00:00.000Z',
      ],
    ]);
    const drills = threeWColumns({ lang: 'en', includeDrills: true }, reportedAt);
    expect(drills.map((c) => c.tag)).toContain('#event +mode');
  });

  describe('who sees which partners', () => {
    it('shows the ministry (operators, admins) every partner', () => {
      for (const roles of [['operator'], ['admin'], ['agency', 'operator']] as const) {
        const shows = partnersVisibleTo({ sub: 'x', roles: [...roles], org: 'unicef' });
        expect([shows('UNICEF'), shows('RCS-KZ')]).toEqual([true, true]);
      }
    });

    it('shows an agency its own partner only, its org in any case', () => {
      const shows = partnersVisibleTo({ sub: 'x', roles: ['agency'], org: ' rcs-kz ' });
      expect([shows('RCS-KZ'), shows('UNICEF')]).toEqual([true, false]);
    });

    it('fails closed for an agency without an organisation, or a caller with no known role', () => {
      for (const user of [
        { sub: 'x', roles: ['agency' as const] },
        { sub: 'x', roles: ['agency' as const], org: '  ' },
        { sub: 'x', roles: [] },
      ]) {
        expect(() => partnersVisibleTo(user)).toThrow(
          expect.objectContaining({ kind: 'forbidden', code: 'organisation_required' }),
        );
      }
    });
  });
});
