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
import { join } from 'node:path';
import { kafkaAnswers, parseBrokers, warmUpGroupCoordinator } from './kafka-admin';
import { KAFKA_PATHS } from './paths';
import { isPortOpen, isProcessRunning, sleep, tailFile, terminateProcess } from './processes';
import { readState, updateState, type Owner } from './state';

const HOST = '127.0.0.1';
const PORT = 9092;
const CONTROLLER_PORT = 9093;
export const DEFAULT_KAFKA_BROKERS = `${HOST}:${PORT}`;

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
    await waitUntilKafkaAnswers(booting);
    return { brokers: DEFAULT_KAFKA_BROKERS };
  }
  await assertPortsFree();
  ensureKafkaJars();
  writeServerProperties();
  formatStorageOnce();
  const pid = spawnKafka();
  updateState((s) => {
    s.kafka = { pid, brokers: DEFAULT_KAFKA_BROKERS, startedBy: owner, startedAt: now() };
  });
  try {
    await waitUntilKafkaAnswers(pid);
    await warmUpGroupCoordinator([DEFAULT_KAFKA_BROKERS]);
  } catch (error) {
    await stopLocalKafka(pid);
    throw error;
  }
  return { brokers: DEFAULT_KAFKA_BROKERS, startedPid: pid };
}

/**
 * Stops the broker this project started (or only `pid` when given, so a caller cannot stop a
 * broker someone else started meanwhile) and forgets it.
 */
export async function stopLocalKafka(pid?: number): Promise<boolean> {
  const running = runningLocalKafkaPid();
  if (pid !== undefined && running !== undefined && running !== pid) return false;
  const target = pid ?? running;
  if (target !== undefined && isProcessRunning(target, KAFKA_MAIN_CLASS)) {
    await terminateProcess(target, SHUTDOWN_GRACE_MS);
  }
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

async function assertPortsFree(): Promise<void> {
  for (const port of [PORT, CONTROLLER_PORT]) {
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

/** Single-node KRaft (broker + controller): internal topics need replication factor 1. */
function serverProperties(): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${HOST}:${CONTROLLER_PORT}`,
    `listeners=PLAINTEXT://${HOST}:${PORT},CONTROLLER://${HOST}:${CONTROLLER_PORT}`,
    `advertised.listeners=PLAINTEXT://${HOST}:${PORT}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${KAFKA_PATHS.data}`,
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

function writeServerProperties(): void {
  mkdirSync(KAFKA_PATHS.dir, { recursive: true });
  writeFileSync(KAFKA_PATHS.properties, serverProperties());
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

/** KRaft needs its log directory formatted with a cluster id, once. */
function formatStorageOnce(): void {
  if (existsSync(join(KAFKA_PATHS.data, 'meta.properties'))) return;
  const clusterId = runStorageTool(['random-uuid']).trim();
  runStorageTool(['format', '-t', clusterId, '-c', KAFKA_PATHS.properties]);
}

/** Detached in its own session with output to kafka.log, so it outlives the command that started it. */
function spawnKafka(): number {
  const log = openSync(KAFKA_PATHS.log, 'a');
  const args = ['-Xmx512m', '-Xms256m', '-cp', CLASSPATH, KAFKA_MAIN_CLASS, KAFKA_PATHS.properties];
  const child = spawn('java', args, {
    cwd: KAFKA_PATHS.dir,
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  child.on('error', () => undefined); // a missing java surfaces below as a missing pid
  child.unref();
  if (child.pid === undefined) throw new Error('Cannot start java: install Java 17+.');
  writeFileSync(KAFKA_PATHS.pid, `${child.pid}\n`);
  return child.pid;
}

async function waitUntilKafkaAnswers(pid: number): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await kafkaAnswers([DEFAULT_KAFKA_BROKERS])) return;
    if (!isProcessRunning(pid, KAFKA_MAIN_CLASS)) {
      throw new Error(
        `Kafka (pid ${pid}) exited during startup. ${KAFKA_PATHS.log} ends with:\n${tailFile(KAFKA_PATHS.log)}`,
      );
    }
    await sleep(500);
  }
  throw new Error(
    `Kafka (pid ${pid}) did not answer on ${DEFAULT_KAFKA_BROKERS} within ${STARTUP_TIMEOUT_MS / 1000} s. ` +
      `See ${KAFKA_PATHS.log}:\n${tailFile(KAFKA_PATHS.log)}`,
  );
}

function now(): string {
  return new Date().toISOString();
}
