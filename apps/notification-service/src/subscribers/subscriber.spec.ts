import { checkChannels, normalisePhone, severityRank } from './subscriber';

describe('subscriber rules', () => {
  it('accepts E.164 numbers only', () => {
    expect(normalisePhone('+77012345678')).toBe('+77012345678');
    expect(() => normalisePhone('87012345678')).toThrow(/E.164/);
    expect(() => normalisePhone('+7701')).toThrow(/E.164/);
  });

  it('needs an address per channel', () => {
    expect(() => checkChannels({ channels: ['sms'], email: 'a@b.kz', phone: null })).toThrow(
      /phone/,
    );
    expect(() =>
      checkChannels({ channels: ['email'], email: null, phone: '+77012345678' }),
    ).toThrow(/email/);
    expect(() => checkChannels({ channels: [], email: null, phone: null })).not.toThrow();
  });

  it('ranks CAP severities', () => {
    expect(severityRank('Extreme')).toBeGreaterThan(severityRank('Severe'));
    expect(severityRank('Minor')).toBeGreaterThan(severityRank('Unknown'));
  });
});
