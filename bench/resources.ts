/**
 * CPU seconds and peak resident memory of each process during each phase, from /proc (Linux):
 * utime + stime of /proc/<pid>/stat, and VmHWM of /proc/<pid>/status after resetting it with
 * /proc/<pid>/clear_refs at the phase start (so the peak is the phase's, not the process's
 * lifetime's). Where the reset is refused, the peak of VmRSS sampled every 250 ms is used.
 * Also the whole machine's busy CPU (/proc/stat), to see what else ran meanwhile.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { round } from './stats';

export interface WatchedProcess {
  name: string;
  pid: number | undefined;
}

export interface ProcessUsage {
  /** utime + stime during the phase. */
  cpuSeconds: number;
  /** Average share of one core during the phase (100 = one core fully busy). */
  cpuPercent: number;
  /** Peak resident set during the phase, MiB. */
  peakRssMiB: number | null;
  /** How the peak was measured. */
  peakFrom: 'VmHWM' | 'sampled' | 'n/a';
}

export interface PhaseResources {
  phase: string;
  seconds: number;
  /** Average busy cores of the whole machine (all processes, ours and others'). */
  machineBusyCores: number;
  loadAverage1m: number;
  processes: Record<string, ProcessUsage>;
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function readTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of the file (utime, stime); the slice starts at field 3.
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

function readStatusKiB(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function machineTicks(): { busy: number; total: number } {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const values = cpu.trim().split(/\s+/).slice(1).map(Number);
  const total = values.slice(0, 8).reduce((sum, v) => sum + v, 0);
  const idle = values[3] + values[4];
  return { busy: total - idle, total };
}

/** Pids of the processes whose `/proc/<pid>/<file>` passes `test` (gone ones are skipped). */
function pidsWhere(file: 'comm' | 'cmdline', test: (content: string) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (test(readFileSync(`/proc/${entry}/${file}`, 'utf8'))) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Pids of the PostgreSQL server's processes (postmaster and every backend). */
export function postgresPids(): number[] {
  return pidsWhere('comm', (comm) => ['postgres', 'postmaster'].includes(comm.trim()));
}

/**
 * Pids of the JVMs running a Kafka broker (`kafka.Kafka` on the command line), found through
 * `/proc` when the broker was not started from this checkout and so has no pid file here.
 */
export function kafkaBrokerPids(): number[] {
  return pidsWhere('cmdline', (cmdline) => cmdline.split('\0').includes('kafka.Kafka'));
}

interface Open {
  phase: string;
  startedAt: number;
  machine: { busy: number; total: number };
  ticks: Map<string, Map<number, number>>;
  peakReset: Map<string, boolean>;
  sampledPeakKiB: Map<string, number>;
}

/**
 * `targets()` is asked at every phase start and sample, so restarted processes are followed.
 * A target may stand for several pids (PostgreSQL): their CPU is summed, their RSS too.
 */
export class ResourceMonitor {
  private open?: Open;
  private timer?: NodeJS.Timeout;

  constructor(private readonly targets: () => { name: string; pids: number[] }[]) {}

  begin(phase: string): void {
    const ticks = new Map<string, Map<number, number>>();
    const peakReset = new Map<string, boolean>();
    for (const { name, pids } of this.targets()) {
      const perPid = new Map<number, number>();
      for (const pid of pids) {
        const t = readTicks(pid);
        if (t !== undefined) perPid.set(pid, t);
      }
      ticks.set(name, perPid);
      peakReset.set(name, pids.length === 1 && resetPeak(pids[0]));
    }
    this.open = {
      phase,
      startedAt: Date.now(),
      machine: machineTicks(),
      ticks,
      peakReset,
      sampledPeakKiB: new Map(),
    };
    this.sample();
    clearInterval(this.timer);
    this.timer = setInterval(() => this.sample(), 250);
    this.timer.unref();
  }

  end(): PhaseResources {
    const open = this.open;
    if (!open) throw new Error('ResourceMonitor.end() without begin()');
    this.sample();
    clearInterval(this.timer);
    this.open = undefined;
    const seconds = (Date.now() - open.startedAt) / 1000;
    const machine = machineTicks();
    const processes: Record<string, ProcessUsage> = {};
    for (const { name, pids } of this.targets()) {
      const before = open.ticks.get(name) ?? new Map<number, number>();
      let ticks = 0;
      for (const pid of pids) {
        const now = readTicks(pid);
        if (now === undefined) continue;
        ticks += now - (before.get(pid) ?? 0);
      }
      const hwm =
        open.peakReset.get(name) && pids.length === 1 ? readStatusKiB(pids[0], 'VmHWM') : undefined;
      // Several processes sharing memory (PostgreSQL's backends): a sum of RSS would mislead.
      const sampled = pids.length === 1 ? open.sampledPeakKiB.get(name) : undefined;
      const peakKiB = hwm ?? sampled;
      const cpuSeconds = ticks / CLK_TCK;
      processes[name] = {
        cpuSeconds: round(cpuSeconds, 2),
        cpuPercent: round((cpuSeconds / seconds) * 100, 1),
        peakRssMiB: peakKiB === undefined ? null : round(peakKiB / 1024, 1),
        peakFrom: hwm !== undefined ? 'VmHWM' : sampled !== undefined ? 'sampled' : 'n/a',
      };
    }
    return {
      phase: open.phase,
      seconds: round(seconds, 1),
      machineBusyCores: round(
        ((machine.busy - open.machine.busy) / Math.max(1, machine.total - open.machine.total)) *
          cpus().length,
        2,
      ),
      loadAverage1m: round(loadavg()[0], 2),
      processes,
    };
  }

  stop(): void {
    clearInterval(this.timer);
    this.open = undefined;
  }

  private sample(): void {
    const open = this.open;
    if (!open) return;
    for (const { name, pids } of this.targets()) {
      let kib = 0;
      for (const pid of pids) kib += readStatusKiB(pid, 'VmRSS') ?? 0;
      if (kib > (open.sampledPeakKiB.get(name) ?? 0)) open.sampledPeakKiB.set(name, kib);
    }
  }
}
