/**
 * Issue 19, kit composition versions, over HTTP on real Kafka and PostgreSQL: an operator
 * publishes compositions of a kit citing the feedback behind them, anyone signed in reads them
 * and their difference, the event goes out, and a request records which version it refers to.
 */
import { eventually } from '@relief/testing';
import { AssistanceHarness, day, status } from './assistance.harness';

const KIT = 'HEALTH-MEDICAL-KIT';
const bandage = { itemCode: null, name: 'Bandage roll', quantity: 10, unit: 'piece' };
const gloves = { itemCode: null, name: 'Gloves, pair', quantity: 20, unit: 'pair' };
const ors = { itemCode: null, name: 'Oral rehydration salts', quantity: 12, unit: 'sachet' };
const citation = {
  feedbackCount: 37,
  incidentId: null,
  regionCode: 'KZ-15',
  category: 'missing-item',
  summary: '37 responses from Aktobe: no rehydration salts',
};

describe('kit composition versions (resource-request-service, real Kafka + PostgreSQL)', () => {
  let h: AssistanceHarness;
  const publish = (body: object, who: 'operator' | 'admin' | 'unicef' = 'operator', code = KIT) =>
    h.call('requests', who).post(`/catalogue/items/${code}/versions`, body);

  beforeAll(async () => {
    h = await AssistanceHarness.start('kits');
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  }, 60_000);

  it('seeds the hygiene kit with its first composition, without nappies', async () => {
    const res = await h
      .call('requests', 'unicef')
      .get('/catalogue/items/WASH-HYGIENE-KIT/versions')
      .expect(status(200));
    expect(res.body.map((v: { version: number }) => v.version)).toEqual([1]);
    const names = res.body[0].contents.map((e: { name: string }) => e.name).join(', ');
    expect(names).toMatch(/Soap.*Toothpaste.*Toothbrush.*Towel.*Sanitary pads/);
    expect(names).not.toMatch(/nappies/i);
  });

  it('publishes v1 and v2 with a citation, lists them, diffs them and sends the event', async () => {
    const v1 = await publish({ contents: [bandage, gloves] }).expect(status(201));
    expect(v1.body).toMatchObject({
      itemCode: KIT,
      version: 1,
      citation: null,
      publishedBy: 'op-aliya',
    });
    expect(v1.headers.location).toBe(`/catalogue/items/${KIT}/versions/1`);
    const v2 = await publish(
      {
        contents: [{ ...bandage, quantity: 15 }, ors],
        note: 'v2: rehydration salts added',
        citation,
      },
      'admin',
    ).expect(status(201));
    expect(v2.body).toMatchObject({ version: 2, note: 'v2: rehydration salts added', citation });

    const list = await h
      .call('requests', 'unicef')
      .get(`/catalogue/items/${KIT}/versions`)
      .expect(status(200));
    expect(list.body.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const one = await h
      .call('requests', 'operator')
      .get(`/catalogue/items/${KIT}/versions/2`)
      .expect(status(200));
    expect(one.body.contents).toEqual([{ ...bandage, quantity: 15 }, ors]);

    const diff = await h
      .call('requests', 'unicef')
      .get(`/catalogue/items/${KIT}/versions/1/diff/2`)
      .expect(status(200));
    expect(diff.body).toEqual({
      itemCode: KIT,
      from: 1,
      to: 2,
      added: [ors],
      removed: [gloves],
      changed: [{ itemCode: null, name: bandage.name, unit: 'piece', from: 10, to: 15 }],
    });

    const event = await eventually(
      () =>
        Promise.resolve(
          h.seen.find((e) => e.topic === 'catalogue.events' && e.envelope.payload.version === 2),
        ),
      (found) => found !== undefined,
      'catalogue.kit-version-published v2 on Kafka',
    );
    expect(event?.key).toBe(KIT);
    expect(event?.envelope).toMatchObject({
      type: 'catalogue.kit-version-published',
      version: 1,
      aggregateId: KIT,
      producer: 'resource-request-service',
      payload: {
        itemCode: KIT,
        itemName: 'Medical kit',
        version: 2,
        citation,
        contents: [{ ...bandage, quantity: 15 }, ors],
      },
    });
  });

  it('refuses bad input with a 400 naming the field, and unknown items or versions with a 404', async () => {
    const empty = await publish({ contents: [] }).expect(status(400));
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'contents' })]);
    const zero = await publish({ contents: [{ ...bandage, quantity: 0 }] }).expect(status(400));
    expect(zero.body.errors).toEqual([expect.objectContaining({ field: 'contents.0.quantity' })]);
    const notNumber = await h
      .call('requests', 'operator')
      .get(`/catalogue/items/${KIT}/versions/first`)
      .expect(status(400));
    expect(notNumber.body.errors).toEqual([expect.objectContaining({ field: 'version' })]);
    const badTo = await h
      .call('requests', 'operator')
      .get(`/catalogue/items/${KIT}/versions/1/diff/0`)
      .expect(status(400));
    expect(badTo.body.errors).toEqual([expect.objectContaining({ field: 'to' })]);
    expect(
      (await publish({ contents: [bandage] }, 'operator', 'NO-SUCH-KIT').expect(status(404))).body
        .code,
    ).toBe('item_not_found');
    await h
      .call('requests', 'operator')
      .get('/catalogue/items/NO-SUCH-KIT/versions')
      .expect(status(404));
    expect(
      (
        await h
          .call('requests', 'operator')
          .get(`/catalogue/items/${KIT}/versions/9`)
          .expect(status(404))
      ).body.code,
    ).toBe('kit_version_not_found');
  });

  it('lets only the ministry publish: a partner 403, no token 401', async () => {
    await publish({ contents: [bandage] }, 'unicef').expect(status(403));
    await h
      .call('requests')
      .post(`/catalogue/items/${KIT}/versions`, { contents: [bandage] })
      .expect(status(401));
    await h.call('requests').get(`/catalogue/items/${KIT}/versions`).expect(status(401));
    const list = await h
      .call('requests', 'operator')
      .get(`/catalogue/items/${KIT}/versions`)
      .expect(status(200));
    expect(list.body).toHaveLength(2);
  });

  it("records the kit's latest version on a new request, or the one named; a missing one is a 400", async () => {
    const incident = await h.incident('active');
    const body = (item: object) => ({
      incidentId: incident.incidentId,
      item,
      quantity: 40,
      priority: 'high',
      neededBy: day(5),
      location: {},
    });
    const raised = await eventually(
      () => h.call('requests', 'operator').post('/requests', body({ code: KIT })),
      (res) => res.status !== 422,
      'the request service to learn of the incident',
    );
    expect(raised.status).toBe(201);
    expect(raised.body.item).toEqual({ code: KIT, name: 'Medical kit', unit: 'kit', version: 2 });
    const named = await h
      .call('requests', 'operator')
      .post('/requests', body({ code: KIT, version: 1 }))
      .expect(status(201));
    expect(named.body.item.version).toBe(1);
    const missing = await h
      .call('requests', 'operator')
      .post('/requests', body({ code: KIT, version: 7 }))
      .expect(status(400));
    expect(missing.body).toMatchObject({
      code: 'unknown_kit_version',
      errors: [expect.objectContaining({ field: 'item.version' })],
    });
    const plain = await h
      .call('requests', 'operator')
      .post('/requests', body({ code: 'EQUIP-WATER-PUMP' }))
      .expect(status(201));
    expect(plain.body.item.version).toBeNull();

    const event = await eventually(
      () =>
        Promise.resolve(
          h.seen.find((e) => e.topic === 'request.events' && e.key === raised.body.id),
        ),
      (found) => found !== undefined,
      'request.raised on Kafka',
    );
    expect(event?.envelope.payload.itemVersion).toBe(2);
  });
});
