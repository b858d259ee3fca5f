/**
 * The audit trail across services (issue 18): a change one service makes because of another's
 * event is recorded with the person who started it (the envelope's actor) and the event that
 * caused it (causationId), so an admin can follow a cascade back through `?event=`.
 * resource-request- and partner-offer-service as they run, on real Kafka and PostgreSQL.
 */
import type { AuditPageDto } from '@relief/audit';
import { eventually } from '@relief/testing';
import { AssistanceHarness, day, status } from './assistance.harness';

jest.setTimeout(180_000);

describe('audit cascades across services (Kafka + PostgreSQL)', () => {
  let h: AssistanceHarness;

  beforeAll(async () => {
    h = await AssistanceHarness.start('audit_cascade');
  });

  afterAll(async () => {
    await h?.stop();
  });

  const audit = async (service: 'requests' | 'offers', query: Record<string, string>) =>
    (
      await h
        .call(service, 'admin')
        .get(`/admin/audit?${new URLSearchParams(query).toString()}`)
        .expect(status(200))
    ).body as AuditPageDto;

  /** The one event of a type and aggregate seen on Kafka. */
  const seen = async (type: string, aggregateId: string) =>
    (
      await eventually(
        async () => h.events(type, aggregateId),
        (events) => events.length > 0,
        `${type} on Kafka`,
      )
    )[0].envelope;

  it("records a pledge's confirmation and an incident's closing cascade with their actor and cause", async () => {
    const incident = await h.incident('active');
    const raised = await eventually(
      () =>
        h.call('requests', 'operator').post('/requests', {
          incidentId: incident.incidentId,
          item: { code: 'WASH-HYGIENE-KIT' },
          quantity: 100,
          priority: 'high',
          scope: 'international',
          neededBy: day(7),
          location: { region: 'KZ-15', address: 'Aktobe, school No. 3' },
        }),
      (res) => res.status !== 422,
      'the incident to be known',
    );
    expect(raised.status).toBe(201);
    const requestId = (raised.body as { id: string }).id;
    await eventually(
      () => h.call('offers', 'operator').get(`/requests/${requestId}`),
      (res) => res.status === 200,
      'the offer side to know the request',
    );
    const offer = (
      await h
        .call('offers', 'unicef')
        .post('/offers', { requestId, quantity: 100 })
        .expect(status(201))
    ).body as { id: string };
    await h
      .call('offers', 'operator')
      .post(`/offers/${offer.id}/accept`, { quantity: 100 }, 1)
      .expect(status(200));

    // The request side counts the acceptance (request.coverage-changed naming the offer); the
    // offer side confirms the pledge, a change without an event of its own: audited directly.
    const coverage = await seen('request.coverage-changed', requestId);
    const [confirmed] = await eventually(
      async () =>
        (await audit('offers', { object: offer.id })).items.filter(
          (e) => e.action === 'offer.pledge-confirmed',
        ),
      (entries) => entries.length > 0,
      'the pledge confirmation in the audit trail',
    );
    expect(confirmed).toMatchObject({
      objectType: 'offer',
      actor: { subject: 'op-aliya', roles: ['operator'] },
      causationId: coverage.id,
      eventId: null,
      changes: { before: { pledgeConfirmed: false }, after: { pledgeConfirmed: true } },
    });

    // Another operator closes the incident; the request closes with it.
    const closer = { subject: 'op-bolat', organisationId: null, roles: ['operator'] };
    await h.incident('closed', incident.incidentId, {}, closer);
    const incidentClosed = await seen('incident.closed', incident.incidentId);
    expect(incidentClosed.actor).toMatchObject({ subject: 'op-bolat' });
    const requestClosed = await seen('request.closed', requestId);

    const history = await audit('requests', { object: requestId, type: 'request' });
    const closing = history.items.find((e) => e.action === 'request.closed');
    expect(closing).toMatchObject({
      actor: closer,
      causationId: incidentClosed.id,
      eventId: requestClosed.id,
      correlationId: incidentClosed.correlationId,
      changes: expect.objectContaining({ reasonCode: 'incident-closed' }),
    });
    const raisedEntry = history.items.find((e) => e.action === 'request.raised');
    expect(raisedEntry).toMatchObject({ actor: { subject: 'op-aliya' }, causationId: null });

    // Following the cascade: the entry of an event, by its id; the pledge's cause leads back
    // to the request side's entry of request.coverage-changed, caused by the acceptance.
    expect((await audit('requests', { event: requestClosed.id })).items).toEqual([closing]);
    const [cause] = (await audit('requests', { event: confirmed.causationId ?? '' })).items;
    const accepted = await seen('offer.accepted', offer.id);
    expect(cause).toMatchObject({
      action: 'request.coverage-changed',
      eventId: coverage.id,
      causationId: accepted.id,
    });

    // Sealed entries carry their place in the chain as a number.
    const verify = await h.call('requests', 'admin').get('/admin/audit/verify').expect(status(200));
    expect(verify.body).toMatchObject({ ok: true, unsealed: 0, firstProblem: null });
    const [newest] = (await audit('requests', { object: requestId })).items;
    expect(typeof newest.chainSeq).toBe('number');
  });
});
