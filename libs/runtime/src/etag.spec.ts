import { parseIfMatch } from './etag';

describe('If-Match', () => {
  it.each([
    [undefined, undefined],
    ['*', undefined],
    ['"3"', 3],
    ['W/"12"', 12],
    ['7', 7],
  ])('reads %j as %j', (header, version) => {
    expect(parseIfMatch(header)).toBe(version);
  });

  it('refuses anything else', () => {
    expect(() => parseIfMatch('"abc"')).toThrow(/If-Match/);
  });
});
