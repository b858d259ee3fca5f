import type { OpenAPIObject, OperationObject, ParameterObject } from '@nestjs/swagger';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  MAX_IDEMPOTENCY_KEY_LENGTH,
} from './idempotency';

const KEY_PARAMETER: ParameterObject = {
  name: IDEMPOTENCY_KEY_HEADER,
  in: 'header',
  required: false,
  description:
    'a key the client makes up for this write (a UUID); a retry with the same key and the same request gets the first answer again and changes nothing. Kept at least 24 hours, per caller. 400 if not 1–200 printable ASCII characters',
  schema: { type: 'string', minLength: 1, maxLength: MAX_IDEMPOTENCY_KEY_LENGTH },
};

const ANSWERS: Record<'409' | '422', string> = {
  '409':
    '`idempotency_key_in_progress`: the first request with this Idempotency-Key is still running (retry after Retry-After); `idempotency_outcome_unknown`: it was interrupted before its answer was recorded',
  '422': '`idempotency_key_reused`: this Idempotency-Key was sent with a different request',
};

/**
 * Documents the Idempotency-Key of every POST of a service's document, so no endpoint can be
 * left out: the header, the header of a replayed answer, and the 409 and 422 refusals (added to
 * what the endpoint already says of those statuses).
 */
export function documentIdempotency(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    const operation: OperationObject | undefined = item.post;
    if (!operation) continue;
    const parameters = operation.parameters ?? [];
    if (!parameters.some((p) => 'name' in p && p.name === IDEMPOTENCY_KEY_HEADER)) {
      operation.parameters = [...parameters, KEY_PARAMETER];
    }
    for (const [status, response] of Object.entries(operation.responses)) {
      if (!status.startsWith('2') || !response || '$ref' in response) continue;
      response.headers = {
        ...response.headers,
        [IDEMPOTENT_REPLAYED_HEADER]: {
          description:
            '`true` when this is the stored answer of an earlier request with the same Idempotency-Key',
          schema: { type: 'string', enum: ['true'] },
        },
      };
    }
    for (const [status, text] of Object.entries(ANSWERS)) {
      const existing = operation.responses[status];
      operation.responses[status] =
        existing && !('$ref' in existing)
          ? { ...existing, description: `${existing.description}; or ${text}` }
          : { description: text };
    }
  }
  return document;
}
