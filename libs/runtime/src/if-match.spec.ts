import { DomainException, httpStatusOf } from './domain.exception';
import { etagOf, parseIfMatch } from './if-match';

function refusal(header: string | undefined): DomainException {
  try {
    parseIfMatch(header);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainException);
    return error as DomainException;
  }
  throw new Error('expected a refusal');
}

describe('If-Match (one rule for every versioned write)', () => {
  it('reads the version from a strong or weak ETag', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch(' W/"12" ')).toBe(12);
    expect(parseIfMatch(etagOf(7))).toBe(7);
    expect(parseIfMatch(['"4"'])).toBe(4);
  });

  it.each([undefined, '', '  '])('answers 428 if_match_required for %j', (header) => {
    const problem = refusal(header);
    expect(httpStatusOf(problem.kind)).toBe(428);
    expect(problem.code).toBe('if_match_required');
    expect(problem.details.fields?.[0].field).toBe('If-Match');
  });

  it.each(['*', '3', '"3", "4"', '"0"', '"-1"', '"abc"', '"1.5"', '"99999999999"', '"2147483648"'])(
    'refuses %j with a 400 naming If-Match (no *, no lists)',
    (header) => {
      const problem = refusal(header);
      expect(httpStatusOf(problem.kind)).toBe(400);
      expect(problem.code).toBe('invalid_if_match');
      expect(problem.details.fields?.[0].field).toBe('If-Match');
    },
  );

  it('refuses two headers (a list)', () => {
    expect(() => parseIfMatch(['"3"', '"4"'])).toThrow(/If-Match/);
  });
});
