import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DomainException } from './domain.exception';

/**
 * `@Param('id', ParseUuidPipe)`: Nest's ParseUUIDPipe answers "Validation failed (uuid is
 * expected)" without saying which parameter; this one refuses like the ValidationPipe does, naming
 * it (`errors: [{ field: 'id', ... }]`).
 */
@Injectable()
export class ParseUuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && isUUID(value, 'all')) return value;
    const field = metadata.data ?? metadata.type;
    throw DomainException.invalidField(
      'validation_failed',
      field,
      'must be a UUID',
      `${field} must be a UUID`,
    );
  }
}
