// What a benchmark run is asked to do, and the sizes behind `--quick` vs a full run.
// Kept apart from the CLI so `runBenchmarks()` can be driven from a test with plain objects.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `berth`: the embedded default (SQLite + filesystem). `berth-pg-s3`: one node on PostgreSQL + S3.
 * `berth-pg-s3-x2`: two such nodes behind HAProxy. `reference`: CNCF Distribution. `node`: bare node:http.
 */
export type TargetName = 'berth' | 'berth-pg-s3' | 'berth-pg-s3-x2' | 'reference' | 'node';
export const ALL_TARGETS: TargetName[] = ['berth', 'berth-pg-s3', 'berth-pg-s3-x2', 'reference', 'node'];
/** What runs without --targets: the scale-out ones need PostgreSQL and HAProxy installed, and time. */
export const DEFAULT_TARGETS: TargetName[] = ['berth', 'reference', 'node'];

export interface BenchOptions {
  /** Small sizes and 2-second request-rate runs: a smoke test, not figures to quote. */
  quick: boolean;
  targets: TargetName[];
  /** Workload ids to run (see bench/workloads/index.ts); all when empty. */
  workloads: string[];
  /** Where cached random blobs live (gitignored `.bench/` at the repo root by default). */
  workDir: string;
  /** Size of the big blob pushed (monolithic and chunked) and pulled. */
  bigBlobBytes: number;
  /** PATCH chunk size for the chunked push. */
  chunkBytes: number;
  /** Blob pulled by `concurrentPulls` clients at once. */
  mediumBlobBytes: number;
  concurrentPulls: number;
  /** Connections and seconds for the request-rate workloads (manifest GET, blob HEAD). */
  connections: number;
  durationSeconds: number;
  /** Runs per request-rate and pull figure; the median is reported (runs vary, and the CPU may be shared). */
  repeats: number;
  /** Unmeasured run before each request-rate measurement, so JITs and caches are warm (whole seconds: wrk takes no less). */
  warmupSeconds: number;
  /** Before each workload, wait up to this long for other processes to go quiet (shared machines). */
  quietWaitSeconds: number;
  /** Use node:http clients only, even when wrk/ab/curl are installed. */
  forceNodeLoad: boolean;
  /** `none` (default, like the reference) or `ecr` (Berth's default: Basic token on every request). */
  berthAuth: 'none' | 'ecr';
  /** Extra `berth serve` arguments and environment, to bench other Berth backends later. */
  berthArgs: string[];
  berthEnv: Record<string, string>;
  /** Write the results object here as JSON. */
  jsonFile?: string;
  /** Progress lines go here (stderr by default); pass () => {} to silence. */
  log: (line: string) => void;
}

const MiB = 1024 * 1024;
export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export function defaultOptions(overrides: Partial<BenchOptions> = {}): BenchOptions {
  const quick = overrides.quick ?? false;
  const base: BenchOptions = {
    quick,
    targets: [...DEFAULT_TARGETS],
    workloads: [],
    workDir: resolve(repoRoot, '.bench'),
    bigBlobBytes: quick ? 32 * MiB : 1024 * MiB,
    chunkBytes: quick ? 4 * MiB : 16 * MiB,
    mediumBlobBytes: quick ? 4 * MiB : 64 * MiB,
    concurrentPulls: 32,
    connections: 64,
    durationSeconds: quick ? 2 : 10,
    warmupSeconds: quick ? 1 : 2,
    repeats: quick ? 1 : 3,
    quietWaitSeconds: quick ? 0 : 60,
    forceNodeLoad: false,
    berthAuth: 'none',
    berthArgs: [],
    berthEnv: {},
    log: (line) => process.stderr.write(`${line}\n`),
  };
  return { ...base, ...stripUndefined(overrides) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
