/**
 * npm run bench [-- --quick] — how fast and how far the platform goes on this machine, beside what
 * its broker and database can do alone, measured in the same run (see bench/README.md).
 *
 * Everything this run starts (the four services, the SMTP/SMPP sinks, Kafka or PostgreSQL when
 * none was running) is stopped again, also on failure and on Ctrl-C; databases and topics of the
 * run are dropped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { relative, resolve } from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
/* eslint-disable no-restricted-imports -- deploy/local is scripts, libs/testing's platform is plain */
import {
  ensureBuilt,
  upInfrastructure,
  type Infrastructure,
  runningLocalKafkaPid,
  parseBrokers,
  KAFKA_PATHS,
  REPO_ROOT,
  withClient,
  holdInfrastructure,
  releaseInfrastructure,
} from '@relief/local-infra';
import { SERVICE_NAMES } from '../libs/testing/src/platform';
/* eslint-enable no-restricted-imports */
import { runAssistance } from './assistance';
import { kafkaBaseline, postgresBaseline } from './baselines';
import { DeliveryTracker } from './delivery-tracker';
import { runFailover, runFanOut, runRawDeliveryBaseline } from './fanout';
import { HttpClient } from './http';
import { runRatePhase, type PhaseContext, type RatePhaseResult } from './incidents';
import { writeReport, type BenchReport, type Earlier, type Machine } from './report';
import { kafkaBrokerPids, postgresPids, ResourceMonitor } from './resources';
import { benchTokens, BenchSession, notificationEnv, type Tokens } from './session';
import { parseSettings } from './settings';
import { round, sleep } from './stats';

const OWNER = 'npm run bench';

/** Undo steps, run last-in first-out exactly once (normal end, failure or signal). */
class Cleanup {
  private readonly steps: { what: string; undo: () => Promise<unknown> }[] = [];
  private running?: Promise<void>;

  add(what: string, undo: () => Promise<unknown>): void {
    this.steps.push({ what, undo });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.undo();
        } catch (error) {
          console.error(`[bench] cleanup: ${step.what} failed: ${String(error)}`);
        }
      }
    })();
    return this.running;
  }
}

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

function machineInfo(): Machine {
  let busy = '';
  try {
    const top = execFileSync('ps', ['-eo', 'pcpu,comm', '--sort=-pcpu', '--no-headers'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .slice(0, 5)
      .map((line) => line.trim().replace(/\s+/, '% '))
      .filter((line) => parseFloat(line) >= 5);
    busy = top.length ? `Busiest processes at start: ${top.join(', ')}.` : '';
  } catch {
    // ps missing: not worth failing for
  }
  let kafka: string | undefined;
  try {
    const jar = readdirSync(KAFKA_PATHS.lib).find((f) => /^kafka_[\d.]+-[\d.]+\.jar$/.test(f));
    kafka = jar?.replace(/^kafka_[\d.]+-/, '').replace(/\.jar$/, '');
  } catch {
    // a broker not started from .local: its class path names the jar
  }
  if (kafka === undefined) {
    const [pid] = kafkaBrokerPids();
    if (pid !== undefined) {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      kafka = /kafka_[\d.]+-([\d.]+)\.jar/.exec(cmdline)?.[1];
    }
  }
  let commit = 'unknown';
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'apps', 'libs').length > 0;
    commit = `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in apps/ or libs/' : ''}`;
  } catch {
    // not a git checkout
  }
  return {
    commit,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    loadAverageAtStart: loadavg().map((v) => round(v, 2)),
    kernel: release(),
    node: process.version,
    kafka,
    busyAtStart: busy,
  };
}

