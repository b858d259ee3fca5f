import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { PrivateCa } from './certificates';
import {
  kafkaAnswers,
  parseBrokers,
  warmUpGroupCoordinator,
  type KafkaProbeConnection,
} from './kafka-admin';
import { KAFKA_PATHS, LOCAL_DIR } from './paths';
import { isPortOpen, isProcessRunning, sleep, tailFile, terminateProcess } from './processes';
import { readState, updateState, type Owner } from './state';

const HOST = '127.0.0.1';

/** One single-node KRaft broker: where it listens and where it keeps its files. */
export interface KafkaNode {
  port: number;
  controllerPort: number;
  dir: string;
  data: string;
  properties: string;
  log: string;
  pid: string;
  /** When set, the client listener is SASL_PLAINTEXT with SCRAM-SHA-512 (see securedKafkaNode). */
  scram?: KafkaScram;
  /** With `scram`: the listener is SASL_SSL (TLS + SCRAM) and presents this CA's certificate. */
  tls?: PrivateCa;
  /** Heap of the broker's JVM (default 512m). */
  heap?: string;
}

export interface ScramUser {
  username: string;
  password: string;
}

/**
 * SCRAM-SHA-512 accounts, bootstrapped into the metadata when the storage is formatted. `broker`
 * is the broker's own account (it talks to itself through the client listener) and the one
 * the readiness probes here use; `users` are the clients'.
 */
export interface KafkaScram {
  broker: ScramUser;
  users: ScramUser[];
}

export const SCRAM_MECHANISM = 'SCRAM-SHA-512';

/** The broker `infra:up`, `npm start` and the tests share. */
const LOCAL_NODE: KafkaNode = {
  port: 9092,
  controllerPort: 9093,
  dir: KAFKA_PATHS.dir,
  data: KAFKA_PATHS.data,
  properties: KAFKA_PATHS.properties,
  log: KAFKA_PATHS.log,
  pid: KAFKA_PATHS.pid,
};

export const DEFAULT_KAFKA_BROKERS = `${HOST}:${LOCAL_NODE.port}`;

/**
 * A broker of its own under `.local/kafka-<name>/` (same jars), for tests that stop and restart
 * Kafka without disturbing anyone using the shared one.
 */
export function privateKafkaNode(name: string, port: number): KafkaNode {
  const dir = join(LOCAL_DIR, `kafka-${name}`);
  return {
    port,
    controllerPort: port + 1,
    dir,
    data: join(dir, 'data'),
    properties: join(dir, 'server.properties'),
    log: join(dir, 'kafka.log'),
    pid: join(dir, 'kafka.pid'),
  };
}

/**
 * A private broker (as privateKafkaNode) that refuses clients without SCRAM-SHA-512 credentials:
 * the client listener is SASL_PLAINTEXT and `users` are its accounts, or SASL_SSL with `tls`
 * (its certificate, from createPrivateCa). A 256 MB heap: it is meant for one test at a time.
 */
export function securedKafkaNode(
  name: string,
  port: number,
  users: ScramUser[],
  tls?: PrivateCa,
): KafkaNode {
  return {
    ...privateKafkaNode(name, port),
    scram: { broker: { username: 'broker', password: randomBytes(18).toString('hex') }, users },
    ...(tls ? { tls } : {}),
    heap: '256m',
  };
}

/** How local-infra's own probes reach `node`: its CA and its own account, when it has them. */
function nodeConnection(node: KafkaNode): KafkaProbeConnection {
  return {
    ...(node.tls ? { ssl: { ca: node.tls.caCertificate } } : {}),
    ...(node.scram ? { sasl: { mechanism: 'scram-sha-512', ...node.scram.broker } } : {}),
  };
}

export function nodeBrokers(node: KafkaNode): string {
  return `${HOST}:${node.port}`;
}

