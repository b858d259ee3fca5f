import { KafkaJSConnectionError, KafkaJSError } from 'kafkajs';
import { QueryFailedError } from 'typeorm';
import { classifyError } from './classify-error';
import { TransientError } from './transient-error';

function pgError(code: string, message = 'pg error'): Error {
  return Object.assign(new Error(message), { code });
}

function queryFailed(driverError: Error): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], driverError);
}

describe('classifyError', () => {
  it.each([
    [
      'connection refused',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
    ['connection reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['pg connection terminated', new Error('Connection terminated unexpectedly')],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['SQLSTATE 08006 in a QueryFailedError', queryFailed(pgError('08006'))],
    ['SQLSTATE 08003', pgError('08003')],
    [
      'admin shutdown 57P01',
      queryFailed(pgError('57P01', 'terminating connection due to administrator command')),
    ],
    ['cannot connect now 57P03', pgError('57P03')],
    ['serialization failure 40001', queryFailed(pgError('40001'))],
    ['deadlock 40P01', queryFailed(pgError('40P01'))],
    ['too many connections 53300', pgError('53300')],
    ['kafkajs connection error', new KafkaJSConnectionError('Connection error')],
    ['retriable kafkajs error', new KafkaJSError('leader not available', { retriable: true })],
    ['TransientError', new TransientError('SMS gateway down')],
    ['an outage wrapped as a cause', new Error('could not save', { cause: pgError('08001') })],
  ])('%s is transient', (_name, error) => {
    expect(classifyError(error)).toBe('transient');
  });

  it.each([
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['unique violation 23505', queryFailed(pgError('23505', 'duplicate key value'))],
    ['check violation 23514', queryFailed(pgError('23514'))],
    ['syntax error 42601', queryFailed(pgError('42601'))],
    [
      'non-retriable kafkajs error',
      new KafkaJSError('INVALID_TOPIC_EXCEPTION', { retriable: false }),
    ],
    ['a string', 'something went wrong'],
    ['null', null],
    ["Nest's generic RPC error object", { status: 'error', message: 'Internal server error' }],
  ])('%s is permanent', (_name, error) => {
    expect(classifyError(error)).toBe('permanent');
  });

  it('survives a cause cycle', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(classifyError(a)).toBe('permanent');
  });
});
