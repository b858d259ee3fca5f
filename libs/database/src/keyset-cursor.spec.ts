import { decodeCursor, encodeCursor, keysetPage } from './keyset-cursor';

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('keyset cursor', () => {
  it('round-trips its fields and is URL-safe', () => {
    const encoded = encodeCursor({ n: 'Aigerim Seitkali / Айгерим', i: 'x' });
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded, ['n', 'i'])).toEqual({ n: 'Aigerim Seitkali / Айгерим', i: 'x' });
  });

  it.each([
    ['not base64url JSON', 'garbage!'],
    ['null', cursorOf(null)],
    ['an array', cursorOf(['a', 'b'])],
    ['a string', cursorOf('cursor')],
    ['a missing field', cursorOf({ n: 'a' })],
    ['a field not a string', cursorOf({ n: 'a', i: 7 })],
  ])('is undefined for %s', (_what, value) => {
    expect(decodeCursor(value, ['n', 'i'])).toBeUndefined();
  });

  it('keysetPage drops the extra row and names the last item', () => {
    const page = keysetPage([1, 2, 3], 2, (last) => ({ v: String(last) }));
    expect(page.items).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor!, ['v'])).toEqual({ v: '2' });
    expect(keysetPage([1, 2], 2, (last) => ({ v: String(last) })).nextCursor).toBeNull();
  });
});
