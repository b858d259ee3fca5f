import { DomainException } from './domain.exception';

/** The ETag of a resource at `version`: a strong entity tag, e.g. `"3"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** Versions are PostgreSQL integers. */
const MAX_VERSION = 2_147_483_647;
const EXAMPLE = 'If-Match: "3"';

/**
 * The platform's one If-Match rule, for every write on an existing versioned resource:
 * the write names the version it was based on, `If-Match: "<version>"`.
 * - missing (or blank): 428 `if_match_required`, since a blind write could silently overwrite
 *   someone else's change;
 * - `*`, a list, or anything but one version tag: 400 `invalid_if_match` naming `If-Match`
 *   (`*` would be a blind write again);
 * - a weak tag (`W/"3"`, as some proxies rewrite them) reads as the same version.
 * A stale version is the domain's to refuse (412 `stale_version`): only it knows the current one.
 */
export function parseIfMatch(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header.join(', ') : header;
  if (value === undefined || value.trim() === '') {
    throw DomainException.invalidField(
      'if_match_required',
      'If-Match',
      'is required',
      `If-Match is required: send the ETag of the version you changed, e.g. ${EXAMPLE}`,
      { kind: 'precondition-required' },
    );
  }
  const match = /^\s*(?:W\/)?"([1-9]\d{0,9})"\s*$/.exec(value);
  const version = match ? Number(match[1]) : Number.NaN;
  if (!Number.isSafeInteger(version) || version > MAX_VERSION) {
    throw DomainException.invalidField(
      'invalid_if_match',
      'If-Match',
      'must be one version ETag such as "3"',
      `If-Match must be one ETag of this resource, e.g. ${EXAMPLE} (no * and no lists)`,
    );
  }
  return version;
}
