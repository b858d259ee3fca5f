import { availableFor, isNewer, mayAnswer } from './request-view';

describe('request read model rules', () => {
  it('applies only newer snapshots', () => {
    expect(isNewer(undefined, 1)).toBe(true);
    expect(isNewer({ revision: 3 }, 4)).toBe(true);
    expect(isNewer({ revision: 3 }, 3)).toBe(false);
    expect(isNewer({ revision: 3 }, 2)).toBe(false);
  });

  it('computes what is left from the requested quantity and local acceptances', () => {
    expect(availableFor({ quantity: 400 }, 300)).toBe(100);
    expect(availableFor({ quantity: 400 }, 450)).toBe(0);
  });

  it('lets international partners answer international requests only', () => {
    expect(mayAnswer('international', 'international')).toBe(true);
    expect(mayAnswer('domestic', 'international')).toBe(false);
    expect(mayAnswer('domestic', 'domestic')).toBe(true);
  });
});
