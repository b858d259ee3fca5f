import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/**
 * `?limit=` of every paged list, keyset or offset: one bound for both. Here rather than in
 * @relief/runtime so libs below it (@relief/audit) page alike.
 */
export class PageLimitQuery {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

/** `?limit=&cursor=` of every keyset-paged list (the cursor of keyset-cursor.ts); a list's query class extends it. */
export class KeysetPageQuery extends PageLimitQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  cursor?: string;
}
