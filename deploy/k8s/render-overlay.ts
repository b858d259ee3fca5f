import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadAll } from 'js-yaml';

/**
 * Renders a kustomization the way `kubectl kustomize` does, for the features deploy/k8s uses
 * and no more: `resources` (files and directories), `namespace`, `images` and strategic-merge
 * `patches` (by name, or to every object of a `target` kind). It exists because CI runs on a
 * plain Debian whose kubectl (1.20) carries a kustomize too old for these files; where a newer
 * kubectl is installed, manifests.spec.ts checks that both render the same objects.
 */

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

interface Kustomization {
  resources?: string[];
  namespace?: string;
  images?: { name: string; newName?: string; newTag?: string }[];
  patches?: { path: string; target?: { kind: string; name?: string } }[];
}

const KNOWN_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'patches']);

/** Kinds without a namespace among those the manifests could hold. */
const CLUSTER_SCOPED = new Set(['Namespace', 'CustomResourceDefinition', 'ClusterRole']);

export function renderKustomization(directory: string): K8sObject[] {
  const file = join(directory, 'kustomization.yaml');
  const kustomization = readYaml(file)[0] as Kustomization;
  const unknown = Object.keys(kustomization).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length > 0) {
    throw new Error(`${file}: render-overlay.ts does not implement ${unknown.join(', ')}`);
  }
  let objects = (kustomization.resources ?? []).flatMap((entry) => {
    const path = resolve(directory, entry);
    return statSync(path).isDirectory()
      ? renderKustomization(path)
      : (readYaml(path) as K8sObject[]);
  });
  for (const patch of kustomization.patches ?? []) {
    for (const document of readYaml(join(directory, patch.path)) as K8sObject[]) {
      objects = applyPatch(objects, document, patch.target, `${directory}/${patch.path}`);
    }
  }
  for (const image of kustomization.images ?? []) objects.forEach((o) => setImage(o, image));
  if (kustomization.namespace) {
    for (const object of objects) {
      if (!CLUSTER_SCOPED.has(object.kind)) object.metadata.namespace = kustomization.namespace;
    }
  }
  return objects;
}

function readYaml(path: string): unknown[] {
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  return loadAll(readFileSync(path, 'utf8')).filter(
    (document) => document !== null && document !== undefined,
  );
}

function applyPatch(
  objects: K8sObject[],
  patch: K8sObject,
  target: { kind: string; name?: string } | undefined,
  source: string,
): K8sObject[] {
  const matches = (o: K8sObject) =>
    target
      ? o.kind === target.kind && (target.name === undefined || o.metadata.name === target.name)
      : o.kind === patch.kind && o.metadata.name === patch.metadata.name;
  if (!objects.some(matches)) throw new Error(`${source}: the patch matches no object`);
  return objects.map((o) => {
    if (!matches(o)) return o;
    const { metadata: patchMetadata, ...patchBody } = patch;
    const { name: _ignored, ...metadata } = patchMetadata;
    const builtIn = !o.apiVersion.includes('.') || o.apiVersion.includes('.k8s.io/');
    return merge(o, { ...patchBody, metadata }, builtIn) as K8sObject;
  });
}

/**
 * Strategic merge as kustomize does it for these files: maps merge, null removes a key; lists of
 * named items (containers, env, volumes) merge by name in the built-in kinds, whose schemas say
 * so; in custom resources, which have no merge keys, a list is replaced.
 */
function merge(base: unknown, patch: unknown, builtIn: boolean): unknown {
  if (isMap(base) && isMap(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete out[key];
      else out[key] = key in base ? merge(base[key], value, builtIn) : value;
    }
    return out;
  }
  if (builtIn && namedList(base) && namedList(patch)) {
    const merged = base.map((item) => {
      const same = patch.find((p) => p.name === item.name);
      return same ? merge(item, same, builtIn) : item;
    });
    return merged.concat(patch.filter((p) => !base.some((item) => item.name === p.name)));
  }
  return patch;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function namedList(value: unknown): value is { name: string }[] {
  return (
    Array.isArray(value) && value.every((item) => isMap(item) && typeof item.name === 'string')
  );
}

/** kustomize's images transformer, for the pod templates of workloads. */
function setImage(object: K8sObject, image: { name: string; newName?: string; newTag?: string }) {
  const template = (object.spec as { template?: { spec?: Record<string, unknown> } } | undefined)
    ?.template?.spec;
  if (!template) return;
  for (const list of ['initContainers', 'containers']) {
    for (const container of (template[list] ?? []) as { image: string }[]) {
      const [name] = container.image.split(':');
      if (name !== image.name) continue;
      const tag = image.newTag ?? container.image.split(':')[1];
      container.image = `${image.newName ?? name}${tag ? `:${tag}` : ''}`;
    }
  }
}

/** The overlays CI renders and validates. */
export const OVERLAYS_DIRECTORY = join(__dirname, 'overlays');
