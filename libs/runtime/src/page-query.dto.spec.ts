import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { OffsetPageQuery } from './page-query.dto';

/** The fields a query is refused for, as the global ValidationPipe would check it. */
function refused(query: Record<string, unknown>): string[] {
  const errors = validateSync(plainToInstance(OffsetPageQuery, query), {
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  return errors.map((e) => e.property);
}

describe('?limit=&offset=', () => {
  it('takes the limit bounds every paged list has (PageLimitQuery) and a bounded offset', () => {
    expect(refused({})).toEqual([]);
    expect(refused({ limit: '1', offset: '0' })).toEqual([]);
    expect(refused({ limit: '200', offset: '2147483647' })).toEqual([]);
    expect(refused({ limit: '0' })).toEqual(['limit']);
    expect(refused({ limit: '201' })).toEqual(['limit']);
    expect(refused({ limit: 'ten' })).toEqual(['limit']);
    expect(refused({ offset: '-1' })).toEqual(['offset']);
    expect(refused({ offset: '2147483648' })).toEqual(['offset']);
    expect(refused({ cursor: 'abc' })).toEqual(['cursor']);
  });
});
