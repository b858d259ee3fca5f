import { HttpException } from '@nestjs/common';
import { DomainException } from '@relief/runtime';
import { decodeCursor, encodeCursor } from './incident-cursor';
import { etagOf, parseIfMatch } from './if-match';

describe('If-Match', () => {
  it('reads the version from a strong or weak ETag', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch(' W/"12" ')).toBe(12);
    expect(parseIfMatch(etagOf(7))).toBe(7);
  });

  it('answers 428 when the header is missing', () => {
    for (const missing of [undefined, '', '  ']) {
      try {
        parseIfMatch(missing);
        throw new Error('expected a refusal');
      } catch (error) {
        expect(error).toBeInstanceOf(HttpException);
        expect((error as HttpException).getStatus()).toBe(428);
      }
    }
  });

  it.each(['*', '3', '"3", "4"', '"0"', '"-1"', '"abc"', '"99999999999"'])(
    'refuses %j with a 400 naming If-Match',
    (header) => {
      try {
        parseIfMatch(header);
        throw new Error('expected a refusal');
      } catch (error) {
        expect(error).toBeInstanceOf(DomainException);
        expect((error as DomainException).details.fields?.[0].field).toBe('If-Match');
      }
    },
  );
});

describe('incident list cursor', () => {
  it('round-trips (reportedAt, id) and is opaque', () => {
    const cursor = {
      reportedAt: new Date('2024-04-02T06:00:00.123Z'),
      id: '0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c01',
    };
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded)).toEqual(cursor);
  });

  it.each([
    'garbage!',
    Buffer.from('{"r":"2024-04-02T06:00:00.000Z"}').toString('base64url'),
    Buffer.from('{"r":"yesterday","i":"0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c01"}').toString(
      'base64url',
    ),
    Buffer.from('{"r":"2024-04-02T06:00:00.000Z","i":"1; DROP TABLE"}').toString('base64url'),
    Buffer.from('null').toString('base64url'),
  ])('refuses a cursor it did not issue: %s', (value) => {
    expect(() => decodeCursor(value)).toThrow(DomainException);
  });
});
