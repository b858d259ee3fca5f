import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { ALL_TOPICS } from '@relief/contracts';
import { loadConfig } from '@relief/config';
import {
  LOCAL_SINKS,
  maildevSink,
  REPO_ROOT,
  SERVICE_DATABASES,
  SERVICES,
  smppSink,
  type RunningSink,
} from '@relief/local-infra';
import { freePorts } from '@relief/testing';
import { APP_CONFIG_CLASSES as APPS } from './app-config-classes';
import { consoleSettings, serviceSettings, type LocalPeers } from './local/app-settings';

/**
 * docker compose is not run on the development machines or in CI (no Docker engine): this spec
 * is what holds docker-compose.yml to the Compose Specification and to what `npm start` runs.
 */

/** The peers `npm start` runs beside the apps, by compose service name. */
const PEERS = ['kafka', 'kafka-topics', 'postgres', 'mail', 'sms', 'oidc'];

/**
 * Settings `npm start` gives an app that compose sets otherwise, on purpose (checked below): any
 * other setting `npm start` gives must come out the same under compose.
 */
const COMPOSE_DIFFERS = new Set([
  // The issuer's 127.0.0.1:3010 is the browser's address of `oidc`, not reachable inside a
  // container: the apps verify tokens with the mounted public key instead of the JWKS.
  'AUTH_JWKS_URL',
  // Pretty logs for a terminal under `npm start`; containers log JSON for `docker compose logs`.
  'LOG_FORMAT',
]);

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  volumes?: string[];
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

/** The environment docker compose is run with: none, so the file's own defaults apply. */
const NO_ENVIRONMENT: Record<string, string | undefined> = {};

const VARIABLE = /\$(?:(\$)|\{([A-Za-z_]\w*)(?:(:?)([-?+])([^}]*))?\}|([A-Za-z_]\w*))/g;

/**
 * Compose's interpolation of one string: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?error}`, `${VAR:+alternative}` (and their forms without the colon).
 * A variable without a default that the environment lacks is an error here (compose would put an
 * empty string and warn): the file must run as it is, without a .env.
 */
function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(
    VARIABLE,
    (
      whole,
      dollar?: string,
      braced?: string,
      colon?: string,
      operator?: string,
      word?: string,
      bare?: string,
    ) => {
      if (dollar) return '$';
      const name = (braced ?? bare)!;
      const value = env[name];
      const set = colon ? value !== undefined && value !== '' : value !== undefined;
      if (operator === '-') return set ? value! : word!;
      if (operator === '+') return set ? word! : '';
      if (set) return value!;
      if (operator === '?') throw new Error(`${whole}: ${word || `${name} is not set`}`);
      throw new Error(`${whole}: ${name} is not set and has no default`);
    },
  );
}

function interpolateAll(value: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolateAll(v, env));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateAll(v, env)]));
  }
  return value;
}

/** docker-compose.yml as compose sees it: YAML with merge keys, then interpolated. */
function composeFile(): ComposeFile {
  const text = readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
  const raw = load(text, { schema: CORE_SCHEMA.withTags(mergeTag) });
  return interpolateAll(raw, NO_ENVIRONMENT) as ComposeFile;
}

/**
 * The Compose Specification's JSON schema, as dclint ships it: byte for byte
 * schema/compose-spec.json of compose-spec/compose-spec at 58a2548 (docs/third-party-data.md;
 * test/architecture/third-party-data.spec.ts checks its hash, so a dclint upgrade updates both).
 */
const SCHEMA_FILE = join(
  dirname(require.resolve('dclint/package.json')),
  'schemas/compose.schema.json',
);

const schemaText = readFileSync(SCHEMA_FILE, 'utf8');
const composeSchema = JSON.parse(schemaText) as { $schema: string };
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
// The schema names draft-07 by its https address: ajv knows the draft under its http one.
ajv.addMetaSchema({ ...draft07, $id: composeSchema.$schema });
const validateCompose = ajv.compile(composeSchema);

