import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import { load } from 'js-yaml';
import { EVENT_CATALOGUE } from './event-catalogue';
import { EventEnvelope } from './event-envelope';
import * as contracts from './index';
import { ALL_TOPICS, deadLetterTopic } from './topics';

/*
 * The AsyncAPI document (libs/contracts/asyncapi.yaml) and docs/event-catalogue.md are written
 * by hand; these tests keep them true to the catalogue and to the payload classes' validation
 * rules. When one fails, document the change: the message names the schema and the property.
 */

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  items?: Schema;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
}

interface Message {
  name: string;
  'x-event-version'?: number;
  payload: Schema;
}

interface AsyncApi {
  asyncapi: string;
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<string, { channel: { $ref: string } }>;
  components: { messages: Record<string, Message>; schemas: Record<string, Schema> };
}

const root = join(__dirname, '..', '..', '..');
const doc = load(readFileSync(join(root, 'libs/contracts/asyncapi.yaml'), 'utf8')) as AsyncApi;
type Ctor = new () => object;
const classes = new Map<string, Ctor>();
for (const [name, value] of Object.entries(contracts as Record<string, unknown>)) {
  if (typeof value === 'function' && /^[A-Z]/.test(name)) classes.set(name, value as Ctor);
}
const nameOf = (cls: Ctor): string =>
  [...classes].find(([, value]) => value === cls)?.[0] ?? cls.name;

function follow(ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local references are used: ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
}

function resolve(schema: Schema): Schema {
  return schema.$ref ? resolve(follow(schema.$ref) as Schema) : schema;
}

/** Properties and required names of a schema, through $ref and allOf. */
function flatten(schema: Schema): { properties: Record<string, Schema>; required: Set<string> } {
  const resolved = resolve(schema);
  const parts = [resolved, ...(resolved.allOf ?? []).map((part) => flatten(part))];
  return {
    properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})) as Record<
      string,
      Schema
    >,
    required: new Set(parts.flatMap((p) => [...(p.required ?? [])])),
  };
}

function alternatives(schema: Schema): Schema[] {
  return [schema, ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
}
/** The schema a nested property refers to: itself, one of its alternatives, or (an array) its items. */
const refOf = (schema: Schema): string | undefined =>
  alternatives(schema).find((s) => s.$ref)?.$ref ?? (schema.items && refOf(schema.items));
const typesOf = (schema: Schema) =>
  alternatives(schema).flatMap((s) => (s.type === undefined ? [] : [s.type].flat()));

interface Rule {
  type: string;
  name?: string;
  constraints: unknown[];
  each?: boolean;
}

function rulesOf(cls: Ctor): Map<string, Rule[]> {
  const rules = new Map<string, Rule[]>();
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
    const rule = {
      type: meta.type,
      name: meta.name,
      constraints: meta.constraints ?? [],
      each: meta.each,
    };
    rules.set(meta.propertyName, [...(rules.get(meta.propertyName) ?? []), rule]);
  }
  return rules;
}

