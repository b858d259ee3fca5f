import {
  ForbiddenException,
  ServiceUnavailableException,
  type ArgumentsHost,
} from '@nestjs/common';
import { ProblemDetailsFilter } from './problem-details.filter';

/** What the filter writes: status, headers, body. */
function answer(exception: unknown, errors: unknown[] = []) {
  const written = { status: 0, headers: {} as Record<string, string>, body: {} as object };
  const response = {
    setHeader: (name: string, value: string) => (written.headers[name] = value),
    status: (status: number) => {
      written.status = status;
      return response;
    },
    type: () => response,
    json: (body: object) => (written.body = body),
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => response }),
  } as unknown as ArgumentsHost;
  const filter = new ProblemDetailsFilter();
  (filter as unknown as { logger: object }).logger = {
    warn: () => undefined,
    error: (logged: unknown) => errors.push(logged),
  };
  filter.catch(exception, host);
  return written;
}

describe('ProblemDetailsFilter', () => {
  it.each([
    [
      'the database refusing connections',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    [
      'the database shutting down (TypeORM wraps the driver error)',
      Object.assign(new Error('terminating connection due to administrator command'), {
        driverError: { code: '57P01' },
      }),
    ],
    [
      'a transaction whose connection the server closed',
      Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), {
        name: 'QueryRunnerAlreadyReleasedError',
      }),
    ],
  ])('answers 503 with Retry-After for %s', (_what, exception) => {
    const written = answer(exception);
    expect(written.status).toBe(503);
    expect(written.headers['Retry-After']).toBe('5');
    expect(written.body).toMatchObject({ status: 503, code: 'dependency_unavailable' });
  });

  it('keeps the code an HTTP exception names, with Retry-After for an outage', () => {
    const refused = answer(new ForbiddenException({ code: 'no_known_role', message: 'no role' }));
    expect(refused.body).toMatchObject({ status: 403, code: 'no_known_role', detail: 'no role' });
    const keys = answer(
      new ServiceUnavailableException({ code: 'dependency_unavailable', message: 'no JWKS' }),
    );
    expect(keys.headers['Retry-After']).toBe('5');
    expect(answer(new ForbiddenException('plain')).body).toMatchObject({ code: 'forbidden' });
  });

  it('answers 500 for a bug, without a Retry-After', () => {
    const written = answer(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(written.status).toBe(500);
    expect(written.headers['Retry-After']).toBeUndefined();
    expect(written.body).toMatchObject({ code: 'internal_error' });
  });
  it('answers a deliberate 503 (/ready while Kafka connects) without logging it as an error', () => {
    const errors: unknown[] = [];
    const body = { status: 'error', details: { 'kafka-consumer': { status: 'down' } } };
    const written = answer(new ServiceUnavailableException(body), errors);
    expect(written.status).toBe(503);
    expect(errors).toEqual([]);
    answer(new TypeError('a bug'), errors);
    expect(errors).toHaveLength(1);
  });
});