function schemaErrors(file: unknown): string[] {
  if (validateCompose(file)) return [];
  return (validateCompose.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}

/** An app's environment in its container, as compose passes it (numbers and booleans as text). */
function containerEnv(service: ComposeService): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(service.environment ?? {})) {
    // null means "from the host's environment": unset, as compose runs here with none.
    if (value !== null) env[key] = String(value);
  }
  return env;
}

/**
 * What the app's boot-time validation says of an environment: loadConfig's error, or the
 * settings its class does not declare (loadConfig would ignore them: a misspelt name).
 */
function configProblems(app: string, env: Record<string, string>): string[] {
  let config: Record<string, unknown>;
  try {
    config = loadConfig(APPS[app], env) as Record<string, unknown>;
  } catch (error) {
    return [(error as Error).message];
  }
  return Object.keys(env)
    .filter((key) => !(key in config))
    .map((key) => `${key} is not a setting of ${app}`);
}

describe('docker-compose.yml', () => {
  const file = composeFile();
  const services = file.services;

  describe('the Compose Specification', () => {
    it('holds: the file validates against its JSON schema', () => {
      expect(schemaErrors(file)).toEqual([]);
    });

    it.each([
      ['a misspelt service key', ['services', 'postgres'], 'healthcheck', 'healthchek'],
      ['a misspelt healthcheck key', ['services', 'kafka', 'healthcheck'], 'retries', 'retry'],
      ['a misspelt top-level key', [], 'volumes', 'volume'],
    ])('refuses %s', (_what, path, key, misspelt) => {
      const copy = structuredClone(file) as unknown as Record<string, unknown>;
      const parent = path.reduce((o, p) => o[p] as Record<string, unknown>, copy);
      parent[misspelt] = parent[key];
      delete parent[key];
      expect(schemaErrors(copy).join('\n')).toContain(`"additionalProperty":"${misspelt}"`);
    });

    it('is read as compose reads it: $$ escapes, defaults apply, a variable without one fails', () => {
      const env = { SET: 'x', EMPTY: '' };
      expect(interpolate('$$topic ${SET:-d} ${EMPTY:-d} ${EMPTY-d} ${NONE-d} $SET', env)).toBe(
        '$topic x d  d x',
      );
      expect(interpolate('${SET:+alt}${NONE:+alt}', env)).toBe('alt');
      expect(() => interpolate('${NONE}', env)).toThrow('NONE is not set and has no default');
      expect(() => interpolate('${EMPTY:?say so}', env)).toThrow('say so');
      // The topics loop keeps its shell variables.
      expect(services['kafka-topics'].command?.join('\n')).toContain('"$topic" "$topic.dlq"');
    });
  });

  describe('the platform of `npm start`', () => {
    it('runs the same apps and peers', () => {
      expect(Object.keys(services).sort()).toEqual(
        [...SERVICES.map((s) => s.name), 'console', ...PEERS].sort(),
      );
      // npm start's local sinks: compose's `mail` and `sms`.
      expect(LOCAL_SINKS.map((s) => s.name)).toEqual(['MailDev', 'SMPP sink']);
    });

    it.each([
      ['sms', 'libs/local-infra/src/smpp-sink-main.ts'],
      ['oidc', 'libs/local-infra/src/oidc/oidc-main.ts'],
    ])('%s: sets only settings its program reads (%s)', (name, program) => {
      const source = readFileSync(join(REPO_ROOT, program), 'utf8');
      const read = new Set([...source.matchAll(/process\.env\.(\w+)/g)].map((m) => m[1]));
      const unread = Object.keys(services[name].environment ?? {}).filter((key) => !read.has(key));
      expect(unread).toEqual([]);
      expect(services[name].command).toEqual(['npx', 'tsx', program]);
    });

    it('creates every topic and its dead-letter twin, and every service database', () => {
      const loop = services['kafka-topics'].command?.join('\n') ?? '';
      const topics = /for topic in ([^;]+);/.exec(loop)?.[1].trim().split(/\s+/);
      expect(topics?.sort()).toEqual([...ALL_TOPICS].sort());
      const sql = readFileSync(join(REPO_ROOT, 'deploy/docker/postgres-init.sql'), 'utf8');
      const databases = [...sql.matchAll(/^CREATE DATABASE (\w+);/gm)].map((m) => m[1]);
      expect(databases.sort()).toEqual([...SERVICE_DATABASES].sort());
    });

    it.each(Object.keys(APPS))(
      '%s: its compose environment passes its config class at boot',
      (app) => {
        expect(configProblems(app, containerEnv(services[app]))).toEqual([]);
      },
    );

    it('refuses drift: a misspelt or malformed setting fails the apps’ own validation', () => {
      const env = containerEnv(services['notification-service']);
      const { KAFKA_BROKERS, ...rest } = env;
      expect(
        configProblems('notification-service', { ...rest, KAFKA_BROKER: KAFKA_BROKERS }),
      ).toEqual(['KAFKA_BROKER is not a setting of notification-service']);
      expect(configProblems('notification-service', { ...env, SMPP_PORT: 'sms:2775' })).toEqual([
        expect.stringContaining('SMPP_PORT (got "sms:2775")'),
      ]);
      const gateway = {
        ...containerEnv(services.console),
        INCIDENT_SERVICE_URL: 'incident-service:3001',
      };
      expect(configProblems('console', gateway)).toEqual([
        expect.stringContaining('INCIDENT_SERVICE_URL'),
      ]);
    });

    it.each(SERVICES.map((s) => [s.name, s]))(
      '%s: on its npm start port and database, as its own Kafka client',
      (name, service) => {
        const { environment, ports } = services[name];
        expect(ports).toEqual([`${service.port}:${service.port}`]);
        expect(environment).toMatchObject({
          PORT: service.port,
          DATABASE_URL: `postgres://postgres@postgres:5432/${service.database}`,
          KAFKA_CLIENT_ID: name,
        });
        // The console reaches it by its compose name.
        expect(Object.values(services.console.environment ?? {})).toContain(
          `http://${name}:${service.port}`,
        );
      },
    );

    describe('gives each app the settings npm start gives it', () => {
      const running: RunningSink[] = [];
      let peers: LocalPeers;

      beforeAll(async () => {
        // npm start's own sinks, for what they tell the services (on free ports: npm start may
        // be running beside this test).
        const [smtpPort, webPort] = await freePorts(2);
        running.push(await maildevSink(smtpPort, webPort).start());
        running.push(await smppSink({ port: 0, webPort: 0 }).start());
        peers = {
          host: '127.0.0.1',
          brokers: '127.0.0.1:9092',
          adminUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
          issuer: 'http://127.0.0.1:3010',
          sinksEnv: Object.assign({}, ...running.map((r) => r.env)) as Record<string, string>,
        };
      });

      afterAll(async () => {
        for (const sink of running) await sink.stop();
      });

      const npmStart = (app: string) =>
        app === 'console'
          ? consoleSettings(peers)
          : serviceSettings(
              SERVICES.find((s) => s.name === app)!,
              peers,
            );

      it.each(Object.keys(APPS))(
        '%s: every setting of npm start is set under compose, or comes out the same there',
        (app) => {
          const ours = npmStart(app);
          const compose = containerEnv(services[app]);
          const resolved = loadConfig(APPS[app], compose) as Record<string, unknown>;
          const fromNpmStart = loadConfig(APPS[app], ours) as Record<string, unknown>;
          // npm start gives every service the sinks' settings; an app reads only those it declares.
          const drift = Object.keys(ours)
            .filter((key) => key in fromNpmStart)
            .filter((key) => !(key in compose) && !COMPOSE_DIFFERS.has(key))
            .filter((key) => JSON.stringify(resolved[key]) !== JSON.stringify(fromNpmStart[key]))
            .map(
              (key) =>
                `${key}: npm start ${JSON.stringify(fromNpmStart[key])}, compose ${JSON.stringify(resolved[key])}`,
            );
          expect(drift).toEqual([]);
          expect(resolved.LOG_FORMAT).toBe('json');
          expect(compose.AUTH_JWKS_URL).toBeUndefined();
          expect(services[app].volumes).toContain(
            `./.local/auth/dev-public.pem:${compose.AUTH_PUBLIC_KEY_FILE}:ro`,
          );
        },
      );
    });
  });
});