/** Checks a schema against a class, and the classes it nests, recursively. */
function expectSchemaMatchesClass(schemaName: string, cls: Ctor): void {
  const schema = doc.components.schemas[schemaName];
  expect({ schema: schemaName, exists: schema !== undefined }).toEqual({
    schema: schemaName,
    exists: true,
  });
  const { properties, required } = flatten(schema);
  const rules = rulesOf(cls);
  const sorted = (names: Iterable<string>) => [...names].sort();

  expect({ schema: schemaName, properties: sorted(Object.keys(properties)) }).toEqual({
    schema: schemaName,
    properties: sorted(rules.keys()),
  });
  const optional = [...rules].filter(([, r]) => r.some((rule) => rule.name === 'isOptional'));
  expect({ schema: schemaName, required: sorted(required) }).toEqual({
    schema: schemaName,
    required: sorted([...rules.keys()].filter((name) => !optional.some(([o]) => o === name))),
  });

  for (const [property, propertyRules] of rules) {
    const where = `${schemaName}.${property}`;
    const prop = properties[property];
    const has = (name: string) => propertyRules.find((rule) => rule.name === name);
    const nullable = propertyRules.some((rule) => rule.type === 'conditionalValidation');
    const facts: Record<string, unknown> = { nullable: typesOf(prop).includes('null') };
    const expected: Record<string, unknown> = { nullable };

    if (propertyRules.some((rule) => rule.type === 'nestedValidation')) {
      const nested = (plainToInstance(cls, { [property]: {} }) as Record<string, object>)[property];
      const nestedClass = nested.constructor as Ctor;
      const nestedName = nameOf(nestedClass);
      facts.ref = refOf(prop);
      expected.ref = `#/components/schemas/${nestedName}`;
      expectSchemaMatchesClass(nestedName, nestedClass);
    } else {
      const type = has('isInt')
        ? 'integer'
        : has('isNumber')
          ? 'number'
          : has('isBoolean')
            ? 'boolean'
            : has('isArray')
              ? 'array'
              : has('isObject')
                ? 'object'
                : 'string';
      facts.type = typesOf(prop).includes(type);
      expected.type = true;
    }
    const values = has('isIn')?.constraints[0];
    if (values) {
      facts.enum = has('isIn')?.each ? prop.items?.enum : (resolve(prop).enum ?? prop.enum);
      expected.enum = values;
    }
    if (has('isUuid')) [facts.format, expected.format] = [prop.format, 'uuid'];
    if (has('isIso8601')) [facts.format, expected.format] = [prop.format, 'date-time'];
    const pattern = has('matches')?.constraints[0] as RegExp | undefined;
    if (pattern) [facts.pattern, expected.pattern] = [prop.pattern, pattern.source];
    const min = has('min')?.constraints[0];
    if (min !== undefined) [facts.minimum, expected.minimum] = [prop.minimum, min];
    const max = has('max')?.constraints[0];
    if (max !== undefined) [facts.maximum, expected.maximum] = [prop.maximum, max];
    const length = has('isLength')?.constraints;
    if (length) [facts.length, expected.length] = [[prop.minLength, prop.maxLength], length];
    const maxLength = has('maxLength')?.constraints[0];
    if (maxLength !== undefined)
      [facts.maxLength, expected.maxLength] = [prop.maxLength, maxLength];
    const maxItems = has('arrayMaxSize')?.constraints[0];
    if (maxItems !== undefined) [facts.maxItems, expected.maxItems] = [prop.maxItems, maxItems];

    expect({ property: where, ...facts }).toEqual({ property: where, ...expected });
  }
}

