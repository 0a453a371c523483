// The machine the figures came from: they mean nothing without it.
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { processTree } from './memory.js';

export interface MachineInfo {
  os: string;
  kernel: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
}

export function describeMachine(): MachineInfo {
  let os = process.platform as string;
  try {
    os = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
  } catch {
    // not Linux
  }
  const cpuList = cpus();
  return {
    os,
    kernel: release(),
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
  };
}

/** Clock ticks (USER_HZ) of CPU a process and its reaped children used: /proc/<pid>/stat fields 14–17. */
function processTicks(pid: number | 'self'): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state), so field n is fields[n - 3]
    return [14, 15, 16, 17].reduce((sum, n) => sum + Number(fields[n - 3]), 0);
  } catch {
    return 0;
  }
}

/**
 * Busy clock ticks of the whole machine (all CPUs): user + nice + system from /proc/stat.
 * irq/softirq are left out (mostly the loopback traffic the benchmark itself makes, charged to
 * no process) and so is steal (the hypervisor's, not this machine's).
 */
function machineBusyTicks(): number {
  try {
    const [, user, nice, system] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    return user + nice + system;
  } catch {
    return 0;
  }
}

/**
 * How much CPU processes other than the server under test and this harness (with its load
 * generators, which are its children) used over an interval, in cores. The machine may be shared
 * with builds and tests: a high figure means that target's numbers are noisy. Kernel writeback
 * threads count as "other" too, so big pushes show some even on an idle machine.
 */
export class BackgroundCpu {
  private readonly at = performance.now();
  private readonly machine = machineBusyTicks();
  private readonly ours: number;

  /**
   * @param serverPids the servers under test and what they run on: their CPU, and their live
   * descendants' (a PostgreSQL backend per connection), is ours, not background.
   */
  constructor(private readonly serverPids: number[]) {
    this.ours = this.ourTicks();
  }

  private ourTicks(): number {
    return processTicks('self') + this.serverPids.flatMap(processTree).reduce((sum, pid) => sum + processTicks(pid), 0);
  }

  /** Average cores used by others since construction. Read before the servers stop. */
  cores(): number {
    const seconds = (performance.now() - this.at) / 1000;
    const ticks = machineBusyTicks() - this.machine - (this.ourTicks() - this.ours);
    return seconds > 0 ? Math.max(0, ticks / 100 / seconds) : 0;
  }
}

export function loadAverage(): number {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return 0;
  }
}

/**
 * Waits until processes other than this harness (and the servers under test) use less than `maxCores` over a
 * one-second window, for at most `maxSeconds`. Returns the last measured figure. On a machine
 * shared with builds and test runs this keeps most of their bursts out of the measurements.
 */
export async function waitForQuiet(serverPids: number[], maxSeconds: number, maxCores = 0.2): Promise<number> {
  const deadline = performance.now() + maxSeconds * 1000;
  let cores = 0;
  do {
    const window = new BackgroundCpu(serverPids);
    await new Promise((r) => setTimeout(r, 1000));
    cores = window.cores();
    if (cores < maxCores) return cores;
  } while (performance.now() < deadline);
  return cores;
}
