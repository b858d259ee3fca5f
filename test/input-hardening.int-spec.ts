/**
 * Issue 13's hostile inputs that answered 500 or were silently taken, each sent to the real
 * services over HTTP: impossible and out-of-range dates, cursors decoding to extreme instants,
 * bodies not in their declared Content-Encoding, control characters in addresses and one-line
 * fields, prototype keys, an oversized header block; and issue 18's drill inputs (an incident's
 * mode at filing and after, `includeDrills` of a coverage report). Each must be a
 * problem-details 4xx naming what is wrong, and store nothing.
 */
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { Problem } from './bad-input/calls';
import {
  day,
  World,
  type HttpRequest,
  type HttpResponse,
  type ServiceName,
} from './bad-input/world';

const IMPOSSIBLE_DATES = [
  ['30 February', '2027-02-30'],
  ['29 February of a common year', '2027-02-29'],
  ['31 April', '2027-04-31'],
  ['year 0', '0000-01-01'],
  ['JavaScript’s latest date', '+275760-09-13'],
];
const EXTREME_INSTANTS = [
  ['JavaScript’s earliest date', '-271821-04-20T00:00:00.000Z'],
  ['JavaScript’s latest date', '+275760-09-13T00:00:00.000Z'],
  ['year 0', '0000-01-01T00:00:00.000Z'],
  ['30 February', '2027-02-30T00:00:00.000Z'],
  ['a week date', '2024-W01-1T00:00:00Z'],
];
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const ID = '0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c01';

