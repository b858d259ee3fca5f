import { RequestException } from '../requests/request.exception';
import { assertAcceptsRequests, assertKnownRegion, regionForRequest } from './incident-view';

// How the read model applies snapshots is @relief/read-models' (and its tests'); here: the rules.
describe('incident read model', () => {
  it('refuses requests for unknown or closed incidents, the former with a retry hint', () => {
    try {
      assertAcceptsRequests(undefined, 'x');
      fail('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(RequestException);
      expect((error as RequestException).kind).toBe('unprocessable');
      expect((error as RequestException).details.retryAfterSeconds).toBe(5);
    }
    expect(() => assertAcceptsRequests({ status: 'cancelled', reference: 'R' }, 'x')).toThrow(
      /cancelled/,
    );
    expect(() => assertAcceptsRequests({ status: 'active', reference: 'R' }, 'x')).not.toThrow();
  });

  describe("a request's region", () => {
    const aktobe = { region: 'KZ-15', reference: 'FL-2024-KZ-AKT-0007' };
    const problem = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        const e = error as RequestException;
        return { status: `${e.kind}:${e.code}`, fields: e.details.fields?.map((f) => f.field) };
      }
      throw new Error('expected a refusal');
    };

    it("is the incident's, named or left out", () => {
      expect(regionForRequest('KZ-15', aktobe)).toBe('KZ-15');
      expect(regionForRequest(undefined, aktobe)).toBe('KZ-15');
    });

    it.each(['KZ-99', 'RU-MOW', 'XX-XXX', 'KZ-AKT'])(
      'refuses the unknown %s with 400 naming location.region',
      (code) => {
        expect(problem(() => regionForRequest(code, aktobe))).toEqual({
          status: 'invalid:unknown_region',
          fields: ['location.region'],
        });
      },
    );

    it('refuses a Kazakh code outside the vocabulary before the incident is known; another country waits for it', () => {
      expect(problem(() => assertKnownRegion('KZ-99', null)).status).toBe('invalid:unknown_region');
      // RU-MOW may be a region an admin added to incident-service: the incident will tell.
      expect(() => assertKnownRegion('RU-MOW', null)).not.toThrow();
    });

    it("refuses a known region other than the incident's with 422 region_outside_incident", () => {
      expect(problem(() => regionForRequest('KZ-27', aktobe))).toEqual({
        status: 'unprocessable:region_outside_incident',
        fields: ['location.region'],
      });
    });

    it('accepts the region an admin added to incident-service when it is the incident’s', () => {
      const tashkent = { region: 'UZ-TO', reference: 'FL-2024-UZ-TOS-0001' };
      expect(regionForRequest('UZ-TO', tashkent)).toBe('UZ-TO');
      expect(() => assertKnownRegion('UZ-TO', tashkent)).not.toThrow();
      expect(problem(() => regionForRequest('UZ-TO', aktobe)).status).toBe(
        'invalid:unknown_region',
      );
    });
  });
});