/** Main class of the broker; also how we recognise our process in /proc. */
const KAFKA_MAIN_CLASS = 'kafka.Kafka';
const CLASSPATH = join(KAFKA_PATHS.lib, '*');
const STARTUP_TIMEOUT_MS = 90_000;
const SHUTDOWN_GRACE_MS = 30_000;

export interface KafkaHandle {
  brokers: string;
  /** Set only when this call started the broker, so the caller knows what it must stop. */
  startedPid?: number;
}

/** Brokers to use: KAFKA_BROKERS when set, the local single-node broker otherwise. */
export function configuredBrokers(): string {
  return process.env.KAFKA_BROKERS?.trim() || DEFAULT_KAFKA_BROKERS;
}

function isLocalDefault(brokers: string): boolean {
  const list = parseBrokers(brokers);
  return list.length === 1 && ['127.0.0.1:9092', 'localhost:9092'].includes(list[0]);
}

/**
 * Reuses a broker that answers; otherwise starts the local one and waits until it serves
 * metadata. Never starts anything when KAFKA_BROKERS points somewhere else.
 */
export async function ensureKafka(owner: Owner): Promise<KafkaHandle> {
  const brokers = configuredBrokers();
  if (await kafkaAnswers(parseBrokers(brokers))) return { brokers };
  if (!isLocalDefault(brokers)) {
    throw new Error(`KAFKA_BROKERS=${brokers} does not answer. Unset it to use a local broker.`);
  }
  const booting = runningLocalKafkaPid();
  if (booting) {
    // Started earlier (maybe by a parallel command) and not ready yet: wait rather than start twice.
    await waitUntilKafkaAnswers(LOCAL_NODE, booting);
    return { brokers: DEFAULT_KAFKA_BROKERS };
  }
  const pid = await startKafkaNode(LOCAL_NODE, (started) =>
    updateState((s) => {
      s.kafka = {
        pid: started,
        brokers: DEFAULT_KAFKA_BROKERS,
        startedBy: owner,
        startedAt: now(),
      };
    }),
  );
  return { brokers: DEFAULT_KAFKA_BROKERS, startedPid: pid };
}

/**
 * Starts `node` (fetching the jars and formatting its storage the first time) and waits until it
 * serves metadata and consumer groups. `onSpawned` records the pid before the wait, so a failed
 * start can still be cleaned up by whoever reads it.
 */
export async function startKafkaNode(
  node: KafkaNode,
  onSpawned?: (pid: number) => void,
): Promise<number> {
  await assertPortsFree(node);
  ensureKafkaJars();
  writeServerProperties(node);
  formatStorageOnce(node);
  const pid = spawnKafka(node);
  onSpawned?.(pid);
  try {
    await waitUntilKafkaAnswers(node, pid);
    await warmUpGroupCoordinator([nodeBrokers(node)], nodeConnection(node));
  } catch (error) {
    await stopKafkaProcess(node, pid);
    throw error;
  }
  return pid;
}

/** SIGTERM (Kafka flushes and closes its logs), SIGKILL after a grace period. */
export async function stopKafkaProcess(node: KafkaNode, pid: number): Promise<void> {
  if (isProcessRunning(pid, KAFKA_MAIN_CLASS)) await terminateProcess(pid, SHUTDOWN_GRACE_MS);
  if (node !== LOCAL_NODE) rmSync(node.pid, { force: true });
}

/**
 * Stops the broker this project started (or only `pid` when given, so a caller cannot stop a
 * broker someone else started meanwhile) and forgets it.
 */
export async function stopLocalKafka(pid?: number): Promise<boolean> {
  const running = runningLocalKafkaPid();
  if (pid !== undefined && running !== undefined && running !== pid) return false;
  const target = pid ?? running;
  if (target !== undefined) await stopKafkaProcess(LOCAL_NODE, target);
  forgetKafka();
  return target !== undefined;
}

/** Pid of our broker when it is really running; clears a stale pid file (e.g. after kill -9). */
export function runningLocalKafkaPid(): number | undefined {
  const pid = readPidFile();
  if (pid === undefined) return undefined;
  if (isProcessRunning(pid, KAFKA_MAIN_CLASS)) return pid;
  forgetKafka();
  return undefined;
}