/** The figures of a kept earlier run (bench/results/before-fan-out), for before/after. */
function earlierRun(file: string): Earlier | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
    return {
      file: relative(REPO_ROOT, file),
      startedAt: r.startedAt,
      commit: r.machine.commit,
      highestSustainedRate: r.search.highestSustainedRate,
      dbCommitsPerIncident: r.fractions?.dbCommitsPerIncident ?? null,
      kafkaMessagesPerIncident: r.fractions?.kafkaMessagesPerIncident ?? null,
      notificationService: r.notificationService,
    };
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const settings = parseSettings(process.argv.slice(2));
  // Production builds first (when stale). The default run's budget includes the build, so it
  // ends within 10 minutes anyway; a quick run's does not (CI runs it after the fault tests,
  // which leave fresh builds behind).
  const buildStarted = Date.now();
  await ensureBuilt(SERVICE_NAMES);
  const buildSeconds = round((Date.now() - buildStarted) / 1000, 0);
  const started = Date.now();
  const budgetEnd = (settings.quick ? started : buildStarted) + settings.budgetSeconds * 1000;
  const left = () => (budgetEnd - Date.now()) / 1000;
  const machine = machineInfo();
  log(
    `${settings.quick ? 'quick' : 'default'} run on ${machine.cpus} CPUs, load average ${machine.loadAverageAtStart.join(' ')}`,
  );

  const cleanup = new Cleanup();
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      log(`${signal}: stopping everything this run started ...`);
      void cleanup.run().finally(() => process.exit(130));
    });
  }

  const notes: string[] = [];
  const report: BenchReport = {
    mode: settings.quick ? 'quick' : 'default',
    startedAt: new Date(started).toISOString(),
    finishedAt: '',
    durationSeconds: 0,
    machine,
    settings: { ...settings, extraEnv: undefined } as BenchReport['settings'],
    notificationService: {
      ...notificationEnv(settings),
      DELIVERY_POLL_MS: settings.extraEnv.DELIVERY_POLL_MS ?? '500 (default)',
      SMS_SECONDARY_PROVIDER: 'smpp (a second SMPP sink)',
      SMS_FAILOVER_THRESHOLD: '5 (default)',
      SMS_FAILOVER_RETRY_PRIMARY_MS: '30000 (default)',
    },
    baselines: {},
    rates: [],
    search: { steps: [], highestSustainedRate: null, lowestFailingRate: null },
    notes,
  };
  report.before = earlierRun(resolve(REPO_ROOT, 'bench/results/before-fan-out/latest.json'));
  if (buildSeconds > 1)
    notes.push(`Stale production builds were rebuilt first (${buildSeconds} s).`);

  let failure: unknown;
  try {
    log('infrastructure (reused when running) ...');
    const infra: Infrastructure = await upInfrastructure(OWNER);
    holdInfrastructure(infra);
    cleanup.add('releasing the infrastructure', async () => {
      for (const note of await releaseInfrastructure(infra, OWNER)) log(note);
    });
    machine.postgres = await withClient(infra.adminUrl, async (c) => {
      const { rows } = await c.query<{ server_version: string }>('SHOW server_version');
      return rows[0].server_version;
    });

    const tracker = new DeliveryTracker();
    await tracker.start();
    cleanup.add('stopping the SMTP and SMPP sinks', () => tracker.stop());
    const http = new HttpClient();
    cleanup.add('closing HTTP connections', async () => http.close());
    const admin: Admin = new Kafka({
      clientId: 'bench-admin',
      brokers: parseBrokers(infra.brokers),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    cleanup.add('disconnecting the Kafka admin', () => admin.disconnect());
    const tokens: Tokens = await benchTokens();

    let generation = 0;
    let session: BenchSession | undefined;
    cleanup.add('stopping the services', async () => {
      await session?.stop(admin);
      session = undefined;
    });
    const monitor = new ResourceMonitor(() => {
      const kafkaPid = runningLocalKafkaPid();
      return [
        ...(session?.pids() ?? []),
        { name: 'kafka', pids: kafkaPid === undefined ? kafkaBrokerPids() : [kafkaPid] },
        { name: 'postgres', pids: postgresPids() },
        { name: 'bench', pids: [process.pid] },
      ];
    });
    cleanup.add('stopping the resource monitor', async () => monitor.stop());

    const context = (): PhaseContext => ({
      session: session!,
      http,
      tokens,
      tracker,
      admin,
      monitor,
      subscribers: settings.subscribers,
      targetP99Ms: settings.targetP99Ms,
    });
    const freshSession = async (why: string): Promise<void> => {
      const t0 = Date.now();
      if (session) {
        await session.stop(admin);
        session = undefined;
      }
      tracker.reset();
      generation += 1;
      const runId = `bench${started.toString(36)}g${generation}`;
      log(`platform ${runId} (${why}): starting the four services ...`);
      session = await BenchSession.start({
        adminUrl: infra.adminUrl,
        brokers: infra.brokers,
        runId,
        settings,
        tracker,
        http,
        tokens,
      });
      // Warm-up (JIT, connection pools, consumer group joins); not reported.
      const warm = await runRatePhase(context(), {
        name: 'warm-up',
        rate: 5,
        seconds: 2,
        drainSeconds: 20,
      });
      if (!warm.keptUp) notes.push(`Warm-up of ${runId} did not drain in 20 s.`);
      log(`platform ready in ${round((Date.now() - t0) / 1000, 1)} s`);
    };
    await freshSession('first');

    // What the services cost doing nothing (consumers polling, delivery worker ticking).
    monitor.begin('idle');
    await sleep(settings.quick ? 1_000 : 3_000);
    report.idle = monitor.end();

    // Baselines, while the platform idles.
    const messageBytes = await session!.eventBytes();
    log(`baselines: kafkajs (${messageBytes} B messages), then pg ...`);
    report.baselines.kafka = await kafkaBaseline({
      brokers: parseBrokers(infra.brokers),
      admin,
      topic: `${session!.runId}.bench-baseline`,
      partitions: settings.partitions,
      messageBytes,
      seconds: settings.baselineSeconds,
    });
    log(`  kafka: ${report.baselines.kafka.messagesPerSecond} msg/s`);
    report.baselines.postgres = await postgresBaseline({
      adminUrl: infra.adminUrl,
      database: `${session!.runId}_baseline`,
      clients: settings.pgClients,
      rowBytes: messageBytes,
      seconds: settings.baselineSeconds,
    });
    log(`  pg: ${report.baselines.postgres.commitsPerSecond} commits/s`);

    // A phase that left a backlog behind spoils the next one: that one gets a fresh platform.
    let dirty = false;
    const cleanSlate = async (what: string, needed: number): Promise<boolean> => {
      const restart = dirty ? 20 : 0;
      if (left() < needed + restart) {
        notes.push(`${what} skipped: ${Math.round(left())} s of the time budget left.`);
        return false;
      }
      if (dirty) {
        await freshSession(`before ${what}, after a backlog`);
        dirty = false;
      }
      return true;
    };
    const ratePhase = async (
      name: string,
      rate: number,
      seconds: number,
    ): Promise<RatePhaseResult | undefined> => {
      if (!(await cleanSlate(`phase ${name}`, seconds + settings.drainSeconds + 5)))
        return undefined;
      log(`${name}: ${rate} incidents/s for ${seconds} s ...`);
      const result = await runRatePhase(context(), {
        name,
        rate,
        seconds,
        drainSeconds: settings.drainSeconds,
      });
      log(
        `  HTTP p99 ${Math.round(result.http.p99 ?? 0)} ms, last SMS p99 ${result.e2eSms.p99} ms, ` +
          `${result.delivered.sms}/${result.delivered.expectedSms} SMS, kept up: ${result.keptUp}`,
      );
      if (result.drainedInSeconds === null) {
        dirty = true;
        notes.push(
          `Phase ${name} (${rate} incidents/s) still had a backlog after ${settings.drainSeconds} s of draining; the next phase started on a fresh platform.`,
        );
      }
      return result;
    };

    for (const rate of settings.rates) {
      const result = await ratePhase(`${rate}/s`, rate, settings.phaseSeconds);
      if (result) report.rates.push(result);
    }

    if (await cleanSlate('Assistance flow', settings.assistanceSeconds + 10)) {
      log(`assistance flow for ${settings.assistanceSeconds} s ...`);
      report.assistance = await runAssistance(context(), {
        seconds: settings.assistanceSeconds,
        concurrency: settings.assistanceConcurrency,
      });
      log(
        `  ${report.assistance.requestsPerSecond} requests/s, ${report.assistance.acceptancesPerSecond} acceptances/s`,
      );
    }

    // The highest sustained rate: bisect between the best passing and the lowest failing rate.
    const tried = () => [...report.rates, ...report.search.steps];
    const bounds = () => {
      const passing = tried().filter((r) => r.meetsTarget);
      const failing = tried().filter((r) => !r.meetsTarget);
      return {
        lo: passing.length ? Math.max(...passing.map((r) => r.rate)) : 0,
        hi: failing.length ? Math.min(...failing.map((r) => r.rate)) : null,
      };
    };
    for (let step = 1; step <= settings.searchSteps; step += 1) {
      const { lo, hi } = bounds();
      if (hi !== null && hi - lo <= Math.max(1, lo * 0.1)) break;
      const candidate = hi === null ? lo * 2 : lo + (hi - lo) / 2;
      const rate = candidate >= 20 ? Math.round(candidate) : round(candidate, 1);
      const result = await ratePhase(`search ${step}`, rate, settings.searchSeconds);
      if (!result) break;
      report.search.steps.push(result);
    }
    const { lo, hi } = bounds();
    report.search.highestSustainedRate = lo > 0 ? lo : null;
    report.search.lowestFailingRate = hi;
    const best = tried()
      .filter((r) => r.meetsTarget && r.rate === lo)
      .at(-1);
    if (best) {
      const k = report.baselines.kafka;
      const p = report.baselines.postgres;
      report.fractions = {
        incidentsPerSecond: lo,
        kafkaMessagesPerIncident: best.kafkaMessagesPerIncident,
        dbCommitsPerIncident: best.dbCommitsPerIncident,
        ofKafka:
          k && best.kafkaMessagesPerIncident !== null
            ? round((lo * best.kafkaMessagesPerIncident) / k.messagesPerSecond, 4)
            : null,
        ofPostgres:
          p && best.dbCommitsPerIncident !== null
            ? round((lo * best.dbCommitsPerIncident) / p.commitsPerSecond, 4)
            : null,
      };
    }

    // Fan-out phases last: their 120,000 subscribers would weigh on every incident's matching.
    if (settings.fanoutSubscribers > 0) {
      const needed = settings.quick ? 10 : 60 + settings.fanoutSubscribers / 1_000;
      if (await cleanSlate('Fan-out', needed)) {
        log(
          `fan-out: one incident for ${settings.fanoutSubscribers} subscribers by SMS and email ...`,
        );
        const fanOut = await runFanOut(context(), settings, log);
        report.fanOut = fanOut;
        log(
          `  planned in ${fanOut.plannedMs} ms, last SMS ${fanOut.lastSmsMs} ms, last email ${fanOut.lastEmailMs} ms, ` +
            `${fanOut.smsPerSecond} SMS/s, ${fanOut.emailsPerSecond} emails/s`,
        );
        if (!fanOut.complete) {
          dirty = true;
          notes.push(
            `The fan-out was not received in full within ${settings.fanoutTimeoutSeconds} s (${fanOut.received.sms} SMS, ${fanOut.received.emails} emails).`,
          );
        } else {
          log('raw delivery baseline: bare smpp client and nodemailer pool, same peers ...');
          report.rawDelivery = await runRawDeliveryBaseline(context(), settings);
          log(
            `  ${report.rawDelivery.smsPerSecond} SMS/s, ${report.rawDelivery.emailsPerSecond} emails/s`,
          );
        }
      }
    }
    if (settings.failoverSubscribers > 0) {
      const needed = settings.quick ? 10 : 30 + settings.failoverSubscribers / 500;
      if (await cleanSlate('Failover', needed)) {
        log(
          `failover: ${settings.failoverSubscribers} SMS, the primary SMPP peer stops answering after ${Math.round(settings.failoverAt * 100)} % ...`,
        );
        const failover = await runFailover(context(), settings, log);
        report.failover = failover;
        log(
          `  secondary after ${failover.firstSecondaryMs} ms, ${failover.recipients.lost} lost, ` +
            `${failover.recipients.twice} twice, ${failover.ledger.unknown ?? 0} unknown`,
        );
      }
    }
  } catch (error) {
    failure = error;
    notes.push(`The run failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    log('stopping what this run started ...');
    await cleanup.run();
    machine.loadAverageAtEnd = loadavg().map((v) => round(v, 2));
    report.finishedAt = new Date().toISOString();
    report.durationSeconds = round((Date.now() - started) / 1000, 0);
    if (!interrupted) {
      // A failed run must not replace the last good results.
      const stem = resolve(REPO_ROOT, failure ? '.local/bench/failed' : settings.out);
      const files = writeReport(report, stem);
      log(
        `results: ${relative(REPO_ROOT, files.json)}, ${relative(REPO_ROOT, files.md)} (${report.durationSeconds} s)`,
      );
    }
  }
  if (failure) throw failure instanceof Error ? failure : new Error('the benchmark failed');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(
      `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
