// Server memory from /proc: VmRSS sampled every 50 ms over the processes and their descendants (in
// case a server forks helpers), plus the kernel's own peak VmHWM of the main processes, which
// catches spikes between samples. VmHWM is reset (clear_refs "5") before each measured phase so
// the peak belongs to that phase, not to everything before it.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

export interface MemoryPeak {
  /** Highest sampled VmRSS summed over the process tree, MiB. */
  sampledRssMiB: number;
  /** Main process VmHWM at the end of the phase, MiB (0 if unreadable). */
  hwmMiB: number;
  /** The figure to report: the larger of the two. */
  peakMiB: number;
}

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The process and its descendants (servers may fork helpers; PostgreSQL runs a process per connection). */
export function processTree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${pids[i]}/task`)) {
        const children = readFileSync(`/proc/${pids[i]}/task/${task}/children`, 'utf8').trim();
        if (children) pids.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // process exited between reads
    }
  }
  return pids;
}

/** RSS of the servers' process trees, summed (several nodes count as one deployment). */
export function currentRssMiB(pids: number[]): number {
  return pids.flatMap(processTree).reduce((sum, p) => sum + statusField(p, 'VmRSS'), 0);
}

/**
 * With several server processes the VmHWM figure is the sum of their peaks, which may have happened
 * at different moments: an upper bound, where the sampled sum is a lower one.
 */
export class MemorySampler {
  private peak = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pids: number[]) {}

  start(intervalMs = 50): void {
    for (const pid of this.pids) {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch {
        // not permitted (not root / old kernel): VmHWM then covers the process's whole life
      }
    }
    this.peak = currentRssMiB(this.pids);
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, currentRssMiB(this.pids));
    }, intervalMs);
  }

  stop(): MemoryPeak {
    if (this.timer) clearInterval(this.timer);
    const sampledRssMiB = Math.max(this.peak, currentRssMiB(this.pids));
    const hwmMiB = this.pids.reduce((sum, pid) => sum + statusField(pid, 'VmHWM'), 0);
    return { sampledRssMiB, hwmMiB, peakMiB: Math.max(sampledRssMiB, hwmMiB) };
  }
}
