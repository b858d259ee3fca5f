import { PageLimitQuery } from '@relief/database';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * `?limit=&offset=` of every offset-paged list; a list's query class extends it. Keyset-paged
 * lists extend KeysetPageQuery of @relief/database, beside their cursor.
 */
export class OffsetPageQuery extends PageLimitQuery {
  // Bounded: PostgreSQL's OFFSET is a bigint, and 1e21 is not even written as digits.
  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: 2_147_483_647 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  offset?: number;
}