function readPidFile(): number | undefined {
  if (!existsSync(KAFKA_PATHS.pid)) return undefined;
  const pid = Number(readFileSync(KAFKA_PATHS.pid, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function forgetKafka(): void {
  rmSync(KAFKA_PATHS.pid, { force: true });
  if (readState().kafka) updateState((s) => delete s.kafka);
}

async function assertPortsFree(node: KafkaNode): Promise<void> {
  for (const port of [node.port, node.controllerPort]) {
    if (await isPortOpen(HOST, port)) {
      throw new Error(
        `Port ${HOST}:${port} is in use by something that does not answer as Kafka. ` +
          `Stop it or set KAFKA_BROKERS to a working broker.`,
      );
    }
  }
}

function hasKafkaJars(): boolean {
  return (
    existsSync(KAFKA_PATHS.lib) &&
    readdirSync(KAFKA_PATHS.lib).some((f) => /^kafka_2\.13-.+\.jar$/.test(f))
  );
}

/** Fetches the broker jars from Maven Central once (Maven caches them in ~/.m2 too). */
export function ensureKafkaJars(): void {
  if (hasKafkaJars()) return;
  console.log(`Fetching Kafka jars into ${KAFKA_PATHS.lib} (once) ...`);
  // An absolute output directory: Maven resolves relative ones against the pom's folder.
  const args = [
    '-q',
    '-f',
    KAFKA_PATHS.pom,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${KAFKA_PATHS.lib}`,
  ];
  const result = spawnSync('mvn', args, { stdio: 'inherit' });
  if (result.error)
    throw new Error(`Cannot run mvn (${result.error.message}): install Maven 3 and Java 17+.`);
  if (result.status !== 0 || !hasKafkaJars()) {
    throw new Error(`mvn ${args.join(' ')} failed (exit ${result.status}).`);
  }
}

/**
 * The client listener: PLAINTEXT, or SASL_PLAINTEXT (SASL_SSL with `tls`) with SCRAM-SHA-512 for
 * a secured node, whose broker signs in to itself with its own account. The controller listener
 * stays PLAINTEXT on 127.0.0.1 (KRaft cannot check SCRAM there: the credentials live in the
 * metadata it serves).
 */
function listenerProperties(node: KafkaNode): string[] {
  const { port, controllerPort } = node;
  const name = node.scram ? (node.tls ? 'SASL_SSL' : 'SASL_PLAINTEXT') : 'PLAINTEXT';
  const lines = [
    `listeners=${name}://${HOST}:${port},CONTROLLER://${HOST}:${controllerPort}`,
    `advertised.listeners=${name}://${HOST}:${port}`,
    'controller.listener.names=CONTROLLER',
    `listener.security.protocol.map=CONTROLLER:PLAINTEXT,${name}:${name}`,
    `inter.broker.listener.name=${name}`,
  ];
  if (!node.scram) return lines;
  const { username, password } = node.scram.broker;
  return [
    ...lines,
    `sasl.enabled.mechanisms=${SCRAM_MECHANISM}`,
    `sasl.mechanism.inter.broker.protocol=${SCRAM_MECHANISM}`,
    `listener.name.${name.toLowerCase()}.scram-sha-512.sasl.jaas.config=` +
      `org.apache.kafka.common.security.scram.ScramLoginModule required ` +
      `username="${username}" password="${password}";`,
    ...(node.tls ? tlsProperties(node.tls) : []),
  ];
}

/**
 * PEM key and certificates inline (Kafka 2.7+): a PEM keystore file needs a key password (an
 * encrypted key), inline an unencrypted key will do. The truststore is for the broker's own
 * connections to its listener.
 */
function tlsProperties(tls: PrivateCa): string[] {
  return [
    'ssl.keystore.type=PEM',
    `ssl.keystore.key=${propertyValue(tls.privateKey)}`,
    `ssl.keystore.certificate.chain=${propertyValue(tls.certificate)}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.certificates=${propertyValue(tls.caCertificate)}`,
  ];
}

/** A multi-line value in a Java properties file: its line breaks escaped as `\n`. */
function propertyValue(value: string): string {
  return value.trim().replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n');
}

/** Single-node KRaft (broker + controller): internal topics need replication factor 1. */
function serverProperties(node: KafkaNode): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${HOST}:${node.controllerPort}`,
    ...listenerProperties(node),
    `log.dirs=${node.data}`,
    // Topics are created explicitly (infra:up, services, tests); a typo must not create one.
    'auto.create.topics.enable=false',
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    // Fewer offset partitions: the first consumer group starts faster on a 2-core machine.
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // Consumer groups in tests start at once instead of waiting 3 s for more members.
    'group.initial.rebalance.delay.ms=0',
    // Development data: keep the disk footprint small.
    'log.retention.hours=24',
    'log.retention.bytes=104857600',
    'log.segment.bytes=16777216',
    '',
  ].join('\n');
}

function writeServerProperties(node: KafkaNode): void {
  mkdirSync(node.dir, { recursive: true });
  writeFileSync(node.properties, serverProperties(node));
}

function runStorageTool(args: string[]): string {
  const result = spawnSync(
    'java',
    ['-Xmx512m', '-cp', CLASSPATH, 'kafka.tools.StorageTool', ...args],
    {
      encoding: 'utf8',
    },
  );
  if (result.error) throw new Error(`Cannot run java (${result.error.message}): install Java 17+.`);
  if (result.status !== 0) {
    throw new Error(
      `kafka.tools.StorageTool ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}

/**
 * KRaft needs its log directory formatted with a cluster id, once. A secured node's SCRAM
 * accounts are written into the metadata then (`--add-scram`, Kafka 3.5+), so they exist before
 * the broker first serves anyone.
 */
function formatStorageOnce(node: KafkaNode): void {
  if (existsSync(join(node.data, 'meta.properties'))) return;
  const clusterId = runStorageTool(['random-uuid']).trim();
  const accounts = node.scram ? [node.scram.broker, ...node.scram.users] : [];
  const scram = accounts.flatMap(({ username, password }) => [
    '--add-scram',
    `${SCRAM_MECHANISM}=[name=${username},password=${password}]`,
  ]);
  runStorageTool(['format', '-t', clusterId, '-c', node.properties, ...scram]);
}

/** Detached in its own session with output to kafka.log, so it outlives the command that started it. */
function spawnKafka(node: KafkaNode): number {
  const log = openSync(node.log, 'a');
  const heap = node.heap ?? '512m';
  const args = [`-Xmx${heap}`, '-Xms256m', '-cp', CLASSPATH, KAFKA_MAIN_CLASS, node.properties];
  const child = spawn('java', args, {
    cwd: node.dir,
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  child.on('error', () => undefined); // a missing java surfaces below as a missing pid
  child.unref();
  if (child.pid === undefined) throw new Error('Cannot start java: install Java 17+.');
  writeFileSync(node.pid, `${child.pid}\n`);
  return child.pid;
}

async function waitUntilKafkaAnswers(node: KafkaNode, pid: number): Promise<void> {
  const brokers = nodeBrokers(node);
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await kafkaAnswers([brokers], nodeConnection(node))) return;
    if (!isProcessRunning(pid, KAFKA_MAIN_CLASS)) {
      throw new Error(
        `Kafka (pid ${pid}) exited during startup. ${node.log} ends with:\n${tailFile(node.log)}`,
      );
    }
    await sleep(500);
  }
  throw new Error(
    `Kafka (pid ${pid}) did not answer on ${brokers} within ${STARTUP_TIMEOUT_MS / 1000} s. ` +
      `See ${node.log}:\n${tailFile(node.log)}`,
  );
}

function now(): string {
  return new Date().toISOString();
}
