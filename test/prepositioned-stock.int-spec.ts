/**
 * Prepositioned stock (issue 19) across both services, real Kafka + PostgreSQL: 400 kits of
 * composition v2 stocked by UNICEF in Almaty region, matched to a new request in Aktobe by
 * distance, offered from stock, accepted, dispatched and delivered, with the stockpile and the
 * request's coverage checked at every step; two offers racing for the last units; releases on
 * decline and withdrawal; who may see, offer and move whose stock. The request names composition
 * v1 (the catalogue's latest): an offer from v2 stock is allowed and records both versions. The
 * ministry covers a request of its own from its own stock, through the same steps.
 */
import { parse } from 'csv-parse/sync';
import { eventually } from '@relief/testing';
import request from 'supertest';
import {
  AssistanceHarness,
  day,
  status,
  type Coverage,
  type Stockpile,
  type Who,
} from './assistance.harness';
import { strangerTokens } from './bad-input/tokens';

interface Offer {
  id: string;
  status: string;
  stockpileId: string | null;
  pledgeConfirmed: boolean;
  partner: { code: string };
  itemVersion: number | null;
  requestItemVersion: number | null;
}

describe('prepositioned stock (two services, real Kafka + PostgreSQL)', () => {
  let h: AssistanceHarness;
  let incidentId: string;

  beforeAll(async () => {
    h = await AssistanceHarness.start('stock');
    incidentId = (await h.incident('active')).incidentId;
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  }, 60_000);

  const raise = async (quantity: number, region = 'KZ-15'): Promise<string> =>
    (await h.raiseRequest(incidentId, quantity, { region })).id;

  async function stockpile(who: Who, quantity: number, region: string, extra: object = {}) {
    const res = await h
      .call('offers', who)
      .post('/stock', {
        region,
        warehouse: `${who} warehouse ${region}`,
        itemCode: 'WASH-HYGIENE-KIT',
        itemVersion: 2,
        unit: 'kit',
        quantity,
        expiresOn: day(400),
        ...extra,
      })
      .expect(status(201));
    return res.body as Stockpile;
  }

  const offerOf = async (id: string) =>
    (await h.call('offers', 'operator').get(`/offers/${id}`).expect(status(200))).body as Offer;
  /** What the stock events on Kafka say of one stockpile, in order. */
  const stockEvents = (id: string) =>
    h.events(undefined, id).filter((e) => e.topic === 'stock.events');
  const coverageBecomes = (id: string, expected: Partial<Coverage>) =>
    eventually(
      () => h.coverageOf(id),
      (c) => Object.entries(expected).every(([k, v]) => c[k as keyof Coverage] === v),
      `coverage ${JSON.stringify(expected)}`,
    );

  it('400 kits v2 in Almaty region, offered from stock against a new Aktobe request and delivered: stock and coverage agree at every step', async () => {
    // 1. UNICEF records what it holds: 400 kits of composition v2 in Almaty region; a nearer
    // and a farther stockpile of its own, and the Red Crescent's, which UNICEF must not see.
    const almaty = await stockpile('unicef', 400, 'KZ-19');
    expect(almaty).toMatchObject({
      ownerCode: 'UNICEF',
      region: 'KZ-19',
      itemVersion: 2,
      onHand: 400,
      reserved: 0,
      available: 400,
      version: 1,
    });
    const east = await stockpile('unicef', 50, 'KZ-63', { itemVersion: 1 });
    const west = await stockpile('unicef', 30, 'KZ-27');
    const rcs = await stockpile('rcs', 70, 'KZ-23');

    // 2. A new request in Aktobe: matches nearest first.
    const requestId = await raise(400);
    const matches = (
      await h
        .call('offers', 'unicef')
        .get(`/stock/matches?requestId=${requestId}`)
        .expect(status(200))
    ).body as Stockpile[];
    expect(matches.map((m) => m.id)).toEqual([west.id, almaty.id, east.id]);
    expect(matches[0].distanceKm).toBeLessThan(matches[1].distanceKm!);
    expect(matches[1].distanceKm).toBeLessThan(matches[2].distanceKm!);
    expect(matches[1]).toMatchObject({ ownerCode: 'UNICEF', available: 400 });
    // The request names v1 (the catalogue's latest): v2 stock differs, v1 stock does not.
    expect(
      (await h.call('offers', 'unicef').get(`/requests/${requestId}`).expect(status(200))).body,
    ).toMatchObject({ itemVersion: 1 });
    expect(matches.map((m) => m.versionDiffers)).toEqual([true, true, false]);
    // Each is UNICEF's own: it may offer from every one of them.
    expect(matches.map((m) => m.yours)).toEqual([true, true, true]);
    // The ministry sees every owner's stock, the Red Crescent's too.
    const all = (
      await h
        .call('offers', 'operator')
        .get(`/stock/matches?requestId=${requestId}`)
        .expect(status(200))
    ).body as Stockpile[];
    expect(all.map((m) => m.id)).toEqual(expect.arrayContaining([almaty.id, rcs.id]));
    expect(all.map((m) => m.distanceKm)).toEqual(
      [...all.map((m) => m.distanceKm)].sort((a, b) => a! - b!),
    );

    // 3. UNICEF offers 400 from the Almaty stock: reserved with the offer, in one transaction.
    const offered = await h
      .call('offers', 'unicef')
      .post('/offers', { requestId, quantity: 400, stockpileId: almaty.id })
      .expect(status(201));
    const offer = offered.body as Offer;
    // Stock of another composition than the request names is allowed; the offer shows both.
    expect(offer).toMatchObject({
      status: 'published',
      stockpileId: almaty.id,
      itemVersion: 2,
      requestItemVersion: 1,
    });
    expect(await h.stockBalanced(almaty.id)).toMatchObject({
      onHand: 400,
      reserved: 400,
      available: 0,
    });
    expect(await h.coverageOf(requestId)).toEqual({
      requested: 400,
      pledged: 0,
      delivered: 0,
      remaining: 400,
    });
    const published = await eventually(
      async () => h.events('offer.published', offer.id),
      (events) => events.length === 1,
      'offer.published on Kafka',
    );
    expect(published[0].envelope.payload).toMatchObject({ stockpileId: almaty.id, itemVersion: 2 });

    // 4. Accepted: the pledge is counted from the offer event; the stock stays reserved.
    await h.call('offers', 'operator').post(`/offers/${offer.id}/accept`, {}).expect(status(200));
    await coverageBecomes(requestId, { pledged: 400, delivered: 0, remaining: 0 });
    expect(await h.stockBalanced(almaty.id)).toMatchObject({
      onHand: 400,
      reserved: 400,
      available: 0,
    });

    // 5. Dispatched: the kits leave the warehouse; coverage is unchanged by it.
    await eventually(
      () => offerOf(offer.id),
      (o) => o.pledgeConfirmed,
      'the pledge confirmed',
    );
    await h.call('offers', 'unicef').post(`/offers/${offer.id}/dispatch`, {}).expect(status(200));
    expect(await h.stockBalanced(almaty.id)).toMatchObject({
      onHand: 0,
      reserved: 0,
      available: 0,
    });
    expect(await h.coverageOf(requestId)).toMatchObject({ pledged: 400, delivered: 0 });

    // 6. Delivered: coverage counts what arrived; stock does not move again (nothing twice).
    await h
      .call('offers', 'operator')
      .post(`/offers/${offer.id}/confirm-delivery`, {})
      .expect(status(200));
    await coverageBecomes(requestId, { pledged: 400, delivered: 400, remaining: 0 });
    expect(await h.stockBalanced(almaty.id)).toMatchObject({
      onHand: 0,
      reserved: 0,
      available: 0,
    });

    // The stock events on Kafka tell the same story, each with the stockpile after it.
    const events = await eventually(
      async () => stockEvents(almaty.id),
      (e) => e.length === 3,
      'three stock events',
    );
    expect(events.map((e) => [e.envelope.type, e.envelope.payload.available])).toEqual([
      ['stock.received', 400],
      ['stock.reserved', 0],
      ['stock.dispatched', 0],
    ]);
    expect(events[2].envelope.payload).toMatchObject({
      onHand: 0,
      reserved: 0,
      movement: { kind: 'dispatched', quantity: 400, offerId: offer.id, reason: null },
    });
    // Dispatched stock is gone from the matches; the map shows what is left per region.
    const after = (
      await h
        .call('offers', 'unicef')
        .get(`/stock/matches?requestId=${requestId}`)
        .expect(status(200))
    ).body as Stockpile[];
    expect(after.map((m) => m.id)).toEqual([west.id, east.id]);
    const map = (await h.call('offers', 'unicef').get('/stock/by-region').expect(status(200)))
      .body as { region: string; itemCode: string; available: number }[];
    expect(map.find((r) => r.region === 'KZ-27')).toMatchObject({ available: 30 });
    expect(map.find((r) => r.region === 'KZ-23')).toBeUndefined(); // the Red Crescent's
  });

  it('two offers racing for the last units: exactly one reserves, the other 409 stock_insufficient, nothing negative', async () => {
    const pile = await stockpile('unicef', 100, 'KZ-19');
    const [r1, r2] = [await raise(100), await raise(100)];
    const answers = await Promise.all(
      [r1, r2].map((requestId) =>
        h
          .call('offers', 'unicef')
          .post('/offers', { requestId, quantity: 80, stockpileId: pile.id }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const loser = answers.find((a) => a.status === 409)!;
    expect(loser.body).toMatchObject({ code: 'stock_insufficient', available: 20 });
    expect(await h.stockBalanced(pile.id)).toMatchObject({
      onHand: 100,
      reserved: 80,
      available: 20,
    });
    // The refused offer was not created either (one transaction).
    const listed = await h
      .call('offers', 'operator')
      .get('/offers?partnerCode=UNICEF&status=published');
    expect(
      (listed.body as { items: Offer[] }).items.filter((o) => o.stockpileId === pile.id),
    ).toHaveLength(1);
  });

  it('releases on decline, withdrawal, and the rest of an acceptance in part', async () => {
    const pile = await stockpile('unicef', 300, 'KZ-19');
    const requestId = await raise(400);
    const a = (
      await h
        .call('offers', 'unicef')
        .post('/offers', { requestId, quantity: 100, stockpileId: pile.id })
        .expect(status(201))
    ).body as Offer;
    const b = (
      await h
        .call('offers', 'unicef')
        .post('/offers', { requestId, quantity: 100, stockpileId: pile.id })
        .expect(status(201))
    ).body as Offer;
    const c = (
      await h
        .call('offers', 'unicef')
        .post('/offers', { requestId, quantity: 100, stockpileId: pile.id })
        .expect(status(201))
    ).body as Offer;
    expect(await h.stockBalanced(pile.id)).toMatchObject({ reserved: 300, available: 0 });

    await h
      .call('offers', 'operator')
      .post(`/offers/${a.id}/decline`, { reason: 'not needed' })
      .expect(status(200));
    expect(await h.stockBalanced(pile.id)).toMatchObject({ reserved: 200, available: 100 });
    await h.call('offers', 'unicef').post(`/offers/${b.id}/withdraw`, {}).expect(status(200));
    expect(await h.stockBalanced(pile.id)).toMatchObject({ reserved: 100, available: 200 });
    await h
      .call('offers', 'operator')
      .post(`/offers/${c.id}/accept`, { quantity: 60 })
      .expect(status(200));
    expect(await h.stockBalanced(pile.id)).toMatchObject({
      onHand: 300,
      reserved: 60,
      available: 240,
    });
    await coverageBecomes(requestId, { pledged: 60, remaining: 340 });

    // The owner writes off part of what is free, with a reason; never what offers hold.
    let s = await h.stockOf(pile.id);
    await h
      .call('offers', 'unicef')
      .post(
        `/stock/${pile.id}/movements`,
        { kind: 'written-off', quantity: 241, reason: 'flooded' },
        s.version,
      )
      .expect(status(409));
    await h
      .call('offers', 'unicef')
      .post(
        `/stock/${pile.id}/movements`,
        { kind: 'written-off', quantity: 40, reason: 'flooded' },
        s.version,
      )
      .expect(status(200));
    s = await h.stockBalanced(pile.id);
    expect(s).toMatchObject({ onHand: 260, reserved: 60, available: 200 });
    const refused = await h
      .call('offers', 'unicef')
      .post(`/stock/${pile.id}/movements`, { kind: 'written-off', quantity: 1 }, s.version)
      .expect(status(400));
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    expect(refused.body.errors.every((e: { field: string }) => e.field === 'reason')).toBe(true);
    const reserving = await h
      .call('offers', 'unicef')
      .post(`/stock/${pile.id}/movements`, { kind: 'reserved', quantity: 1 }, s.version)
      .expect(status(400));
    expect(reserving.body.errors).toEqual([expect.objectContaining({ field: 'kind' })]);
  });

  it('the ministry covers its own request from its own stock: reserved, accepted, dispatched, delivered, counted once', async () => {
    const pile = await stockpile('operator', 120, 'KZ-15', { itemVersion: 1 });
    expect(pile).toMatchObject({ ownerCode: 'MES-KZ', onHand: 120 });
    const requestId = await raise(100);
    // The ministry's matches mark its own stock as its to offer (the console shows the form on
    // those alone), a partner's as not; to UNICEF the ministry's stock is not its own.
    const matchesOf = async (who: 'operator' | 'unicef') =>
      (await h.call('offers', who).get(`/stock/matches?requestId=${requestId}`).expect(status(200)))
        .body as Stockpile[];
    const forMinistry = await matchesOf('operator');
    expect(forMinistry.find((m) => m.id === pile.id)).toMatchObject({ yours: true });
    expect(forMinistry.filter((m) => m.ownerCode !== 'MES-KZ').map((m) => m.yours)).not.toContain(
      true,
    );
    expect((await matchesOf('unicef')).map((m) => m.id)).not.toContain(pile.id);

    const offered = (
      await h
        .call('offers', 'operator')
        .post('/offers', { requestId, quantity: 100, stockpileId: pile.id })
        .expect(status(201))
    ).body as Offer;
    expect(offered).toMatchObject({
      status: 'published',
      partner: { code: 'MES-KZ' },
      stockpileId: pile.id,
      itemVersion: 1,
      requestItemVersion: 1,
    });
    expect(await h.stockBalanced(pile.id)).toMatchObject({
      onHand: 120,
      reserved: 100,
      available: 20,
    });
    // A partner may not act on the ministry's offer.
    const taken = await h
      .call('offers', 'unicef')
      .post(`/offers/${offered.id}/withdraw`, {})
      .expect(status(403));
    expect(taken.body.code).toBe('not_your_offer');

    await h.call('offers', 'operator').post(`/offers/${offered.id}/accept`, {}).expect(status(200));
    await coverageBecomes(requestId, { pledged: 100, delivered: 0, remaining: 0 });
    await eventually(
      () => offerOf(offered.id),
      (o) => o.pledgeConfirmed,
      'the pledge confirmed',
    );
    await h
      .call('offers', 'operator')
      .post(`/offers/${offered.id}/dispatch`, {})
      .expect(status(200));
    expect(await h.stockBalanced(pile.id)).toMatchObject({
      onHand: 20,
      reserved: 0,
      available: 20,
    });
    await h
      .call('offers', 'admin')
      .post(`/offers/${offered.id}/confirm-delivery`, {})
      .expect(status(200));
    // Counted once: the offer events only; the stock events change no coverage.
    await coverageBecomes(requestId, { pledged: 100, delivered: 100, remaining: 0 });
    expect(await h.coverageOf(requestId)).toEqual({
      requested: 100,
      pledged: 100,
      delivered: 100,
      remaining: 0,
    });
    expect(await h.stockBalanced(pile.id)).toMatchObject({
      onHand: 20,
      reserved: 0,
      available: 20,
    });
    const events = await eventually(
      async () => stockEvents(pile.id),
      (e) => e.length === 3,
      'three stock events',
    );
    expect(events.map((e) => e.envelope.type)).toEqual([
      'stock.received',
      'stock.reserved',
      'stock.dispatched',
    ]);
    const delivered = await eventually(
      async () => h.events('offer.delivered', offered.id),
      (e) => e.length === 1,
      'offer.delivered on Kafka',
    );
    expect(delivered[0].envelope.payload).toMatchObject({
      partnerCode: 'MES-KZ',
      itemVersion: 1,
      deliveredQuantity: 100,
    });
    // The export names the version offered.
    const csv = await h
      .call('offers', 'operator')
      .get(`/exports/offers.hxl.csv?incidentId=${incidentId}`)
      .expect(status(200));
    const table: string[][] = parse(csv.text);
    const [headers, tags, ...rows] = table;
    const column = tags.indexOf('#item +version');
    expect(headers[column]).toBe('Item version');
    expect(rows.find((r) => r[0] === offered.id)?.[column]).toBe('1');
  });

  it("denies by default: the ministry offers only its own stock against a request; nobody another's", async () => {
    const ministry = await stockpile('operator', 10, 'KZ-15', { itemVersion: 1 });
    const unicef = await stockpile('unicef', 10, 'KZ-19');
    const requestId = await raise(10);
    const refused = async (who: Who, body: object, expected: number, code: string) => {
      const res = await h.call('offers', who).post('/offers', body).expect(status(expected));
      expect(res.body.code).toBe(code);
      return res.body as { errors?: { field: string }[] };
    };
    await refused(
      'operator',
      { requestId, quantity: 5, stockpileId: unicef.id },
      403,
      'not_your_stock',
    );
    await refused(
      'unicef',
      { requestId, quantity: 5, stockpileId: ministry.id },
      403,
      'not_your_stock',
    );
    const noStock = await refused(
      'operator',
      { requestId, quantity: 5 },
      400,
      'stockpile_required',
    );
    expect(noStock.errors).toEqual([expect.objectContaining({ field: 'stockpileId' })]);
    // A null stockpile is none (never "any stockpile": a null id is not looked up).
    const nullStock = await refused(
      'operator',
      { requestId, quantity: 5, stockpileId: null },
      400,
      'stockpile_required',
    );
    expect(nullStock.errors).toEqual([expect.objectContaining({ field: 'stockpileId' })]);
    const unsolicited = await refused(
      'admin',
      {
        incidentId,
        item: { code: 'WASH-HYGIENE-KIT', name: 'Hygiene kit', unit: 'kit' },
        quantity: 5,
        stockpileId: ministry.id,
      },
      400,
      'request_required',
    );
    expect(unsolicited.errors).toEqual([expect.objectContaining({ field: 'requestId' })]);
    // What the partner says of its items must agree with its stock's version.
    const version = await refused(
      'unicef',
      { requestId, quantity: 5, stockpileId: unicef.id, itemVersion: 1 },
      400,
      'stock_version_mismatch',
    );
    expect(version.errors).toEqual([expect.objectContaining({ field: 'itemVersion' })]);
    // Nothing was reserved, and no offer was made.
    expect(await h.stockBalanced(ministry.id)).toMatchObject({ reserved: 0 });
    expect(await h.stockBalanced(unicef.id)).toMatchObject({ reserved: 0 });
    const offers = await h.call('offers', 'operator').get(`/offers?requestId=${requestId}`);
    expect((offers.body as { total: number }).total).toBe(0);
    // Without stock, a partner's word on the version is recorded.
    const said = (
      await h
        .call('offers', 'unicef')
        .post('/offers', { requestId, quantity: 5, itemVersion: 3, stockpileId: null })
        .expect(status(201))
    ).body as Offer;
    expect(said).toMatchObject({ itemVersion: 3, requestItemVersion: 1, stockpileId: null });
    expect(await h.stockBalanced(unicef.id)).toMatchObject({ reserved: 0 });
    expect(await h.stockBalanced(ministry.id)).toMatchObject({ reserved: 0 });
  });

  it('refuses bad stock by name', async () => {
    const base = {
      region: 'KZ-19',
      warehouse: 'W',
      itemCode: 'WASH-HYGIENE-KIT',
      unit: 'kit',
      quantity: 10,
    };
    for (const [change, field] of [
      [{ quantity: -1 }, 'quantity'],
      [{ quantity: 0 }, 'quantity'],
      [{ region: 'KZ-99' }, 'region'],
      [{ itemCode: 'bad code' }, 'itemCode'],
      [{ itemVersion: 0 }, 'itemVersion'],
      [{ expiresOn: '2020-01-01' }, 'expiresOn'],
    ] as const) {
      const res = await h
        .call('offers', 'unicef')
        .post('/stock', { ...base, ...change })
        .expect(status(400));
      expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    }
  });

  it("another partner can neither offer nor move UNICEF's stock; no token 401; an unknown role 403", async () => {
    const pile = await stockpile('unicef', 10, 'KZ-19');
    const requestId = await raise(10);
    const offered = await h
      .call('offers', 'ifrc')
      .post('/offers', { requestId, quantity: 5, stockpileId: pile.id })
      .expect(status(403));
    expect(offered.body.code).toBe('not_your_stock');
    const moved = await h
      .call('offers', 'ifrc')
      .post(`/stock/${pile.id}/movements`, { kind: 'received', quantity: 5 }, 1)
      .expect(status(403));
    expect(moved.body.code).toBe('not_your_stock');
    await h.call('offers', 'ifrc').get(`/stock/${pile.id}`).expect(status(403));
    await h.call('offers', 'ifrc').get('/stock?owner=UNICEF').expect(status(403));
    const own = await h.call('offers', 'ifrc').get('/stock').expect(status(200));
    expect((own.body as { items: Stockpile[] }).items.every((s) => s.ownerCode === 'IFRC')).toBe(
      true,
    );
    // Nothing moved.
    expect(await h.stockBalanced(pile.id)).toMatchObject({ onHand: 10, reserved: 0 });

    // The ministry owns stock of its own, which partners cannot move.
    const ministry = await stockpile('operator', 25, 'KZ-71');
    expect(ministry.ownerCode).toBe('MES-KZ');
    await h
      .call('offers', 'unicef')
      .post(`/stock/${ministry.id}/movements`, { kind: 'received', quantity: 1 }, 1)
      .expect(status(403));

    const server = h.offers.app.getHttpServer();
    const volunteer = (await strangerTokens()).unknownRole;
    for (const path of ['/stock', '/stock/by-region', `/stock/matches?requestId=${requestId}`]) {
      await request(server).get(path).expect(status(401));
      await request(server)
        .get(path)
        .set('Authorization', `Bearer ${volunteer}`)
        .expect(status(403));
    }
    await request(server).post('/stock').send({}).expect(status(401));
  });
});
