import { carriesBody, depthProblem, jsonDepth, MAX_BODY_DEPTH } from './body-parsing';

describe('jsonDepth', () => {
  it.each([
    [undefined, 0],
    [null, 0],
    ['text', 0],
    [42, 0],
    [{}, 1],
    [[], 1],
    [{ a: 1, b: 'x' }, 1],
    [{ a: { b: [1] } }, 3],
    [[{ a: [] }, 1], 3],
    [{ figures: { affected: 1 }, location: { latitude: 1 } }, 2],
  ])('%j nests %i deep', (value, depth) => {
    expect(jsonDepth(value)).toBe(depth);
  });

  it('measures a body far deeper than the stack allows, and stops past the limit', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(jsonDepth(deep)).toBe(200_000);
    expect(jsonDepth(deep, MAX_BODY_DEPTH)).toBe(MAX_BODY_DEPTH + 1);
  });

  it('counts own keys that look like prototype keys', () => {
    const body = JSON.parse('{"__proto__":{"a":{"b":1}}}') as unknown;
    expect(jsonDepth(body)).toBe(3);
  });
});

describe('depthProblem', () => {
  const nest = (depth: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i += 1) value = { a: value };
    return value;
  };

  it('lets a body as deep as the limit through', () => {
    expect(depthProblem(nest(MAX_BODY_DEPTH))).toBeUndefined();
    expect(depthProblem({ title: 'x', location: { latitude: 1 } })).toBeUndefined();
  });

  it('names the top-level field that nests too deep', () => {
    expect(depthProblem({ title: 'x', item: nest(MAX_BODY_DEPTH) })).toEqual({ field: 'item' });
    expect(depthProblem(JSON.parse(`{"__proto__":${JSON.stringify(nest(40))}}`))).toEqual({
      field: '__proto__',
    });
  });

  it('names no field for an array body', () => {
    expect(depthProblem([nest(MAX_BODY_DEPTH)])).toEqual({});
  });
});

describe('carriesBody', () => {
  it.each([
    [{}, false],
    [{ 'content-length': '0' }, false],
    [{ 'content-length': '2' }, true],
    [{ 'transfer-encoding': 'chunked' }, true],
    [{ 'content-type': 'text/plain' }, false],
  ])('%j: %s', (headers, expected) => {
    expect(carriesBody(headers)).toBe(expected);
  });
});
