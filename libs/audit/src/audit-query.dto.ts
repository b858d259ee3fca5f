import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { decodeCursor } from '@relief/database';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';

/**
 * The id in a cursor of the history, or undefined when the value is no such cursor. The cursor
 * holds the last item's id (`i`): the list is ordered by id, newest first.
 */
export function idOfAuditCursor(cursor: string): string | undefined {
  const id = decodeCursor(cursor, ['i'])?.i;
  return id !== undefined && /^[1-9]\d{0,17}$/.test(id) ? id : undefined;
}

function IsAuditCursor() {
  return ValidateBy({
    name: 'isAuditCursor',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !!idOfAuditCursor(value),
      defaultMessage: () => 'cursor must be the nextCursor of a previous page',
    },
  });
}

/** `GET /admin/audit?object=&type=&cursor=&limit=` */
export class AuditHistoryQuery {
  @ApiProperty({ description: 'Id of the object (incident, request, offer, subscriber ...)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  object: string;

  @ApiPropertyOptional({ example: 'request', description: 'Only entries of this object type' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  type?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  @IsAuditCursor()
  cursor?: string;
}
