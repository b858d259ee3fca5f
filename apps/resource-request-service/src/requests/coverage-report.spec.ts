import { buildCoverageReport, coverageCsv, csvCell, type CoverageLine } from './coverage-report';

const line = (overrides: Partial<CoverageLine>): CoverageLine => ({
  requestId: 'r1',
  itemCode: 'WASH-HYGIENE-KIT',
  itemName: 'Sanitary and hygiene kit',
  unit: 'kit',
  priority: 'high',
  scope: 'international',
  status: 'partially-delivered',
  region: 'KZ-AKT',
  neededBy: '2024-04-25',
  requested: 400,
  pledged: 300,
  delivered: 250,
  remaining: 100,
  ...overrides,
});

describe('coverage report', () => {
  const incident = { id: 'i1', reference: 'FL-2024-KZ-AKT-0007' };
  const now = new Date('2024-04-20T10:00:00Z');

  it('totals per item and unit, leaving cancelled requests out', () => {
    const report = buildCoverageReport(
      incident,
      [
        line({}),
        line({
          requestId: 'r2',
          region: 'KZ-ZAP',
          requested: 100,
          pledged: 100,
          delivered: 0,
          remaining: 0,
          status: 'pledged',
        }),
        line({
          requestId: 'r3',
          status: 'cancelled',
          requested: 999,
          pledged: 0,
          delivered: 0,
          remaining: 999,
        }),
        line({
          requestId: 'r4',
          itemCode: 'RESCUE-MOTOR-BOAT',
          itemName: 'Motor boat',
          unit: 'piece',
          requested: 6,
          pledged: 0,
          delivered: 0,
          remaining: 6,
          status: 'open',
        }),
      ],
      now,
    );
    expect(report.totals).toEqual([
      {
        itemCode: 'RESCUE-MOTOR-BOAT',
        itemName: 'Motor boat',
        unit: 'piece',
        requests: 1,
        requested: 6,
        pledged: 0,
        delivered: 0,
        remaining: 6,
      },
      {
        itemCode: 'WASH-HYGIENE-KIT',
        itemName: 'Sanitary and hygiene kit',
        unit: 'kit',
        requests: 2,
        requested: 500,
        pledged: 400,
        delivered: 250,
        remaining: 100,
      },
    ]);
    expect(report.requests).toHaveLength(4);
  });

  it('writes CSV with a header and one line per request', () => {
    const csv = coverageCsv(
      buildCoverageReport(incident, [line({ itemCode: null, itemName: 'Tents, "winter"' })], now),
    );
    expect(csv.split('\r\n')).toEqual([
      'requestId,itemCode,itemName,unit,priority,scope,status,region,neededBy,requested,pledged,delivered,remaining',
      'r1,,"Tents, ""winter""",kit,high,international,partially-delivered,KZ-AKT,2024-04-25,400,300,250,100',
      '',
    ]);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-5 kits')).toBe(`'-5 kits`);
    expect(csvCell(-5)).toBe('-5');
  });
});
