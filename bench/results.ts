// The results object `runBenchmarks()` returns and `--json` writes: one row per measured figure,
// one value (or error) per target.
import type { MachineInfo } from './machine.js';
import type { TargetName } from './options.js';

export interface ResultRow {
  id: string;
  label: string;
  unit: string;
  higherIsBetter: boolean;
  values: Partial<Record<TargetName, number>>;
  errors: Partial<Record<TargetName, string>>;
  warnings: Partial<Record<TargetName, string>>;
  details: Partial<Record<TargetName, Record<string, unknown>>>;
}

export interface TargetInfo {
  name: TargetName;
  label: string;
  error?: string;
  /** Warning and error lines the server logged during the run (first few), and how many. */
  serverLog?: { count: number; first: string[] };
  /** Average over its workloads of the cores other processes used meanwhile (see BackgroundCpu). */
  otherCpuCores?: number;
}

export interface BenchResults {
  date: string;
  quick: boolean;
  machine: MachineInfo & { /** 1-minute load average when the run started (0 on an idle machine). */ loadAverageAtStart: number };
  /** The load generators actually used (wrk/ab/node for req/s, curl/node for pulls). */
  rateTool: string;
  targets: TargetInfo[];
  rows: ResultRow[];
}

export function newRow(id: string, label: string, unit: string, higherIsBetter: boolean): ResultRow {
  return { id, label, unit, higherIsBetter, values: {}, errors: {}, warnings: {}, details: {} };
}

/** True when any target failed to start or any workload failed on any target. */
export function hasErrors(results: BenchResults): boolean {
  return results.targets.some((t) => t.error) || results.rows.some((row) => Object.keys(row.errors).length > 0);
}