describe('hostile input found in issue 13 (real PostgreSQL and Kafka)', () => {
  let world: World;

  beforeAll(async () => {
    world = await World.start('hardening');
  }, 180_000);

  afterAll(async () => {
    await world?.stop();
  }, 60_000);

  const as = (who: 'operator' | 'ownAgency' | 'admin') => ({
    Authorization: `Bearer ${world.token(who)}`,
  });

  /** Sends the call; expects a problem-details refusal with `status` and nothing stored. */
  async function refused(
    service: ServiceName,
    call: HttpRequest,
    status: number,
  ): Promise<Problem & { response: HttpResponse }> {
    const before = await world.snapshot(service);
    const response = await world.send(service, call);
    const after = await world.snapshot(service);
    expect({ status: response.status, text: response.text.slice(0, 300) }).toMatchObject({
      status,
    });
    expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(response.json).toMatchObject({ status });
    expect(after).toEqual(before);
    return { ...(response.json as Problem), response };
  }

  const fields = (problem: Problem) => (problem.errors ?? []).map((e) => e.field);

  const requestBody = (neededBy: string) => ({
    incidentId: world.incidentId,
    item: { code: 'WASH-HYGIENE-KIT' },
    quantity: 400,
    priority: 'high',
    neededBy,
    // The region of the incident the request read model knows (exampleEvent's).
    location: { region: 'KZ-15', address: 'Aktobe, school No. 3' },
    scope: 'international',
  });

  describe('2. impossible and out-of-range dates', () => {
    it.each(IMPOSSIBLE_DATES)(
      'refuses neededBy on %s (%s), on create and on edit',
      async (_w, date) => {
        const create = await refused(
          'request',
          {
            method: 'POST',
            path: '/requests',
            headers: as('operator'),
            body: JSON.stringify(requestBody(date)),
          },
          400,
        );
        expect(fields(create)).toEqual(['neededBy']);
        const target = (
          await world.api<{ id: string }>(
            'request',
            'POST',
            '/requests',
            'operator',
            requestBody(day(10)),
          )
        ).body;
        const edit = await refused(
          'request',
          {
            method: 'PATCH',
            path: `/requests/${target.id}`,
            headers: { ...as('operator'), 'If-Match': '"1"' },
            body: JSON.stringify({ neededBy: date }),
          },
          400,
        );
        expect(fields(edit)).toEqual(['neededBy']);
      },
    );

    it.each(IMPOSSIBLE_DATES)(
      'refuses expectedDeliveryDate on %s (%s), on publish and on edit',
      async (_w, date) => {
        const publish = await refused(
          'offer',
          {
            method: 'POST',
            path: '/offers',
            headers: as('ownAgency'),
            body: JSON.stringify({
              requestId: world.requestId,
              quantity: 10,
              expectedDeliveryDate: date,
            }),
          },
          400,
        );
        expect(fields(publish)).toEqual(['expectedDeliveryDate']);
        const offer = await world.offer();
        const edit = await refused(
          'offer',
          {
            method: 'PATCH',
            path: `/offers/${offer.id}`,
            headers: { ...as('ownAgency'), 'If-Match': `"${offer.version}"` },
            body: JSON.stringify({ expectedDeliveryDate: date }),
          },
          400,
        );
        expect(fields(edit)).toEqual(['expectedDeliveryDate']);
      },
    );

    it('takes 29 February of a leap year', async () => {
      await world.api('request', 'POST', '/requests', 'operator', requestBody('2028-02-29'));
    });

    it.each(EXTREME_INSTANTS)(
      'refuses a timestamp on %s (%s) in bodies and filters',
      async (_w, instant) => {
        const filter = await refused(
          'incident',
          {
            method: 'GET',
            path: '/incidents',
            query: `reportedFrom=${encodeURIComponent(instant)}`,
            headers: as('operator'),
          },
          400,
        );
        expect(fields(filter)).toEqual(['reportedFrom']);
        const filed = await refused(
          'incident',
          {
            method: 'POST',
            path: '/incidents',
            headers: as('operator'),
            body: JSON.stringify({
              title: 'Flood',
              hazard: 'FL',
              region: 'KZ-15',
              severity: 'Severe',
              urgency: 'Immediate',
              certainty: 'Observed',
              occurredAt: instant,
            }),
          },
          400,
        );
        expect(fields(filed)).toEqual(['occurredAt']);
        const offer = await world.offer('dispatchable');
        const dispatch = await refused(
          'offer',
          {
            method: 'POST',
            path: `/offers/${offer.id}/dispatch`,
            headers: { ...as('ownAgency'), 'If-Match': `"${offer.version}"` },
            body: JSON.stringify({ expectedArrival: instant }),
          },
          400,
        );
        expect(fields(dispatch)).toEqual(['expectedArrival']);
      },
    );
  });

  describe('3. cursors that decode to extreme or ill-typed values', () => {
    it.each([
      ...EXTREME_INSTANTS.map(([what, r]) => [what, cursorOf({ r, i: ID })]),
      ['a number for the instant', cursorOf({ r: 0, i: ID })],
      ['an array for the id', cursorOf({ r: '2024-04-02T06:00:00.000Z', i: [ID] })],
      ['null', cursorOf(null)],
    ])('refuses a cursor with %s, naming cursor', async (_what, cursor) => {
      const problem = await refused(
        'incident',
        { method: 'GET', path: '/incidents', query: `cursor=${cursor}`, headers: as('operator') },
        400,
      );
      expect(problem.code).toBe('invalid_cursor');
      expect(fields(problem)).toEqual(['cursor']);
    });
  });

  describe('4. bodies not in their declared Content-Encoding', () => {
    const incident = JSON.stringify({
      title: 'Spring flood on the Ilek river',
      hazard: 'FL',
      region: 'KZ-15',
      severity: 'Severe',
      urgency: 'Immediate',
      certainty: 'Observed',
    });
    const post = (encoding: string, body: string | Buffer): HttpRequest => ({
      method: 'POST',
      path: '/incidents',
      headers: { ...as('operator'), 'Content-Encoding': encoding },
      body,
    });

    it.each(['gzip', 'deflate', 'br'])(
      'refuses plain JSON declared %s with 400',
      async (encoding) => {
        const problem = await refused('incident', post(encoding, incident), 400);
        expect(problem.code).toBe('undecodable_body');
      },
    );

    it.each(['x-unknown', 'gzip, gzip'])(
      'refuses Content-Encoding %s with 415',
      async (encoding) => {
        const problem = await refused('incident', post(encoding, gzipSync(incident)), 415);
        expect(problem.code).toBe('unsupported_content_encoding');
      },
    );

    it('refuses gzip bytes declared identity as malformed JSON', async () => {
      const problem = await refused('incident', post('identity', gzipSync(incident)), 400);
      expect(problem.code).toBe('malformed_json');
    });

    it('takes a real gzip, deflate or br body, and refuses one inflating past the limit', async () => {
      for (const body of [
        gzipSync(incident),
        deflateSync(incident),
        brotliCompressSync(incident),
      ]) {
        const encoding = body[0] === 0x1f ? 'gzip' : body[0] === 0x78 ? 'deflate' : 'br';
        const response = await world.send('incident', post(encoding, body));
        expect({ encoding, status: response.status }).toEqual({ encoding, status: 201 });
      }
      const bomb = gzipSync(`{"title":"${'x'.repeat(4 * 1024 * 1024)}"}`);
      const problem = await refused('incident', post('gzip', bomb), 413);
      expect(problem.code).toBe('body_too_large');
    });
  });

  describe('9. control characters in addresses and one-line fields', () => {
    const subscriber = (email: string) => ({
      name: 'UNICEF duty desk',
      organisation: 'UNICEF',
      email,
      language: 'en',
      channels: ['email'],
    });

    it.each(['"a\r\nb"@example.kz', '"a\u0085b"@example.kz', '"a\u2028b"@example.kz'])(
      'refuses subscriber email %j',
      async (email) => {
        const problem = await refused(
          'notification',
          {
            method: 'POST',
            path: '/subscribers',
            headers: as('admin'),
            body: JSON.stringify(subscriber(email)),
          },
          400,
        );
        expect(fields(problem)).toEqual(['email']);
      },
    );

    it('refuses a partner contact email with CR LF, on create and on edit', async () => {
      const create = await refused(
        'offer',
        {
          method: 'POST',
          path: '/partners',
          headers: as('admin'),
          body: JSON.stringify({
            code: world.unique('CRLF').toUpperCase().slice(0, 32),
            name: 'Zhardem Public Foundation',
            kind: 'ngo',
            origin: 'domestic',
            contactEmail: '"duty\r\nBcc: all@example.org"@zhardem.example.org',
          }),
        },
        400,
      );
      expect(fields(create)).toEqual(['contactEmail']);
      const partner = await world.partner();
      const edit = await refused(
        'offer',
        {
          method: 'PATCH',
          path: `/partners/${partner.code}`,
          headers: { ...as('admin'), 'If-Match': `"${partner.version}"` },
          body: JSON.stringify({ contactEmail: '"a\r\nb"@example.kz' }),
        },
        400,
      );
      expect(fields(edit)).toEqual(['contactEmail']);
    });

    it('refuses a line break in a one-line field, and keeps one in free text', async () => {
      const problem = await refused(
        'incident',
        {
          method: 'POST',
          path: '/incidents',
          headers: as('operator'),
          body: JSON.stringify({
            title: 'Spring flood\r\nX-Injected: yes',
            hazard: 'FL',
            region: 'KZ-15',
            severity: 'Severe',
            urgency: 'Immediate',
            certainty: 'Observed',
          }),
        },
        400,
      );
      expect(fields(problem)).toEqual(['title']);
      await world.api('incident', 'POST', '/incidents', 'operator', {
        title: 'Spring flood',
        description: 'Ice jam downstream of Aktobe.\nWater rising:\t+40 cm',
        hazard: 'FL',
        region: 'KZ-15',
        severity: 'Severe',
        urgency: 'Immediate',
        certainty: 'Observed',
      });
    });
  });

  describe('10. prototype keys are refused like any unknown key', () => {
    it.each([
      ['{"__proto__":{"x":1}}', '__proto__'],
      ['{"constructor":{"prototype":{"x":1}}}', 'constructor'],
      ['{"figures":{"__proto__":{"affected":1}}}', 'figures.__proto__'],
      ['{"figures":{"prototype":1}}', 'figures.prototype'],
    ])('refuses %s, naming %s', async (extra, field) => {
      const body = {
        title: 'Spring flood',
        hazard: 'FL',
        region: 'KZ-15',
        severity: 'Severe',
        urgency: 'Immediate',
        certainty: 'Observed',
      };
      const json = `${JSON.stringify(body).slice(0, -1)},${extra.slice(1)}`;
      const problem = await refused(
        'incident',
        { method: 'POST', path: '/incidents', headers: as('operator'), body: json },
        400,
      );
      expect(problem.code).toBe('validation_failed');
      expect(fields(problem)).toContain(field);
    });
  });

  describe('11. an oversized header block', () => {
    it('is a 431 in problem details', async () => {
      const problem = await refused(
        'incident',
        {
          method: 'GET',
          path: '/incidents',
          headers: { ...as('operator'), 'X-Filler': 'f'.repeat(20_000) },
        },
        431,
      );
      expect(problem.code).toBe('headers_too_large');
    });
  });

  describe('12. drill modes (issue 18): fixed at filing, spelt exactly', () => {
    const incidentBody = (mode: unknown) =>
      JSON.stringify({
        title: 'Earthquake drill, Almaty',
        hazard: 'EQ',
        region: 'KZ-75',
        severity: 'Extreme',
        urgency: 'Immediate',
        certainty: 'Observed',
        mode,
      });

    it.each([['Exercise'], ['EXERCISE'], ['drill'], [''], [null], [true]])(
      'refuses filing with mode %j (400 naming mode)',
      async (mode) => {
        const problem = await refused(
          'incident',
          { method: 'POST', path: '/incidents', headers: as('operator'), body: incidentBody(mode) },
          400,
        );
        expect(fields(problem)).toEqual(['mode']);
      },
    );

    it.each([
      ['an exercise', 'exercise', 'actual', 422],
      ['an exercise', 'exercise', 'exercise', 422],
      ['an exercise', 'exercise', null, 422],
      ['an exercise', 'exercise', 'drill', 400],
      ['an exercise', 'exercise', 'Actual', 400],
      ['a real incident', 'actual', 'exercise', 422],
      ['a real incident', 'actual', null, 422],
      ['a real incident', 'actual', 'test ', 400],
    ])(
      'refuses a PATCH of %s (%s) with mode %j: %i naming mode',
      async (_what, filed, mode, status) => {
        const { body: incident, etag } = await world.api<{ id: string }>(
          'incident',
          'POST',
          '/incidents',
          'operator',
          JSON.parse(incidentBody(filed)),
        );
        const problem = await refused(
          'incident',
          {
            method: 'PATCH',
            path: `/incidents/${incident.id}`,
            headers: { ...as('operator'), 'If-Match': `"${etag}"` },
            body: JSON.stringify({ mode, title: 'Now for real' }),
          },
          status,
        );
        expect(fields(problem)).toEqual(['mode']);
        if (status === 422) expect(problem.code).toBe('incident_mode_immutable');
        const after = await world.api<{ mode: string; title: string; version: number }>(
          'incident',
          'GET',
          `/incidents/${incident.id}`,
          'operator',
        );
        expect(after.body).toMatchObject({
          mode: filed,
          title: 'Earthquake drill, Almaty',
          version: etag,
        });
      },
    );

    it.each([['maybe'], ['2'], [''], ['TRUE'], ['yes'], ['true&includeDrills=true']])(
      'refuses a coverage report with includeDrills=%s (400 naming includeDrills)',
      async (value) => {
        const problem = await refused(
          'request',
          {
            method: 'GET',
            path: `/incidents/${world.incidentId}/coverage`,
            query: `includeDrills=${value}`,
            headers: as('operator'),
          },
          400,
        );
        expect(fields(problem)).toEqual(['includeDrills']);
      },
    );

    it('refuses a coverage report in a format it does not write (400 naming format)', async () => {
      const problem = await refused(
        'request',
        {
          method: 'GET',
          path: `/incidents/${world.incidentId}/coverage`,
          query: 'format=xml&includeDrills=false',
          headers: as('operator'),
        },
        400,
      );
      expect(fields(problem)).toEqual(['format']);
    });
  });

  it('still takes a valid call of each kind touched here', async () => {
    await world.api('request', 'POST', '/requests', 'operator', requestBody(day(3)));
    await world.api('offer', 'POST', '/offers', 'ownAgency', {
      requestId: world.requestId,
      quantity: 3,
      expectedDeliveryDate: day(4),
    });
    for (const query of ['', '?includeDrills=false', '?includeDrills=true&format=csv']) {
      await world.api(
        'request',
        'GET',
        `/incidents/${world.incidentId}/coverage${query}`,
        'operator',
      );
    }
  });
});
