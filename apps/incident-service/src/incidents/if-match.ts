import { HttpException, HttpStatus } from '@nestjs/common';
import { IncidentException } from './incident.exception';

/** The ETag of an incident at `version`: a strong entity tag, e.g. `"3"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Every write names the version it was based on in `If-Match: "<version>"`.
 * Missing → 428 Precondition Required (RFC 6585): a write without it could silently overwrite
 * someone else's change. `*` and lists are refused (400) for the same reason. A weak tag
 * (`W/"3"`, as some proxies rewrite them) is read as the same version.
 */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new HttpException(
      'If-Match is required: send the ETag of the version you changed, e.g. If-Match: "3"',
      HttpStatus.PRECONDITION_REQUIRED,
    );
  }
  const match = /^\s*(?:W\/)?"([1-9]\d{0,9})"\s*$/.exec(header);
  const version = match ? Number(match[1]) : Number.NaN;
  if (!Number.isSafeInteger(version) || version > 2_147_483_647) {
    throw IncidentException.invalidField(
      'invalid_if_match',
      'If-Match',
      'must be one ETag of this incident, e.g. "3" (no * and no lists)',
    );
  }
  return version;
}
