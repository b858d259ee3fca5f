import type { ArgumentMetadata } from '@nestjs/common';
import { DomainException } from './domain.exception';
import { ParseUuidPipe } from './parse-uuid.pipe';

describe('ParseUuidPipe', () => {
  const pipe = new ParseUuidPipe();
  const param = (data: string): ArgumentMetadata => ({ type: 'param', data });

  it('passes a UUID of any version through', () => {
    for (const id of [
      '5d2c8a57-6c0e-4d57-8f1a-1b0c9e2f4a10',
      '6F1C1A4E-0000-1000-8000-000000000000',
      '00000000-0000-0000-0000-000000000000',
    ]) {
      expect(pipe.transform(id, param('id'))).toBe(id);
    }
  });

  it.each([
    '',
    ' ',
    '-1',
    '/',
    '5d2c8a57-6c0e-4d57-8f1a-1b0c9e2f4a1',
    '{5d2c8a57-6c0e-4d57-8f1a-1b0c9e2f4a10}',
  ])('refuses %j naming the parameter', (value) => {
    try {
      pipe.transform(value, param('subscriptionId'));
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainException);
      expect(error).toMatchObject({
        kind: 'invalid',
        code: 'validation_failed',
        message: 'subscriptionId must be a UUID',
        details: { fields: [{ field: 'subscriptionId', message: 'must be a UUID' }] },
      });
    }
  });

  it('refuses what is not a string (a repeated query key, say)', () => {
    expect(() => pipe.transform(['a', 'b'], { type: 'query', data: 'incidentId' })).toThrow(
      'incidentId must be a UUID',
    );
  });
});
