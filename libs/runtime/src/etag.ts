import { DomainException } from './domain.exception';
import type { Response } from 'express';

/** `ETag: "<version>"` on every read and write of a versioned resource. */
export function setEtag(response: Response, version: number): void {
  response.setHeader('ETag', `"${version}"`);
}

/**
 * The version an edit is based on, from `If-Match: "3"` (weak `W/"3"` and bare `3` are read too).
 * Absent: the edit is not conditional. `*` matches any version.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '' || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) {
    throw new DomainException(
      'invalid',
      'invalid_if_match',
      'If-Match must be an ETag of this resource, e.g. "3"',
      {
        fields: [{ field: 'If-Match', message: 'must be a version ETag such as "3"' }],
      },
    );
  }
  return Number(match[1]);
}
