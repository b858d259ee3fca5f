import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/** An OpenAPI document as the services publish it (at /api/<service>/docs/openapi.json). */
export interface OpenApiDocument {
  components?: { schemas?: Record<string, unknown> };
}

export interface FieldError {
  /** Dotted path of the field, e.g. `figures.affected`; '' for the body as a whole. */
  field: string;
  keyword: string;
  limit?: number | string;
}

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
// OpenAPI 3.0's keywords that ajv does not know: annotations only.
for (const keyword of ['example', 'x-enumNames']) {
  if (!ajv.getKeyword(keyword)) ajv.addKeyword(keyword);
}
const compiled = new WeakMap<object, Map<string, ValidateFunction>>();

/**
 * A validator for one DTO of the service's own OpenAPI document: the constraints the DTOs declare
 * (minLength, maxLength, minimum, maximum, pattern, enum, required), not a second list.
 */
export function validatorFor(doc: OpenApiDocument, schemaName: string): ValidateFunction {
  let byName = compiled.get(doc);
  if (!byName) {
    byName = new Map<string, ValidateFunction>();
    compiled.set(doc, byName);
  }
  const known = byName.get(schemaName);
  if (known) return known;
  const schema = doc.components?.schemas?.[schemaName];
  if (!schema) throw new Error(`no schema ${schemaName} in the OpenAPI document`);
  const validate = ajv.compile({
    ...schema,
    components: doc.components,
  });
  byName.set(schemaName, validate);
  return validate;
}

/** Drops empty strings and fields left blank, as a form's body should not send them. */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === '' || v === undefined) continue;
      const c: unknown = compact(v as unknown);
      if (c && typeof c === 'object' && !Array.isArray(c) && Object.keys(c).length === 0) continue;
      out[k] = c;
    }
    return out as T;
  }
  return value;
}

/** The body's problems, one per field (the first the schema finds). */
export function validate(doc: OpenApiDocument, schemaName: string, body: unknown): FieldError[] {
  const check = validatorFor(doc, schemaName);
  if (check(body)) return [];
  const seen = new Map<string, FieldError>();
  for (const error of check.errors ?? []) {
    const fieldError = toFieldError(error);
    if (!seen.has(fieldError.field)) seen.set(fieldError.field, fieldError);
  }
  return [...seen.values()];
}

function toFieldError(error: ErrorObject): FieldError {
  const base = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    const missing = String(params.missingProperty);
    return { field: base ? `${base}.${missing}` : missing, keyword: 'required' };
  }
  const limit = params.limit as number | string | undefined;
  return { field: base, keyword: error.keyword, limit };
}

/** The message key of a field error (validation.*). */
export function messageKey(error: FieldError): string {
  // "at least 1 character" is how a required text field says it
  if (error.keyword === 'minLength' && error.limit === 1) return 'validation.required';
  const known = [
    'required',
    'minLength',
    'maxLength',
    'minimum',
    'maximum',
    'pattern',
    'enum',
    'type',
    'format',
  ];
  return `validation.${known.includes(error.keyword) ? error.keyword : 'invalid'}`;
}
