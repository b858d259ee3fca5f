import { Type } from 'class-transformer';
import { IsEmail, IsOptional, IsString, ValidateNested } from 'class-validator';
import { DomainException } from './domain.exception';
import {
  controlCharacterAt,
  MultiLine,
  refuseUnstorableText,
  reservedKeyPaths,
  unstorableTextAt,
  validationPipe,
} from './validation';

describe('text PostgreSQL cannot store', () => {
  it.each([
    ['plain text', 'Spring flood on the Ilek river'],
    ['Cyrillic and Kazakh', 'Су тасқыны, Ақтөбе'],
    ['a surrogate pair (emoji)', 'flood 🌊'],
    ['a number', 42],
    ['null', null],
    ['a nested object', { location: { address: 'school No. 3' }, channels: ['sms'] }],
  ])('finds nothing in %s', (_what, value) => {
    expect(unstorableTextAt(value)).toBeUndefined();
  });

  it.each([
    ['a NUL in a string', 'a\u0000b', []],
    ['a NUL in a nested field', { location: { address: 'x\u0000' } }, ['location', 'address']],
    ['a lone high surrogate', { title: 'x\uD800' }, ['title']],
    ['a lone low surrogate', { title: '\uDC00x' }, ['title']],
    ['a reversed pair', { notes: '\uDC00\uD800' }, ['notes']],
    ['an array element', { channels: ['sms', 'e\u0000mail'] }, ['channels', '1']],
    ['a key', { ['k\u0000']: 1 }, ['k\u0000']],
  ])('finds %s', (_what, value, path) => {
    expect(unstorableTextAt(value)).toEqual(path);
  });

  it('refuses a body, query or path parameter naming the field, and ignores the rest', () => {
    const refusal = (value: unknown, type: 'body' | 'query' | 'param', data?: string) => {
      try {
        refuseUnstorableText(value, { type, data });
      } catch (error) {
        expect(error).toBeInstanceOf(DomainException);
        return (error as DomainException).details.fields;
      }
      return undefined;
    };
    const message = 'must not contain U+0000 (NUL) or an unpaired surrogate';
    expect(refusal({ title: 'a\u0000' }, 'body')).toEqual([{ field: 'title', message }]);
    expect(refusal('a\u0000', 'param', 'code')).toEqual([{ field: 'code', message }]);
    expect(refusal({ cursor: '\uD800' }, 'query')).toEqual([{ field: 'cursor', message }]);
    expect(refusal('a\u0000', 'body')).toEqual([{ field: 'body', message }]);
    expect(refusal({ title: 'fine' }, 'body')).toBeUndefined();
    expect(() => refuseUnstorableText('a\u0000', { type: 'custom' })).not.toThrow();
  });

  it('is part of the validation pipe', async () => {
    await expect(
      validationPipe().transform({ title: 'a\u0000' }, { type: 'body', data: undefined }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: { fields: [{ field: 'title' }] },
    });
  });
});

describe('reserved keys (__proto__, constructor, prototype)', () => {
  it('finds each own one, however deep, and nothing in ordinary bodies', () => {
    const body = JSON.parse(
      '{"__proto__":{"x":1},"figures":{"constructor":{"prototype":1}},"a":[{"__proto__":2}]}',
    ) as unknown;
    expect(reservedKeyPaths(body)).toEqual(
      expect.arrayContaining([
        ['__proto__'],
        ['figures', 'constructor'],
        ['figures', 'constructor', 'prototype'],
        ['a', '0', '__proto__'],
      ]),
    );
    expect(reservedKeyPaths({ title: 'constructor', notes: '__proto__' })).toEqual([]);
    expect(reservedKeyPaths('__proto__')).toEqual([]);
  });

  class Probe {
    @IsString() title: string;
  }

  it('refuses them in a query too', async () => {
    // As node:querystring parses `?title=y&__proto__=x`: an object without a prototype.
    const query = Object.assign(Object.create(null) as object, { title: 'y' });
    Object.defineProperty(query, '__proto__', { value: 'x', enumerable: true });
    await expect(
      validationPipe().transform(query, { type: 'query', metatype: Probe }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: { fields: [{ field: '__proto__', message: 'property __proto__ should not exist' }] },
    });
  });
});

describe('control characters', () => {
  class Contact {
    @IsEmail() email: string;
  }
  class Probe {
    @IsString() title: string;
    @IsOptional() @IsString() @MultiLine() description?: string;
    @IsOptional() @ValidateNested() @Type(() => Contact) contact?: Contact;
  }

  const transform = (body: object) =>
    validationPipe().transform(body, { type: 'body', metatype: Probe });

  it.each([
    [
      'CR LF in a quoted local part',
      { title: 'x', contact: { email: '"a\r\nb"@example.kz' } },
      'contact.email',
    ],
    ['LF in a one-line field', { title: 'a\nb' }, 'title'],
    ['TAB in a one-line field', { title: 'a\tb' }, 'title'],
    ['BEL', { title: 'a\u0007b' }, 'title'],
    ['ESC', { title: '\u001b[31mred' }, 'title'],
    ['DEL', { title: 'a\u007fb' }, 'title'],
    ['NEL (C1)', { title: 'a\u0085b' }, 'title'],
    ['CSI (C1)', { title: 'a\u009bb' }, 'title'],
    ['LINE SEPARATOR', { title: 'a\u2028b' }, 'title'],
    ['PARAGRAPH SEPARATOR in free text', { title: 'x', description: 'a\u2029b' }, 'description'],
    ['a vertical tab in free text', { title: 'x', description: 'a\u000bb' }, 'description'],
    ['ESC in free text', { title: 'x', description: '\u001b[2J' }, 'description'],
  ])('refuses %s, naming the field', async (_what, body, field) => {
    await expect(transform(body)).rejects.toMatchObject({
      code: 'validation_failed',
      details: { fields: [{ field }] },
    });
  });

  it('lets free text keep tabs and line breaks', async () => {
    const body = { title: 'Flood', description: 'Ice jam.\r\nWater rising:\n\t+40 cm' };
    await expect(transform(body)).resolves.toMatchObject(body);
  });

  it('looks into query and path parameters too', async () => {
    await expect(
      validationPipe().transform('UNI\u0000CEF'.replace('\u0000', '\r\n'), {
        type: 'param',
        data: 'code',
        metatype: String,
      }),
    ).rejects.toMatchObject({ details: { fields: [{ field: 'code' }] } });
    expect(controlCharacterAt({ region: ['KZ-15', 'KZ\u000b27'] })).toEqual({
      path: ['region', '1'],
      multiLine: false,
    });
  });
});
