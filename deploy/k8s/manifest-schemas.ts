import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { loadAll } from 'js-yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import type { K8sObject } from './render-overlay';

/**
 * Offline schema checks of rendered objects: the built-in kinds through kubernetes-models (the
 * Kubernetes OpenAPI schemas, compiled), the operators' kinds through their own CRDs (deploy/k8s/crds,
 * the releases the README names) with ajv. A kind with neither is an error. Both refuse a field
 * their schema does not name (a misspelt `readinessProb:`), which the API server would drop.
 */

type Check = (object: K8sObject) => string[];

type BuiltIn = new (data: never) => { validate(): void };

const BUILT_IN: Record<string, BuiltIn> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
};

const CRD_DIRECTORY = join(__dirname, 'crds');

interface Crd {
  kind: string;
  spec: {
    group: string;
    names: { kind: string };
    versions: { name: string; served: boolean; schema: { openAPIV3Schema: Schema } }[];
  };
}
type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema };

export function schemaChecks(): Map<string, Check> {
  const checks = new Map<string, Check>();
  for (const [key, Model] of Object.entries(BUILT_IN)) {
    checks.set(key, (object) => {
      const problems = unknownFields(Model, object);
      try {
        new Model(object as never).validate();
      } catch (error) {
        problems.unshift(String((error as Error).message));
      }
      return problems;
    });
  }
  // OpenAPI's nullable and the x-kubernetes-* keywords; CEL rules (x-kubernetes-validations) are
  // the API server's and are not checked here.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  for (const file of readdirSync(CRD_DIRECTORY).filter((f) => f.endsWith('.yaml'))) {
    for (const crd of loadAll(readFileSync(join(CRD_DIRECTORY, file), 'utf8')) as Crd[]) {
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions.filter((v) => v.served)) {
        const validate: ValidateFunction = ajv.compile(
          closed(version.schema.openAPIV3Schema, true),
        );
        checks.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, (object) =>
          validate(object)
            ? []
            : (validate.errors ?? []).map(
                (e) =>
                  `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
              ),
        );
      }
    }
  }
  return checks;
}

/**
 * kubernetes-models' validators, like the OpenAPI schemas they are compiled from, let fields they
 * do not name pass. Each reads every field its schema names (and every key of a map), so it runs
 * here on a proxy of the object that notes what was read: a field it never read is unknown to the
 * schema. The package ships the validators only, not the schemas.
 */
export function unknownFields(Model: BuiltIn, object: K8sObject): string[] {
  const read = new Map<string, Set<PropertyKey>>();
  // One proxy per path (an object may be read many times; the same object may sit at two paths).
  const proxies = new Map<string, { target: object; proxy: object }>();
  const watch = (value: unknown, path: string): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const known = proxies.get(path);
    if (known?.target === value) return known.proxy;
    const seen = read.get(path) ?? new Set<PropertyKey>();
    read.set(path, seen);
    const proxy = new Proxy(value, {
      get(target, key) {
        seen.add(key);
        const field: unknown = Reflect.get(target, key);
        return typeof key === 'string' && Object.hasOwn(target, key)
          ? watch(field, `${path}/${key}`)
          : field;
      },
    });
    proxies.set(path, { target: value, proxy });
    return proxy;
  };
  try {
    (Model.prototype as { validate(): void }).validate.call(watch(object, ''));
  } catch {
    // Its errors are the plain check's to report.
  }
  const unknown: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value !== 'object' || value === null) return;
    for (const [key, field] of Object.entries(value)) {
      if (!Array.isArray(value) && !read.get(path)?.has(key)) {
        unknown.push(`${path || '/'} has a field its schema does not know (${key})`);
      } else walk(field, `${path}/${key}`);
    }
  };
  walk(object, '');
  return unknown;
}

/**
 * The API server prunes fields a structural schema does not name, silently: a misspelt field
 * would vanish. Closing every object schema that lists its properties makes ajv refuse it
 * instead, except where the schema keeps unknown fields (x-kubernetes-preserve-unknown-fields).
 * The root's metadata is the API server's to check (ObjectMeta), as there.
 */
function closed(schema: Schema, root = false): Schema {
  const out: Schema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [
        key,
        root && key === 'metadata' ? { type: 'object' } : closed(value),
      ]),
    );
    if (
      schema.additionalProperties === undefined &&
      schema['x-kubernetes-preserve-unknown-fields'] !== true
    ) {
      out.additionalProperties = false;
    }
  }
  if (schema.items) out.items = closed(schema.items);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    out.additionalProperties = closed(schema.additionalProperties as Schema);
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[keyword])) {
      out[keyword] = (schema[keyword] as Schema[]).map((s) => closed(s));
    }
  }
  return out;
}

export function schemaKey(object: K8sObject): string {
  return `${object.apiVersion}/${object.kind}`;
}
