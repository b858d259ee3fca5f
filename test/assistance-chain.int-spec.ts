/**
 * Issue #5 end to end, on real Kafka and PostgreSQL: a ministry's need becomes accepted,
 * delivered international assistance, with coverage right at the end. The two services talk
 * only through Kafka.
 */
import { eventually } from '@relief/testing';
import { AssistanceHarness, day, status } from './assistance.harness';

interface RequestBody {
  id: string;
  version: number;
  status: string;
  scope: string;
  coverage: { requested: number; pledged: number; delivered: number; remaining: number };
}
interface OfferBody {
  id: string;
  version: number;
  status: string;
  pledgeConfirmed: boolean;
  acceptedQuantity: number | null;
  deliveredQuantity: number | null;
  reason: string | null;
}

describe('from a ministry need to delivered assistance (two services, real Kafka + PostgreSQL)', () => {
  let h: AssistanceHarness;

  beforeAll(async () => {
    h = await AssistanceHarness.start('chain');
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  }, 60_000);

  const kits = (incidentId: string, quantity = 300) => ({
    incidentId,
    item: { code: 'WASH-HYGIENE-KIT' },
    quantity,
    priority: 'high',
    neededBy: day(7),
    location: { region: 'KZ-15', address: 'Aktobe, evacuation centre at school No. 3' },
    notes: 'Content adjusted after feedback from the affected population',
  });

  const getRequest = async (id: string) =>
    (await h.call('requests', 'operator').get(`/requests/${id}`).expect(status(200)))
      .body as RequestBody;
  const getOffer = async (id: string) =>
    (await h.call('offers', 'operator').get(`/offers/${id}`).expect(status(200))).body as OfferBody;
  const offerSideKnows = (requestId: string, check: (view: Record<string, unknown>) => boolean) =>
    eventually(
      () => h.call('offers', 'operator').get(`/requests/${requestId}`),
      (res) => res.status === 200 && check(res.body as Record<string, unknown>),
      `the offer service to see request ${requestId} change`,
    );

  it('runs the whole chain: domestic refusal, scope widened, partial acceptance, decline, dispatch, delivery, fulfilled', async () => {
    // An incident this service has not heard of yet is refused with a retry hint ...
    const stranger = await h
      .call('requests', 'operator')
      .post('/requests', kits('00000000-0000-4000-8000-000000000000'))
      .expect(status(422));
    expect(stranger.body).toMatchObject({ code: 'incident_unknown' });
    expect(stranger.headers['retry-after']).toBe('5');

    // ... so for a fresh incident the operator retries until its event has arrived.
    const incident = await h.incident('active');
    const raised = await eventually(
      () => h.call('requests', 'operator').post('/requests', kits(incident.incidentId)),
      (res) => res.status !== 422,
      'the request service to learn of the incident',
    );
    expect(raised.status).toBe(201);
    const request = raised.body as RequestBody;
    expect(request).toMatchObject({
      status: 'open',
      scope: 'domestic',
      coverage: { requested: 300, pledged: 0, delivered: 0, remaining: 300 },
    });
    expect(raised.headers.etag).toBe('"1"');

    // Kazakhstan does not request international assistance (yet): UNICEF is refused.
    await offerSideKnows(request.id, (view) => view.scope === 'domestic');
    const refused = await h
      .call('offers', 'unicef')
      .post('/offers', { requestId: request.id, quantity: 400 })
      .expect(status(403));
    expect(refused.body).toMatchObject({ code: 'request_domestic_only' });
    const forUnicef = await h.call('offers', 'unicef').get('/requests').expect(status(200));
    expect(forUnicef.body.items.map((r: { requestId: string }) => r.requestId)).not.toContain(
      request.id,
    );
    const forRcs = await h.call('offers', 'rcs').get('/requests').expect(status(200));
    expect(forRcs.body.items.map((r: { requestId: string }) => r.requestId)).toContain(request.id);

    // The government asks for international assistance: the scope is widened (an event).
    const widened = await h
      .call('requests', 'operator')
      .post(
        `/requests/${request.id}/scope`,
        { scope: 'international', reason: 'Government request of 20 April' },
        1,
      )
      .expect(status(200));
    expect(widened.body).toMatchObject({ scope: 'international', version: 2 });
    // The same edit based on version 1 is stale now.
    await h
      .call('requests', 'operator2')
      .post(`/requests/${request.id}/scope`, { scope: 'domestic' }, 1)
      .expect(status(412));
    await offerSideKnows(request.id, (view) => view.scope === 'international');

    // Two partners offer.
    const unicef = (
      await h
        .call('offers', 'unicef')
        .post('/offers', {
          requestId: request.id,
          quantity: 400,
          unit: 'kit',
          expectedDeliveryDate: day(3),
        })
        .expect(status(201))
    ).body as OfferBody;
    const ifrc = (
      await h
        .call('offers', 'ifrc')
        .post('/offers', { requestId: request.id, quantity: 120, conditions: 'Pick-up in Almaty' })
        .expect(status(201))
    ).body as OfferBody;
    expect(unicef).toMatchObject({ status: 'published', version: 1 });

    // The ministry accepts 300 of UNICEF's 400: all that is needed.
    const accepted = await h
      .call('offers', 'operator')
      .post(`/offers/${unicef.id}/accept`, { quantity: 300 }, 1)
      .expect(status(200));
    expect(accepted.body).toMatchObject({ status: 'accepted', acceptedQuantity: 300 });
    // Nothing remains, so IFRC's offer cannot be accepted, even in part ...
    const tooMuch = await h
      .call('offers', 'operator2')
      .post(`/offers/${ifrc.id}/accept`, { quantity: 1 })
      .expect(status(409));
    expect(tooMuch.body).toMatchObject({ code: 'quantity_exceeds_remaining', available: 0 });
    // ... and is declined, with a reason.
    await h
      .call('offers', 'operator')
      .post(`/offers/${ifrc.id}/decline`, { reason: 'Fully covered by UNICEF' })
      .expect(status(200));

    // The request side counts the pledge; the offer side hears it back.
    const pledged = await eventually(
      () => getRequest(request.id),
      (r) => r.coverage.pledged === 300,
      'the pledge to be counted',
    );
    expect(pledged).toMatchObject({
      status: 'pledged',
      coverage: { requested: 300, pledged: 300, delivered: 0, remaining: 0 },
    });
    const confirmed = await eventually(
      () => getOffer(unicef.id),
      (o) => o.pledgeConfirmed,
      'pledge confirmation',
    );

    // Fully pledged: nobody can offer any more.
    await h
      .call('offers', 'rcs')
      .post('/offers', { requestId: request.id, quantity: 10 })
      .expect(status(409));

    // UNICEF dispatches, reports the delivery; an operator confirms it.
    await h
      .call('offers', 'unicef')
      .post(
        `/offers/${unicef.id}/dispatch`,
        { expectedArrival: `${day(2)}T12:00:00.000Z` },
        confirmed.version,
      )
      .expect(status(200));
    await h
      .call('offers', 'unicef')
      .post(`/offers/${unicef.id}/delivery-report`, {
        quantity: 300,
        note: 'Received at the centre',
      })
      .expect(status(200));
    const delivered = await h
      .call('offers', 'operator')
      .post(`/offers/${unicef.id}/confirm-delivery`, {})
      .expect(status(200));
    expect(delivered.body).toMatchObject({ status: 'delivered', deliveredQuantity: 300 });

    const fulfilled = await eventually(
      () => getRequest(request.id),
      (r) => r.status === 'fulfilled',
      'the request to be fulfilled',
    );
    expect(fulfilled.coverage).toEqual({
      requested: 300,
      pledged: 300,
      delivered: 300,
      remaining: 0,
    });
    expect((await getOffer(ifrc.id)).status).toBe('declined');

    // The events the chain produced, in order, on request.events.
    await eventually(
      async () => h.events(undefined, request.id).map((e) => e.envelope.type),
      (types) => types.includes('request.fulfilled'),
      'request.fulfilled on Kafka',
    );
    expect(h.events(undefined, request.id).map((e) => e.envelope.type)).toEqual([
      'request.raised',
      'request.scope-changed',
      'request.coverage-changed',
      'request.coverage-changed',
      'request.fulfilled',
    ]);
    const [acceptedEvent] = await eventually(
      async () => h.events('offer.accepted', unicef.id),
      (events) => events.length > 0,
      'offer.accepted on Kafka',
    );
    expect(acceptedEvent.envelope.payload).toMatchObject({
      acceptedQuantity: 300,
      partnerCode: 'UNICEF',
      partnerOrigin: 'international',
      itemCode: 'WASH-HYGIENE-KIT',
    });

    // Everyone can see coverage per incident, as JSON and CSV.
    const report = await h
      .call('requests', 'unicef')
      .get(`/incidents/${incident.incidentId}/coverage`)
      .expect(status(200));
    expect(report.body.requests).toEqual([
      expect.objectContaining({
        requestId: request.id,
        requested: 300,
        pledged: 300,
        delivered: 300,
        remaining: 0,
      }),
    ]);
    const csv = await h
      .call('requests', 'operator')
      .get(`/incidents/${incident.incidentId}/coverage?format=csv`)
      .expect(status(200));
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[1]).toBe(
      `${request.id},WASH-HYGIENE-KIT,Sanitary and hygiene kit,kit,high,international,fulfilled,KZ-15,${day(7)},300,300,300,0`,
    );
  });

  it('refuses requests for a closed incident, and closes open requests with their incident', async () => {
    const incident = await h.incident('active');
    const raised = await eventually(
      () =>
        h
          .call('requests', 'operator')
          .post('/requests', { ...kits(incident.incidentId, 50), scope: 'international' }),
      (res) => res.status !== 422,
      'the incident to be known',
    );
    const request = raised.body as RequestBody;
    await offerSideKnows(request.id, () => true);
    const pending = (
      await h
        .call('offers', 'ifrc')
        .post('/offers', { requestId: request.id, quantity: 50 })
        .expect(status(201))
    ).body as OfferBody;

    const closing = await h.incident('closed', incident.incidentId);
    const closed = await eventually(
      () => getRequest(request.id),
      (r) => r.status === 'closed',
      'the request to close',
    );
    expect(closed).toMatchObject({ status: 'closed' });
    const again = await h
      .call('requests', 'operator')
      .post('/requests', kits(incident.incidentId))
      .expect(status(409));
    expect(again.body).toMatchObject({ code: 'incident_closed' });

    await offerSideKnows(request.id, (view) => view.status === 'closed');
    const late = await h
      .call('offers', 'unicef')
      .post('/offers', { requestId: request.id, quantity: 5 })
      .expect(status(409));
    expect(late.body).toMatchObject({ code: 'request_not_open' });
    // The offer published before can never be accepted now: it was declined with the reason.
    const declined = await eventually(
      () => getOffer(pending.id),
      (o) => o.status === 'declined',
      'the decline',
    );
    expect(declined.reason).toBe('the request was closed');
    // On the wire both reasons are codes with params, worded in each reader's language.
    const [requestClosed] = await eventually(
      async () => h.events('request.closed', request.id),
      (events) => events.length > 0,
      'request.closed on Kafka',
    );
    expect(requestClosed.envelope.payload).toMatchObject({
      reasonCode: 'incident-closed',
      reasonParams: { incidentReference: closing.reference, note: 'Water back in the river bed.' },
    });
    const [offerDeclined] = await eventually(
      async () => h.events('offer.declined', pending.id),
      (events) => events.length > 0,
      'offer.declined on Kafka',
    );
    expect(offerDeclined.envelope.payload).toMatchObject({
      reasonCode: 'request-closed',
      reasonParams: {},
    });
  });

  it('takes unsolicited offers against an incident, accepted on their own or linked to a request', async () => {
    const incident = await h.incident('active');
    const raised = await eventually(
      () =>
        h
          .call('requests', 'operator')
          .post('/requests', { ...kits(incident.incidentId, 80), scope: 'domestic' }),
      (res) => res.status !== 422,
      'the incident to be known',
    );
    const request = raised.body as RequestBody;
    await offerSideKnows(request.id, () => true);

    // A domestic NGO offers what nobody asked for yet, and kits before the ministry saw its request.
    const kitchen = (
      await h
        .call('offers', 'rcs')
        .post('/offers', {
          incidentId: incident.incidentId,
          item: { name: 'Mobile kitchen', unit: 'piece' },
          quantity: 2,
        })
        .expect(status(201))
    ).body as OfferBody & { requestId: string | null };
    expect(kitchen.requestId).toBeNull();
    const spare = (
      await h
        .call('offers', 'rcs')
        .post('/offers', {
          incidentId: incident.incidentId,
          item: { name: 'Hygiene kits', unit: 'kit' },
          quantity: 30,
        })
        .expect(status(201))
    ).body as OfferBody;

    // The kitchen is welcome on its own; the kits count towards the request once linked.
    await h.call('offers', 'operator').post(`/offers/${kitchen.id}/accept`, {}).expect(status(200));
    const linked = await h
      .call('offers', 'operator')
      .post(`/offers/${spare.id}/accept`, { requestId: request.id })
      .expect(status(200));
    expect(linked.body).toMatchObject({
      requestId: request.id,
      item: { code: 'WASH-HYGIENE-KIT' },
    });
    const covered = await eventually(
      () => getRequest(request.id),
      (r) => r.coverage.pledged === 30,
      'the linked offer to be counted',
    );
    expect(covered).toMatchObject({ status: 'partially-pledged', coverage: { remaining: 50 } });
    expect((await getOffer(kitchen.id)).pledgeConfirmed).toBe(true);

    // An incident the offer service has not heard of: a retry hint.
    const unknown = await h
      .call('offers', 'rcs')
      .post('/offers', {
        incidentId: '00000000-0000-4000-8000-000000000000',
        item: { name: 'x', unit: 'piece' },
        quantity: 1,
      })
      .expect(status(422));
    expect(unknown.body).toMatchObject({ code: 'incident_unknown' });
  });

  it("reports a drill's coverage only when asked for with includeDrills=true", async () => {
    const incident = await h.incident('active', undefined, { mode: 'exercise' });
    const raised = await eventually(
      () =>
        h
          .call('requests', 'operator')
          .post('/requests', { ...kits(incident.incidentId, 40), scope: 'domestic' }),
      (res) => res.status !== 422,
      'the incident to be known',
    );
    expect(raised.body).toMatchObject({ mode: 'exercise' });
    const coverage = (query: string) =>
      h.call('requests', 'operator').get(`/incidents/${incident.incidentId}/coverage${query}`);
    for (const query of ['', '?includeDrills=false', '?format=csv']) {
      const refused = await coverage(query).expect(status(422));
      expect(refused.body).toMatchObject({ code: 'incident_is_drill' });
    }
    const report = await coverage('?includeDrills=true').expect(status(200));
    expect(report.body).toMatchObject({
      mode: 'exercise',
      incidentReference: incident.reference,
      requests: [expect.objectContaining({ requestId: (raised.body as RequestBody).id })],
    });
    const csv = await coverage('?includeDrills=true&format=csv').expect(status(200));
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="coverage-exercise-${incident.reference}.csv"`,
    );
    // A mistyped flag is refused before the incident is looked at, not taken for false.
    const mistyped = await coverage('?includeDrills=ture').expect(status(400));
    expect(mistyped.body.errors).toEqual([expect.objectContaining({ field: 'includeDrills' })]);
  });

  it('reports both services ready (database, Kafka consumer, outbox relay) without a token', async () => {
    for (const service of ['requests', 'offers'] as const) {
      const ready = await h.call(service).get('/ready').expect(status(200));
      expect(ready.body.info).toMatchObject({
        database: { status: 'up' },
        'kafka-consumer': { status: 'up', state: 'running' },
        'kafka-outbox': { status: 'up', consecutiveFailures: 0 },
      });
    }
  });

  it('explains what is wrong with a request: unknown catalogue code, incomplete free item, bad fields', async () => {
    const incident = await h.incident('active');
    const bad = await h
      .call('requests', 'operator')
      .post('/requests', { ...kits(incident.incidentId), item: { code: 'NO-SUCH-THING' } })
      .expect(status(400));
    expect(bad.body).toMatchObject({ code: 'unknown_item', errors: [{ field: 'item.code' }] });
    const free = await h
      .call('requests', 'operator')
      .post('/requests', { ...kits(incident.incidentId), item: { name: 'Mobile kitchen' } })
      .expect(status(400));
    expect(free.body.errors).toEqual([expect.objectContaining({ field: 'item.unit' })]);
    const invalid = await h
      .call('requests', 'operator')
      .post('/requests', {
        ...kits(incident.incidentId),
        quantity: 0,
        priority: 'urgent',
        colour: 'red',
      })
      .expect(status(400));
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'colour',
      'priority',
      'quantity',
    ]);
  });

  describe('who may do what', () => {
    let requestId: string;
    let published: OfferBody;
    let shipped: OfferBody;

    beforeAll(async () => {
      const incident = await h.incident('active');
      const raised = await eventually(
        () =>
          h
            .call('requests', 'operator')
            .post('/requests', { ...kits(incident.incidentId, 500), scope: 'international' }),
        (res) => res.status !== 422,
        'the incident to be known',
      );
      requestId = (raised.body as RequestBody).id;
      await offerSideKnows(requestId, () => true);
      published = (
        await h
          .call('offers', 'unicef')
          .post('/offers', { requestId, quantity: 100 })
          .expect(status(201))
      ).body as OfferBody;
      const second = (
        await h
          .call('offers', 'unicef')
          .post('/offers', { requestId, quantity: 50 })
          .expect(status(201))
      ).body as OfferBody;
      await h
        .call('offers', 'operator')
        .post(`/offers/${second.id}/accept`, {})
        .expect(status(200));
      await eventually(
        () => getOffer(second.id),
        (o) => o.pledgeConfirmed,
        'pledge confirmation',
      );
      shipped = (
        await h
          .call('offers', 'unicef')
          .post(`/offers/${second.id}/dispatch`, {})
          .expect(status(200))
      ).body as OfferBody;
    }, 60_000);

    it('an agency touching another partner’s offer gets 403 and changes nothing', async () => {
      const before = [await getOffer(published.id), await getOffer(shipped.id)];
      const ifrc = h.call('offers', 'ifrc');
      const attempts = [
        ifrc.get(`/offers/${published.id}`),
        ifrc.patch(`/offers/${published.id}`, { quantity: 1 }),
        ifrc.post(`/offers/${published.id}/withdraw`, { reason: 'not ours to withdraw' }),
        ifrc.post(`/offers/${shipped.id}/withdraw`, {}),
        ifrc.post(`/offers/${shipped.id}/dispatch`, {}),
        ifrc.post(`/offers/${shipped.id}/delivery-report`, { quantity: 50 }),
        ifrc.get('/offers?partnerCode=UNICEF'),
      ];
      for (const attempt of attempts) {
        const res = await attempt;
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ code: 'not_your_offer' });
      }
      expect([await getOffer(published.id), await getOffer(shipped.id)]).toEqual(before);
      // IFRC lists only its own offers.
      const own = await ifrc.get(`/offers?requestId=${requestId}`).expect(status(200));
      expect(own.body.items).toEqual([]);
      // Nothing was published by the refused attempts: no revision beyond what we saw.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const newer = before.flatMap((offer) =>
        h
          .events(undefined, offer.id)
          .filter((e) => (e.envelope.payload.revision as number) > offer.version),
      );
      expect(newer).toEqual([]);
    });

    it("only operators and admins accept, decline and confirm delivery; they act on no partner's offer, and offer only the ministry's own stock", async () => {
      const unicef = h.call('offers', 'unicef');
      await unicef.post(`/offers/${published.id}/accept`, {}).expect(status(403));
      await unicef.post(`/offers/${published.id}/decline`, { reason: 'x' }).expect(status(403));
      await unicef
        .post(`/offers/${shipped.id}/confirm-delivery`, { quantity: 50 })
        .expect(status(403));
      const operator = h.call('offers', 'operator');
      // The ministry offers only from its own stock (prepositioned-stock.int-spec covers that).
      const unstocked = await operator
        .post('/offers', { requestId, quantity: 5 })
        .expect(status(400));
      expect(unstocked.body).toMatchObject({ code: 'stockpile_required' });
      await operator.post(`/offers/${published.id}/withdraw`, {}).expect(status(403));
      await operator.post(`/offers/${shipped.id}/dispatch`, {}).expect(status(403));
      await operator
        .post(`/offers/${shipped.id}/delivery-report`, { quantity: 50 })
        .expect(status(403));
      await operator.patch(`/offers/${published.id}`, { quantity: 1 }).expect(status(403));
      expect((await getOffer(published.id)).status).toBe('published');
      expect((await getOffer(shipped.id)).status).toBe('dispatched');
      // An admin may accept too.
      await h
        .call('offers', 'admin')
        .post(`/offers/${published.id}/accept`, { quantity: 10 })
        .expect(status(200));
    });

    it('an agency of an unregistered organisation cannot offer; nobody without a token gets in', async () => {
      const refused = await h
        .call('offers', 'stranger')
        .post('/offers', { requestId, quantity: 5 })
        .expect(status(403));
      expect(refused.body).toMatchObject({ code: 'partner_not_registered' });
      await h.call('offers').get('/offers').expect(status(401));
      await h.call('requests').get('/requests').expect(status(401));
    });

    it('only the ministry raises and changes requests; everyone reads them', async () => {
      const agency = h.call('requests', 'unicef');
      await agency
        .post('/requests', kits('00000000-0000-4000-8000-000000000000'))
        .expect(status(403));
      await agency.patch(`/requests/${requestId}`, { quantity: 1 }).expect(status(403));
      await agency.post(`/requests/${requestId}/scope`, { scope: 'domestic' }).expect(status(403));
      await agency.post(`/requests/${requestId}/cancel`, { reason: 'x' }).expect(status(403));
      const seen = await agency.get(`/requests/${requestId}`).expect(status(200));
      expect(seen.body).toMatchObject({ scope: 'international', status: 'partially-pledged' });
      const listed = await agency
        .get(`/requests?incidentId=${seen.body.incidentId}&priority=high`)
        .expect(status(200));
      expect(listed.body.items.map((r: RequestBody) => r.id)).toEqual([requestId]);
    });

    it('partners are managed by admins only', async () => {
      const partner = {
        code: 'KZ-NGO-ZHARDEM',
        name: 'Zhardem Public Foundation',
        kind: 'ngo',
        origin: 'domestic',
        contactEmail: 'duty@zhardem.example.org',
        contactPhone: '+7 717 200 0000',
      };
      await h.call('offers', 'operator').post('/partners', partner).expect(status(403));
      await h.call('offers', 'unicef').post('/partners', partner).expect(status(403));
      const created = await h
        .call('offers', 'admin')
        .post('/partners', partner)
        .expect(status(201));
      expect(created.body).toMatchObject({
        code: 'KZ-NGO-ZHARDEM',
        contactPhone: '+77172000000',
        version: 1,
      });
      await h.call('offers', 'admin').post('/partners', partner).expect(status(409));
      const everyone = await h.call('offers', 'rcs').get('/partners').expect(status(200));
      expect(everyone.body.map((p: { code: string }) => p.code)).toEqual(
        expect.arrayContaining([
          'UNICEF',
          'IFRC',
          'RCS-KZ',
          'OCHA',
          'UNDP',
          'EU',
          'USAID',
          'WB',
          'FAO',
          'ADB',
        ]),
      );
      await h
        .call('offers', 'operator')
        .patch('/partners/KZ-NGO-ZHARDEM', { name: 'x' })
        .expect(status(403));
      await h
        .call('offers', 'admin')
        .patch('/partners/KZ-NGO-ZHARDEM', { name: 'Zhardem PF' }, 1)
        .expect(status(200));
      await h
        .call('offers', 'admin')
        .patch('/partners/KZ-NGO-ZHARDEM', { name: 'again' }, 1)
        .expect(status(412));
      const inUse = await h.call('offers', 'admin').delete('/partners/UNICEF').expect(status(409));
      expect(inUse.body).toMatchObject({ code: 'partner_has_offers' });
      await h.call('offers', 'operator').delete('/partners/KZ-NGO-ZHARDEM').expect(status(403));
      await h.call('offers', 'admin').delete('/partners/KZ-NGO-ZHARDEM').expect(status(204));
      await h.call('offers', 'admin').get('/partners/KZ-NGO-ZHARDEM').expect(status(404));
    });
  });
});