describe('AsyncAPI document (libs/contracts/asyncapi.yaml)', () => {
  const messageRef = (definition: (typeof EVENT_CATALOGUE)[number]) =>
    `#/components/messages/${nameOf(definition.payload)}`;

  it('is AsyncAPI 3', () => {
    expect(doc.asyncapi).toMatch(/^3\./);
  });

  it('has one channel per topic and per dead-letter topic, and no other', () => {
    const addresses = Object.values(doc.channels).map((channel) => channel.address);
    expect(addresses.sort()).toEqual(
      ALL_TOPICS.flatMap((topic) => [topic, deadLetterTopic(topic)]).sort(),
    );
  });

  it('lists in each topic channel exactly the catalogued events of that topic', () => {
    for (const topic of ALL_TOPICS) {
      const channel = Object.values(doc.channels).find((c) => c.address === topic)!;
      const listed = Object.values(channel.messages).map((m) => m.$ref);
      const catalogued = EVENT_CATALOGUE.filter((d) => d.topic === topic).map(messageRef);
      expect({ topic, messages: listed.sort() }).toEqual({ topic, messages: catalogued.sort() });
    }
  });

  it('describes every catalogued (type, version), and nothing else', () => {
    const documented = Object.keys(doc.components.messages).filter((m) => m !== 'DeadLetter');
    expect(documented.sort()).toEqual(EVENT_CATALOGUE.map((d) => nameOf(d.payload)).sort());
    for (const definition of EVENT_CATALOGUE) {
      const message = follow(messageRef(definition)) as Message;
      const { properties } = flatten(message.payload);
      expect({
        message: nameOf(definition.payload),
        name: message.name,
        version: message['x-event-version'],
        type: properties.type?.const,
        versionConst: properties.version?.const,
        payload: properties.payload?.$ref,
      }).toEqual({
        message: nameOf(definition.payload),
        name: definition.type,
        version: definition.version,
        type: definition.type,
        versionConst: definition.version,
        payload: `#/components/schemas/${nameOf(definition.payload)}`,
      });
    }
  });

  it('describes the envelope as the EventEnvelope class validates it', () => {
    expectSchemaMatchesClass('EventEnvelope', EventEnvelope);
  });

  it.each(EVENT_CATALOGUE.map((d) => [`${d.type} v${d.version}`, d.payload] as const))(
    'describes the payload of %s as its class validates it',
    (_name, payload) => {
      expectSchemaMatchesClass(nameOf(payload), payload);
    },
  );

  it('has no dangling references', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs.map((r) => r.slice('"$ref":"'.length, -1))) {
      expect({ ref, resolves: follow(ref) !== undefined }).toEqual({ ref, resolves: true });
    }
    for (const [name, operation] of Object.entries(doc.operations)) {
      expect({ name, channel: follow(operation.channel.$ref) !== undefined }).toEqual({
        name,
        channel: true,
      });
    }
  });
});

/** `@HandleEvent(EventTypes.X)` in each service's sources: event type → services handling it. */
function handlersByType(): Map<string, Set<string>> {
  const types = contracts.EventTypes as Record<string, string>;
  const found = new Map<string, Set<string>>();
  const walk = (dir: string, service: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, service);
      else if (/(?<!spec)\.ts$/.test(entry.name)) {
        for (const [, key] of readFileSync(path, 'utf8').matchAll(
          /@HandleEvent\(EventTypes\.(\w+)\)/g,
        )) {
          const type = types[key];
          found.set(type, (found.get(type) ?? new Set()).add(service));
        }
      }
    }
  };
  for (const service of readdirSync(join(root, 'apps'))) {
    walk(join(root, 'apps', service, 'src'), service);
  }
  return found;
}

describe('docs/event-catalogue.md', () => {
  const markdown = readFileSync(join(root, 'docs/event-catalogue.md'), 'utf8');
  /** Table rows whose first cell is an event type: [type, version, topic, ...]. */
  const rows = markdown
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim().replace(/^`|`$/g, '')))
    .filter((cells) => /^[a-z]+\.[a-z-]+$/.test(cells[1] ?? '') && /^\d+$/.test(cells[2] ?? ''))
    .map((cells) => cells.slice(1, -1));

  it('has one row per catalogued (type, version), with its topic and a meaning', () => {
    const documented = rows.map(([type, version, topic]) => `${type} v${version} on ${topic}`);
    const catalogued = EVENT_CATALOGUE.map((d) => `${d.type} v${d.version} on ${d.topic}`);
    expect(documented.sort()).toEqual(catalogued.sort());
    for (const row of rows) {
      expect({ type: row[0], meaning: Boolean(row[5]) }).toEqual({ type: row[0], meaning: true });
    }
  });

  it('names as consumers exactly the services whose code handles the type', () => {
    const handled = handlersByType();
    const documented = Object.fromEntries(
      rows.map(([type, , , , consumers]) => [
        type,
        consumers === '—' ? [] : consumers.split(',').map((c) => c.trim()),
      ]),
    );
    const actual = Object.fromEntries(
      rows.map(([type]) => [type, [...(handled.get(type) ?? [])].sort()]),
    );
    for (const type of Object.keys(documented)) documented[type].sort();
    expect(documented).toEqual(actual);
  });

  it('links to the AsyncAPI document', () => {
    expect(markdown).toContain('](../libs/contracts/asyncapi.yaml)');
  });
});
