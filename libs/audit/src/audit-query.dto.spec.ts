import { encodeCursor } from '@relief/database';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AuditHistoryQuery } from './audit-query.dto';

/** The fields a query is refused for, as the global ValidationPipe would check it. */
function refused(query: Record<string, unknown>): string[] {
  const errors = validateSync(plainToInstance(AuditHistoryQuery, query), {
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  return errors.map((e) => e.property);
}

const EVENT = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c20';

describe('GET /admin/audit query', () => {
  it('takes an object, an event, or both', () => {
    expect(refused({ object: 'inc-1' })).toEqual([]);
    expect(refused({ event: EVENT })).toEqual([]);
    expect(refused({ object: 'inc-1', event: EVENT, type: 'incident' })).toEqual([]);
  });

  it('names object when neither is given, and event when it is no uuid', () => {
    expect(refused({})).toEqual(['object']);
    expect(refused({ event: 'not-an-id' })).toEqual(['event']);
    expect(refused({ event: EVENT, object: '' })).toEqual(['object']);
  });

  it("pages like every keyset list (KeysetPageQuery's limit), with a cursor of the history only", () => {
    expect(refused({ object: 'x', limit: '200', cursor: encodeCursor({ i: '42' }) })).toEqual([]);
    expect(refused({ object: 'x', limit: '201' })).toEqual(['limit']);
    expect(refused({ object: 'x', cursor: encodeCursor({ r: '2024-01-01' }) })).toEqual(['cursor']);
    expect(refused({ object: 'x', cursor: 'a'.repeat(401) })).toEqual(['cursor']);
    expect(refused({ object: 'x', cursor: 42 })).toEqual(['cursor']);
  });
});
