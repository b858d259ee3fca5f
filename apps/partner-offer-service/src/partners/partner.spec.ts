import { PartnerException } from './partner.exception';
import { Partner, partnerCodeOf } from './partner';

const now = new Date('2024-04-18T09:00:00Z');

describe('Partner', () => {
  it('registers with an upper-case code, a lower-case email and an E.164 phone', () => {
    const partner = Partner.register(
      {
        code: 'rcs-kz',
        name: ' Red Crescent Society of Kazakhstan ',
        kind: 'red-cross-red-crescent',
        origin: 'domestic',
        contactEmail: 'Ops@Example.org',
        contactPhone: '8 727 291 6213',
      },
      now,
    );
    expect(partner.snapshot).toMatchObject({
      code: 'RCS-KZ',
      name: 'Red Crescent Society of Kazakhstan',
      contactEmail: 'ops@example.org',
      contactPhone: '+77272916213',
      version: 1,
    });
  });

  it('refuses a bad code or phone', () => {
    expect(() =>
      Partner.register(
        { code: 'un icef', name: 'x', kind: 'un-agency', origin: 'international' },
        now,
      ),
    ).toThrow(PartnerException);
    expect(() =>
      Partner.register(
        { code: 'X', name: 'x', kind: 'ngo', origin: 'domestic', contactPhone: '12' },
        now,
      ),
    ).toThrow(/not a valid phone number/);
  });

  it('updates only what changed, bumping the version', () => {
    const partner = Partner.register(
      { code: 'UNDP', name: 'UNDP', kind: 'un-agency', origin: 'international' },
      now,
    );
    expect(partner.update({ name: 'UNDP', kind: 'un-agency' }, now)).toEqual([]);
    expect(partner.update({ name: 'United Nations Development Programme' }, now)).toEqual(['name']);
    expect(partner.snapshot.version).toBe(2);
    expect(() => partner.assertVersion(1)).toThrow(/version 2/);
  });

  it('reads the organisation of a token in any case', () => {
    expect(partnerCodeOf({ sub: 'a', roles: ['agency'], org: 'unicef' })).toBe('UNICEF');
    expect(partnerCodeOf({ sub: 'a', roles: ['operator'] })).toBeUndefined();
  });
});
