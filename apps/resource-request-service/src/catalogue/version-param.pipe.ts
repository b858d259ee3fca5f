import { Injectable, Param, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { CatalogueException } from './catalogue.exception';

/** A kit version in the path: a positive whole number, or a 400 naming the parameter. */
@Injectable()
export class ParseVersionPipe implements PipeTransform<unknown, number> {
  transform(value: unknown, metadata: ArgumentMetadata): number {
    // The global ValidationPipe may already have turned the text into a number.
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text === 'string' && /^[1-9]\d{0,8}$/.test(text)) return Number(text);
    const field = metadata.data ?? metadata.type;
    throw CatalogueException.invalidField(
      'validation_failed',
      field,
      'must be a positive whole number (a kit version: 1, 2 ...)',
      `${field} must be a positive whole number`,
    );
  }
}

/** `@VersionParam('version')`: a kit version path parameter. */
export function VersionParam(name: string): ParameterDecorator {
  return Param(name, ParseVersionPipe);
}
