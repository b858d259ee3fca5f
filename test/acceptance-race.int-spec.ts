/**
 * Never beyond the need: concurrent acceptances on the last units, an acceptance made on a
 * stale read model (compensated through request.offer-acceptance-rejected), and a quantity cut
 * racing an acceptance across the two services. Real Kafka and PostgreSQL.
 */
import { eventually } from '@relief/testing';
import { AssistanceHarness, status, type Who } from './assistance.harness';

interface Coverage {
  requested: number;
  pledged: number;
  delivered: number;
  remaining: number;
}
interface RequestBody {
  id: string;
  version: number;
  status: string;
  coverage: Coverage;
}
interface OfferBody {
  id: string;
  version: number;
  status: string;
  pledgeConfirmed: boolean;
  acceptanceReverted: boolean;
  acceptedQuantity: number | null;
  reason: string | null;
}

describe('acceptances never exceed the need (two services, real Kafka + PostgreSQL)', () => {
  let h: AssistanceHarness;
  let incidentId: string;

  beforeAll(async () => {
    h = await AssistanceHarness.start('race');
    incidentId = (await h.incident('active')).incidentId;
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  }, 60_000);

  /** An international request for `quantity` kits, known to both services. */
  const raise = (quantity: number): Promise<RequestBody> =>
    h.raiseRequest<RequestBody>(incidentId, quantity);

  const offer = async (who: Who, requestId: string, quantity: number) =>
    (await h.call('offers', who).post('/offers', { requestId, quantity }).expect(status(201)))
      .body as OfferBody;
  const getOffer = async (id: string) =>
    (await h.call('offers', 'operator').get(`/offers/${id}`).expect(status(200))).body as OfferBody;
  const getRequest = async (id: string) =>
    (await h.call('requests', 'operator').get(`/requests/${id}`).expect(status(200)))
      .body as RequestBody;
  /** The request side has counted exactly what the offer side holds as accepted. */
  const settled = (id: string, pledged: number) =>
    eventually(
      () => getRequest(id),
      (r) => r.coverage.pledged === pledged,
      `pledged = ${pledged}`,
    );

  it('two operators accepting offers for the last 100 kits at the same time: one succeeds, nothing beyond the need', async () => {
    const request = await raise(400);
    const first = await offer('unicef', request.id, 300);
    await h.call('offers', 'operator').post(`/offers/${first.id}/accept`, {}).expect(status(200));

    const a = await offer('ifrc', request.id, 100);
    const b = await offer('rcs', request.id, 100);
    const [ra, rb] = await Promise.all([
      h.call('offers', 'operator').post(`/offers/${a.id}/accept`, { quantity: 100 }),
      h.call('offers', 'operator2').post(`/offers/${b.id}/accept`, { quantity: 100 }),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    const loser = ra.status === 409 ? ra : rb;
    expect(loser.body).toMatchObject({ code: 'quantity_exceeds_remaining', available: 0 });

    const final = await settled(request.id, 400);
    expect(final).toMatchObject({
      status: 'pledged',
      coverage: { requested: 400, pledged: 400, remaining: 0 },
    });
    expect(h.events('request.offer-acceptance-rejected', request.id)).toEqual([]);
  });

  it('five concurrent acceptances of 30 on 100 remaining: exactly three succeed', async () => {
    const request = await raise(400);
    const first = await offer('unicef', request.id, 300);
    await h.call('offers', 'operator').post(`/offers/${first.id}/accept`, {}).expect(status(200));
    const partners: Who[] = ['ifrc', 'rcs', 'unicef', 'ifrc', 'rcs'];
    const offers = await Promise.all(partners.map((who) => offer(who, request.id, 30)));

    const answers = await Promise.all(
      offers.map((o, i) =>
        h.call('offers', i % 2 === 0 ? 'operator' : 'operator2').post(`/offers/${o.id}/accept`, {}),
      ),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(3);
    expect(
      answers.filter((r) => r.status === 409).map((r) => (r.body as { code: string }).code),
    ).toEqual(['quantity_exceeds_remaining', 'quantity_exceeds_remaining']);

    const final = await settled(request.id, 390);
    expect(final).toMatchObject({
      status: 'partially-pledged',
      coverage: { requested: 400, pledged: 390, delivered: 0, remaining: 10 },
    });
    const listed = await h
      .call('offers', 'operator')
      .get(`/offers?requestId=${request.id}&status=accepted`)
      .expect(status(200));
    expect(
      listed.body.items.reduce((sum: number, o: OfferBody) => sum + o.acceptedQuantity!, 0),
    ).toBe(390);
  });

  it('an acceptance made on a stale view is rejected by the request side and reverted', async () => {
    const request = await raise(100);
    // What a replica that has not yet heard of a cut would hold: the offer side believes 150
    // kits are needed, the request service (the authority) knows it is 100.
    await h.offers.sql.query('UPDATE requests SET quantity = 150 WHERE id = $1', [request.id]);

    const big = await offer('unicef', request.id, 150);
    const accepted = await h
      .call('offers', 'operator')
      .post(`/offers/${big.id}/accept`, {}, 1)
      .expect(status(200));
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      acceptedQuantity: 150,
      pledgeConfirmed: false,
    });
    // Not confirmed yet, so it cannot be dispatched before the request side has spoken.
    await h.call('offers', 'unicef').post(`/offers/${big.id}/dispatch`, {}).expect(status(409));

    const reverted = await eventually(
      () => getOffer(big.id),
      (o) => o.status === 'declined',
      'compensation',
    );
    expect(reverted).toMatchObject({ acceptanceReverted: true, pledgeConfirmed: false });
    expect(reverted.reason).toMatch(/quantity-exceeds-remaining/);
    const [rejection] = await eventually(
      async () => h.events('request.offer-acceptance-rejected', request.id),
      (events) => events.length > 0,
      'request.offer-acceptance-rejected on Kafka',
    );
    expect(rejection.envelope.payload).toMatchObject({
      offerId: big.id,
      acceptedQuantity: 150,
      remainingQuantity: 100,
      reason: 'quantity-exceeds-remaining',
      reasonParams: { quantity: 150, remaining: 100, unit: 'kit' },
    });
    const reverts = await eventually(
      async () => h.events('offer.declined', big.id).map((e) => e.envelope.payload),
      (payloads) => payloads.some((p) => p.acceptanceReverted === true),
      'offer.declined (acceptance reverted) on Kafka',
    );
    // What the partner reads is the code with its params, not the request side's English.
    expect(reverts.find((p) => p.acceptanceReverted === true)).toMatchObject({
      reasonCode: 'quantity-exceeds-remaining',
      reasonParams: { quantity: 150, remaining: 100, unit: 'kit' },
    });
    expect((await getRequest(request.id)).coverage).toEqual({
      requested: 100,
      pledged: 0,
      delivered: 0,
      remaining: 100,
    });

    // The rejected acceptance held nothing: the whole need can still be pledged.
    const fits = await offer('ifrc', request.id, 100);
    await h.call('offers', 'operator').post(`/offers/${fits.id}/accept`, {}).expect(status(200));
    await settled(request.id, 100);
    await eventually(
      () => getOffer(fits.id),
      (o) => o.pledgeConfirmed,
      'confirmation of the second offer',
    );
  });

  it('a quantity cut racing an acceptance ends consistent whichever wins', async () => {
    const request = await raise(100);
    const full = await offer('unicef', request.id, 100);
    const [cut, accept] = await Promise.all([
      h
        .call('requests', 'operator')
        .patch(`/requests/${request.id}`, { quantity: 40 }, request.version),
      h.call('offers', 'operator2').post(`/offers/${full.id}/accept`, {}),
    ]);
    expect([200, 409]).toContain(cut.status);
    expect([200, 409]).toContain(accept.status);

    // Wait until the offer is settled one way or the other, then check both sides agree.
    const settledOffer = await eventually(
      () => getOffer(full.id),
      (o) => o.status === 'published' || o.status === 'declined' || o.pledgeConfirmed,
      'the offer to settle',
    );
    const final = await getRequest(request.id);
    expect(final.coverage.pledged).toBeLessThanOrEqual(final.coverage.requested);
    if (settledOffer.status === 'accepted') {
      // The acceptance was counted before the cut arrived: the cut was refused.
      expect(cut.status).toBe(409);
      expect(final.coverage).toMatchObject({ requested: 100, pledged: 100 });
    } else {
      // The cut came first: the acceptance was refused, or made on a stale view and reverted.
      expect(cut.status).toBe(200);
      expect(final.coverage).toMatchObject({ requested: 40, pledged: 0, remaining: 40 });
      expect(
        settledOffer.status === 'published' ? accept.status : settledOffer.acceptanceReverted,
      ).toBe(settledOffer.status === 'published' ? 409 : true);
    }
  });

  it('refuses an acceptance based on a stale version of the offer (If-Match → 412)', async () => {
    const request = await raise(50);
    const o = await offer('rcs', request.id, 50);
    await h.call('offers', 'rcs').patch(`/offers/${o.id}`, { quantity: 40 }, 1).expect(status(200));
    const stale = await h
      .call('offers', 'operator')
      .post(`/offers/${o.id}/accept`, {}, 1)
      .expect(status(412));
    expect(stale.body).toMatchObject({ code: 'stale_version', currentVersion: 2 });
    expect((await getOffer(o.id)).status).toBe('published');
  });
});
