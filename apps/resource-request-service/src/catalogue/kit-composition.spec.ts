import { DomainException } from '@relief/runtime';
import {
  diffKitVersions,
  nextKitVersion,
  publishKitVersion,
  type KitEntry,
  type NewKitVersion,
} from './kit-composition';

const context = { by: 'op-aliya', now: new Date('2024-04-06T10:00:00.000Z') };
const soap: KitEntry = { itemCode: null, name: 'Soap, 100 g bar', quantity: 4, unit: 'piece' };
const towel: KitEntry = { itemCode: null, name: 'Towel', quantity: 2, unit: 'piece' };
const nappies: KitEntry = {
  itemCode: null,
  name: 'Disposable nappies',
  quantity: 30,
  unit: 'piece',
};

function input(contents: KitEntry[], extra: Partial<NewKitVersion> = {}): NewKitVersion {
  return { contents, note: null, citation: null, ...extra };
}

/** The field a failure names, and its code. */
function refusal(run: () => unknown): { code: string; field: string | undefined } {
  try {
    run();
  } catch (error) {
    if (!(error instanceof DomainException)) throw error;
    return { code: error.code, field: error.details.fields?.[0]?.field };
  }
  throw new Error('expected a refusal');
}

describe('publishKitVersion', () => {
  it('numbers the first composition 1 and each next one after the latest', () => {
    expect(nextKitVersion(null)).toBe(1);
    expect(nextKitVersion(1)).toBe(2);
    expect(publishKitVersion('WASH-HYGIENE-KIT', null, input([soap]), context).version).toBe(1);
    expect(publishKitVersion('WASH-HYGIENE-KIT', 4, input([soap]), context).version).toBe(5);
  });

  it('keeps the contents, the citation and who published it, trimmed', () => {
    const version = publishKitVersion(
      'WASH-HYGIENE-KIT',
      1,
      input([soap, { ...nappies, name: '  Disposable nappies ' }], {
        note: ' Nappies added ',
        citation: {
          feedbackCount: 37,
          incidentId: null,
          regionCode: 'KZ-15',
          category: 'missing-item',
          summary: ' 37 responses from Aktobe ',
        },
      }),
      context,
    );
    expect(version).toEqual({
      itemCode: 'WASH-HYGIENE-KIT',
      version: 2,
      contents: [soap, nappies],
      note: 'Nappies added',
      citation: {
        feedbackCount: 37,
        incidentId: null,
        regionCode: 'KZ-15',
        category: 'missing-item',
        summary: '37 responses from Aktobe',
      },
      publishedAt: context.now,
      publishedBy: 'op-aliya',
    });
  });

  it('refuses empty contents, a quantity of 0 or below, and the same entry twice', () => {
    const publish = (contents: KitEntry[]) => () =>
      publishKitVersion('WASH-HYGIENE-KIT', null, input(contents), context);
    expect(refusal(publish([]))).toEqual({ code: 'kit_empty', field: 'contents' });
    expect(refusal(publish([soap, { ...towel, quantity: 0 }]))).toEqual({
      code: 'invalid_kit_quantity',
      field: 'contents[1].quantity',
    });
    expect(refusal(publish([{ ...soap, quantity: -1 }]))).toEqual({
      code: 'invalid_kit_quantity',
      field: 'contents[0].quantity',
    });
    expect(
      refusal(publish([soap, towel, { ...soap, name: 'SOAP, 100 g bar', quantity: 1 }])),
    ).toEqual({
      code: 'kit_duplicate_entry',
      field: 'contents[2]',
    });
  });

  it('refuses a citation with a negative count or an unknown category', () => {
    const citation = {
      feedbackCount: 3,
      incidentId: null,
      regionCode: null,
      category: null,
      summary: 'three calls',
    };
    const publish = (extra: object) => () =>
      publishKitVersion(
        'WASH-HYGIENE-KIT',
        null,
        input([soap], { citation: { ...citation, ...extra } }),
        context,
      );
    expect(refusal(publish({ feedbackCount: -1 })).field).toBe('citation.feedbackCount');
    expect(refusal(publish({ category: 'taste' })).field).toBe('citation.category');
    expect(refusal(publish({ summary: '   ' })).field).toBe('citation.summary');
  });
});

describe('diffKitVersions', () => {
  const v1 = publishKitVersion('WASH-HYGIENE-KIT', null, input([soap, towel]), context);
  const v2 = publishKitVersion(
    'WASH-HYGIENE-KIT',
    1,
    input([{ ...soap, quantity: 6 }, nappies]),
    context,
  );

  it('lists what was added, removed and changed in quantity', () => {
    expect(diffKitVersions(v1, v2)).toEqual({
      itemCode: 'WASH-HYGIENE-KIT',
      from: 1,
      to: 2,
      added: [nappies],
      removed: [towel],
      changed: [{ itemCode: null, name: soap.name, unit: 'piece', from: 4, to: 6 }],
    });
  });

  it('is empty between a version and itself, and reversed the other way round', () => {
    expect(diffKitVersions(v1, v1)).toMatchObject({ added: [], removed: [], changed: [] });
    expect(diffKitVersions(v2, v1)).toMatchObject({
      from: 2,
      to: 1,
      added: [towel],
      removed: [nappies],
      changed: [{ from: 6, to: 4 }],
    });
  });

  it('matches entries by catalogue code, and shows a unit change as removed and added', () => {
    const coded: KitEntry = {
      itemCode: 'NFI-BLANKET',
      name: 'Blanket',
      quantity: 1,
      unit: 'piece',
    };
    const a = publishKitVersion('K', null, input([coded]), context);
    const renamed = publishKitVersion(
      'K',
      1,
      input([{ ...coded, name: 'Thermal blanket' }]),
      context,
    );
    expect(diffKitVersions(a, renamed)).toMatchObject({ added: [], removed: [], changed: [] });
    const reUnit = publishKitVersion('K', 1, input([{ ...coded, unit: 'set' }]), context);
    expect(diffKitVersions(a, reUnit)).toMatchObject({
      added: [{ unit: 'set' }],
      removed: [{ unit: 'piece' }],
      changed: [],
    });
  });
});
