import { parse } from 'csv-parse/sync';
import { hxlHead, hxlRows, hxlTagProblem } from '@relief/runtime';
import { requestColumns, requestConditions, type RequestExportRow } from './request-export';

const kits: RequestExportRow = {
  id: '0b6f4a62-41a1-4c2e-9d55-8f3f0b1c7a10',
  incidentReference: 'FL-2026-KZ-AKT-0001',
  mode: 'actual',
  region: 'KZ-15',
  itemCode: 'WASH-HYGIENE-KIT',
  itemName: 'Sanitary and hygiene kit',
  unit: 'kit',
  quantity: 400,
  pledged: 250,
  delivered: 100,
  status: 'partially-delivered',
  priority: 'high',
  scope: 'international',
  neededBy: '2026-04-20',
  raisedAt: new Date('2026-04-02T10:15:00.000Z'),
  updatedAt: new Date('2026-04-05T08:00:00.000Z'),
};

/** The file as a list of { header: value } objects, and its two head rows. */
function read(rows: RequestExportRow[], options = { lang: 'en' as const, includeDrills: false }) {
  const columns = requestColumns(options);
  const [headers, tags, ...data] = parse(hxlHead(columns) + hxlRows(columns, rows));
  const records = data.map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i]])));
  return { headers, tags, records };
}

describe('requests.hxl.csv rows', () => {
  it('has a header row and a row of valid HXL 1.1 tags, one per column, none twice', () => {
    const { headers, tags } = read([]);
    expect(tags).toHaveLength(headers.length);
    for (const tag of tags) expect(hxlTagProblem(tag)).toBeUndefined();
    expect(new Set(tags).size).toBe(tags.length);
    expect(tags).toEqual(
      expect.arrayContaining(['#adm1 +name', '#adm1 +code', '#item +name', '#item +code']),
    );
  });

  it('writes each column of a request', () => {
    const { records } = read([kits]);
    expect(records).toEqual([
      {
        'Request ID': kits.id,
        Incident: 'FL-2026-KZ-AKT-0001',
        'Country code': 'KZ',
        Region: 'Aktobe Region',
        'Region code': 'KZ-15',
        Item: 'Sanitary and hygiene kit',
        'Item code': 'WASH-HYGIENE-KIT',
        Unit: 'kit',
        Requested: '400',
        Pledged: '250',
        Delivered: '100',
        Remaining: '150',
        Status: 'partially-delivered',
        Priority: 'high',
        'International assistance': 'yes',
        'Needed by': '2026-04-20',
        Raised: '2026-04-02T10:15:00.000Z',
        Updated: '2026-04-05T08:00:00.000Z',
      },
    ]);
  });

  it('writes a free item without a code, a domestic request as not open, remaining never below 0', () => {
    const free = {
      ...kits,
      itemCode: null,
      itemName: 'Mobile kitchen',
      scope: 'domestic' as const,
    };
    const [record] = read([{ ...free, quantity: 100, pledged: 100 }]).records;
    expect(record).toMatchObject({
      Item: 'Mobile kitchen',
      'Item code': '',
      'International assistance': 'no',
      Remaining: '0',
    });
  });

  it('names the region in Kazakh or Russian when asked, the code staying the same', () => {
    const kk = read([kits], { lang: 'kk' as never, includeDrills: false }).records[0];
    const ru = read([kits], { lang: 'ru' as never, includeDrills: false }).records[0];
    expect([kk.Region, kk['Region code']]).toEqual(['Ақтөбе облысы', 'KZ-15']);
    expect([ru.Region, ru['Region code']]).toEqual(['Актюбинская область', 'KZ-15']);
  });

  it('has a mode column (#event +mode) only when drills are included', () => {
    expect(read([]).tags).not.toContain('#event +mode');
    const drill = read([{ ...kits, mode: 'exercise' }], { lang: 'en', includeDrills: true });
    expect(drill.tags).toContain('#event +mode');
    expect(drill.records[0].Mode).toBe('exercise');
  });

  it('leaves drills out of the query unless asked for; filters by incident and region', () => {
    expect(requestConditions({ lang: 'en', includeDrills: false })).toEqual({
      where: [`r.mode = 'actual'`],
      params: [],
    });
    expect(requestConditions({ lang: 'en', includeDrills: true })).toEqual({
      where: ['TRUE'],
      params: [],
    });
    expect(
      requestConditions({ lang: 'en', includeDrills: false, incidentId: kits.id, region: 'KZ-15' }),
    ).toEqual({
      where: [`r.mode = 'actual'`, 'r.incident_id = $1::uuid', 'r.region = $2'],
      params: [kits.id, 'KZ-15'],
    });
  });
});
