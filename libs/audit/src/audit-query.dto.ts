import { ApiPropertyOptional } from '@nestjs/swagger';
import { decodeCursor, KeysetPageQuery } from '@relief/database';
import {
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateBy,
  ValidateIf,
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

/** `GET /admin/audit?object=&event=&type=&cursor=&limit=`: `object` or `event`, or both. */
export class AuditHistoryQuery extends KeysetPageQuery {
  @ApiPropertyOptional({
    description:
      'Id of the object (incident, request, offer, subscriber ...); needed without `event`',
  })
  @ValidateIf((query: AuditHistoryQuery) => query.event === undefined || query.object !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  object?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Id of an event: the entry that recorded it. An entry made while handling another ' +
      'event names it in `causationId`; ask the service that produced that event with ?event= to follow the cascade back',
  })
  @IsOptional()
  @IsUUID()
  event?: string;

  @ApiPropertyOptional({ example: 'request', description: 'Only entries of this object type' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  type?: string;

  // Declaring any check here drops the inherited ones of the same kind: all are repeated. The
  // initializer only lets the field be declared again (class fields are defined, ES2022).
  @IsString()
  @MaxLength(400)
  @IsAuditCursor()
  override cursor?: string = undefined;
}
