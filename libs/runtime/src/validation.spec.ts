import { DomainException } from './domain.exception';
import { refuseUnstorableText, unstorableTextAt, validationPipe } from './validation';

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
