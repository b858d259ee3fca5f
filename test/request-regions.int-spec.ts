/**
 * Issue 13, finding 8, over HTTP on real Kafka and PostgreSQL: resource-request-service stores
 * only regions of the platform vocabulary, and a request's region is its incident's (which it
 * learns from incident events, also when the incident's region is corrected later).
 */
import type { IncidentSnapshotV1 } from '@relief/contracts';
import { eventually } from '@relief/testing';
import { AssistanceHarness, day, status } from './assistance.harness';

interface RequestBody {
  id: string;
  version: number;
  location: { region: string; address: string | null };
}

const UNKNOWN = ['KZ-99', 'RU-MOW', 'XX-XXX', 'KZ-AKT'];

describe("a request's region (resource-request-service, real Kafka + PostgreSQL)", () => {
  let h: AssistanceHarness;
  let aktobe: IncidentSnapshotV1;

  const kits = (incidentId: string, location: object) => ({
    incidentId,
    item: { code: 'WASH-HYGIENE-KIT' },
    quantity: 100,
    priority: 'high',
    neededBy: day(7),
    location,
  });
  const raise = (body: object) => h.call('requests', 'operator').post('/requests', body);
  const stored = async (incidentId: string) =>
    (
      await h.requests.sql.query<{ region: string }>(
        'SELECT region FROM resource_requests WHERE incident_id = $1 ORDER BY raised_at',
        [incidentId],
      )
    ).rows.map((r) => r.region);
  /** Files an incident and waits until the request service knows it (a valid request passes). */
  const knownIncident = async (overrides: Partial<IncidentSnapshotV1> = {}) => {
    const incident = await h.incident('active', undefined, overrides);
    const first = await eventually(
      () => raise(kits(incident.incidentId, { region: incident.region })),
      (res) => res.status !== 422 || res.body.code !== 'incident_unknown',
      'the request service to learn of the incident',
    );
    expect(first.status).toBe(201);
    return { incident, first: first.body as RequestBody };
  };

  beforeAll(async () => {
    h = await AssistanceHarness.start('regions');
    aktobe = (await knownIncident({ region: 'KZ-15' })).incident;
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  }, 60_000);

  it.each(UNKNOWN)(
    'refuses to raise a request in the unknown region %s: 400 naming location.region, nothing stored',
    async (region) => {
      const before = await stored(aktobe.incidentId);
      const refused = await raise(kits(aktobe.incidentId, { region })).expect(status(400));
      expect(refused.body.code).toBe('unknown_region');
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'location.region' })]);
      expect(await stored(aktobe.incidentId)).toEqual(before);
    },
  );

  it('refuses a Kazakh code outside the vocabulary even before the incident is known', async () => {
    const stranger = '00000000-0000-4000-8000-000000000000';
    const refused = await raise(kits(stranger, { region: 'KZ-99' })).expect(status(400));
    expect(refused.body.code).toBe('unknown_region');
    // Another country's code may be a region an admin added: the incident's event decides.
    const waits = await raise(kits(stranger, { region: 'RU-MOW' })).expect(status(422));
    expect(waits.body.code).toBe('incident_unknown');
  });

  it.each(UNKNOWN)(
    'refuses to move a request to the unknown region %s: 400 naming location.region, unchanged',
    async (region) => {
      const { first } = await knownIncident({ region: 'KZ-15' });
      const refused = await h
        .call('requests', 'operator')
        .patch(`/requests/${first.id}`, { location: { region, address: 'Somewhere' } })
        .expect(status(400));
      expect(refused.body.code).toBe('unknown_region');
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'location.region' })]);
      const now = (await h.call('requests', 'operator').get(`/requests/${first.id}`)).body;
      expect(now).toMatchObject({ version: first.version, location: first.location });
    },
  );

  it("refuses a known region other than its incident's, on raise and on edit: 422 region_outside_incident", async () => {
    const before = await stored(aktobe.incidentId);
    const raised = await raise(kits(aktobe.incidentId, { region: 'KZ-27' })).expect(status(422));
    expect(raised.body).toMatchObject({ code: 'region_outside_incident', incidentRegion: 'KZ-15' });
    expect(raised.body.errors).toEqual([expect.objectContaining({ field: 'location.region' })]);
    expect(await stored(aktobe.incidentId)).toEqual(before);

    const request = (await raise(kits(aktobe.incidentId, { region: 'KZ-15' })).expect(status(201)))
      .body as RequestBody;
    const edited = await h
      .call('requests', 'operator')
      .patch(`/requests/${request.id}`, { location: { region: 'KZ-75' } })
      .expect(status(422));
    expect(edited.body.code).toBe('region_outside_incident');
    const now = (await h.call('requests', 'operator').get(`/requests/${request.id}`)).body;
    expect(now).toMatchObject({ version: request.version, location: { region: 'KZ-15' } });
  });

  it("takes the incident's region when none is named, on raise and on edit", async () => {
    const raised = (
      await raise(kits(aktobe.incidentId, { address: 'Kargaly' })).expect(status(201))
    ).body as RequestBody;
    expect(raised.location).toEqual({ region: 'KZ-15', address: 'Kargaly', coordinates: null });
    const edited = await h
      .call('requests', 'operator')
      .patch(`/requests/${raised.id}`, { location: { address: 'Badamsha' } })
      .expect(status(200));
    expect(edited.body.location).toEqual({
      region: 'KZ-15',
      address: 'Badamsha',
      coordinates: null,
    });
  });

  it("follows its incident when the incident's region is corrected, and tells the other services", async () => {
    const { incident, first } = await knownIncident({ region: 'KZ-15' });
    const cancelled = (
      await raise(kits(incident.incidentId, { region: 'KZ-15' })).expect(status(201))
    ).body as RequestBody;
    await h
      .call('requests', 'operator')
      .post(`/requests/${cancelled.id}/cancel`, { reason: 'raised twice' })
      .expect(status(200));

    await h.incidentUpdated({ ...incident, region: 'KZ-27' }, ['region']);
    const moved = await eventually(
      () => h.call('requests', 'operator').get(`/requests/${first.id}`),
      (res) => (res.body as RequestBody).location.region === 'KZ-27',
      'the request to follow its incident to KZ-27',
    );
    expect((moved.body as RequestBody).location.address).toBe(first.location.address);
    const updated = await eventually(
      () => Promise.resolve(h.events('request.updated', first.id)),
      (seen) => seen.length > 0,
      'request.updated for the move',
    );
    expect(updated[0].envelope.payload).toMatchObject({
      region: 'KZ-27',
      changedFields: ['location'],
    });
    // An ended request keeps the region it ended in.
    const still = (await h.call('requests', 'operator').get(`/requests/${cancelled.id}`)).body;
    expect(still).toMatchObject({ location: { region: 'KZ-15' } });

    // From now on the new region is the one requests of this incident take.
    await raise(kits(incident.incidentId, { region: 'KZ-15' })).expect(status(422));
    await raise(kits(incident.incidentId, { region: 'KZ-27' })).expect(status(201));
  });

  it("accepts a region an admin added to incident-service when it is its incident's", async () => {
    const { incident } = await knownIncident({ region: 'UZ-TO' });
    const raised = (await raise(kits(incident.incidentId, {})).expect(status(201)))
      .body as RequestBody;
    expect(raised.location.region).toBe('UZ-TO');
    const elsewhere = await raise(kits(aktobe.incidentId, { region: 'UZ-TO' })).expect(status(400));
    expect(elsewhere.body.code).toBe('unknown_region');
  });
});
