import { parse } from 'csv-parse/sync';
import { hxlHead, hxlRows, hxlTagProblem } from '@relief/runtime';
import {
  exportedPartnerOf,
  offerColumns,
  offerConditions,
  type OfferExportFilter,
  type OfferExportRow,
} from './offer-export';

const offer: OfferExportRow = {
  id: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
  incidentReference: 'FL-2026-KZ-AKT-0001',
  mode: 'actual',
  requestId: '0b6f4a62-41a1-4c2e-9d55-8f3f0b1c7a10',
  partnerCode: 'RCS-KZ',
  partnerName: 'Қазақстан Қызыл Жарты Ай қоғамы',
  partnerKind: 'red-cross-red-crescent',
  region: 'KZ-15',
  itemCode: 'WASH-HYGIENE-KIT',
  itemName: 'Sanitary and hygiene kit',
  unit: 'kit',
  itemVersion: 2,
  quantity: 300,
  acceptedQuantity: 250,
  deliveredQuantity: null,
  status: 'accepted',
  expectedDeliveryDate: '2026-04-12',
  publishedAt: new Date('2026-04-03T09:00:00.000Z'),
  updatedAt: new Date('2026-04-04T09:30:00.000Z'),
};
const en: OfferExportFilter = { lang: 'en', includeDrills: false };

function read(rows: OfferExportRow[], filter = en) {
  const columns = offerColumns(filter);
  const [headers, tags, ...data] = parse(hxlHead(columns) + hxlRows(columns, rows));
  return {
    tags,
    records: data.map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i]]))),
  };
}

describe('offers.hxl.csv rows', () => {
  it('has a row of valid HXL 1.1 tags, one per column, none twice', () => {
    const { tags } = read([]);
    for (const tag of tags) expect(hxlTagProblem(tag)).toBeUndefined();
    expect(new Set(tags).size).toBe(tags.length);
    expect(tags.slice(0, 6)).toEqual([
      '#meta +id',
      '#event +code',
      '#x_request +id',
      '#org +name',
      '#org +code',
      '#org +type',
    ]);
  });

  it('writes each column of an offer, UTF-8 names as they are', () => {
    expect(read([offer]).records).toEqual([
      {
        'Offer ID': offer.id,
        Incident: 'FL-2026-KZ-AKT-0001',
        'Request ID': offer.requestId,
        Organisation: 'Қазақстан Қызыл Жарты Ай қоғамы',
        'Organisation code': 'RCS-KZ',
        'Organisation type': 'red-cross-red-crescent',
        'Country code': 'KZ',
        Region: 'Aktobe Region',
        'Region code': 'KZ-15',
        Item: 'Sanitary and hygiene kit',
        'Item code': 'WASH-HYGIENE-KIT',
        Unit: 'kit',
        'Item version': '2',
        Offered: '300',
        Accepted: '250',
        Delivered: '',
        Status: 'accepted',
        'Expected delivery': '2026-04-12',
        Published: '2026-04-03T09:00:00.000Z',
        Updated: '2026-04-04T09:30:00.000Z',
      },
    ]);
  });

  it('names the region in the language asked for; an unsolicited offer has no request', () => {
    const [record] = read([{ ...offer, requestId: null }], { ...en, lang: 'ru' }).records;
    expect(record).toMatchObject({ Region: 'Актюбинская область', 'Request ID': '' });
  });

  it('has a mode column only with drills, and leaves drills out of the query by default', () => {
    expect(read([]).tags).not.toContain('#event +mode');
    const drills = read([{ ...offer, mode: 'test' }], { ...en, includeDrills: true });
    expect(drills.records[0].Mode).toBe('test');
    expect(offerConditions(en).where).toEqual([`o.mode = 'actual'`]);
    expect(offerConditions({ ...en, includeDrills: true }).where).toEqual(['TRUE']);
    expect(
      offerConditions({ ...en, incidentId: offer.id, region: 'KZ-15', partnerCode: 'UNICEF' }),
    ).toEqual({
      where: [
        `o.mode = 'actual'`,
        'o.incident_id = $1::uuid',
        'COALESCE(rv.region, iv.region) = $2',
        'o.partner_code = $3',
      ],
      params: [offer.id, 'KZ-15', 'UNICEF'],
    });
  });

  it("exports every partner's offers to the ministry, an agency's own only, and refuses anyone else", () => {
    expect(exportedPartnerOf({ sub: 'a', roles: ['operator'] })).toBeUndefined();
    expect(exportedPartnerOf({ sub: 'a', roles: ['admin'] })).toBeUndefined();
    expect(exportedPartnerOf({ sub: 'a', roles: ['agency'], org: 'unicef' })).toBe('UNICEF');
    for (const user of [
      { sub: 'a', roles: ['agency' as const] },
      { sub: 'a', roles: [] },
    ]) {
      expect(() => exportedPartnerOf(user)).toThrow(
        expect.objectContaining({ kind: 'forbidden', code: 'organisation_required' }),
      );
    }
  });
});
