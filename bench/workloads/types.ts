// What a workload is and what it gets to run against one target.
import { execFileSync } from 'node:child_process';
import type { BlobFile } from '../data.js';
import type { SmallImage } from '../image.js';
import type { RateTools } from '../load/rate.js';
import type { BenchOptions } from '../options.js';
import type { RegistryClient } from '../registry-client.js';
import type { RunningTarget } from '../targets/process.js';

export interface BenchData {
  image: SmallImage;
  /** Pushed monolithically, then pulled. */
  bigMonolithic: BlobFile;
  /** A different blob of the same size for the chunked push: the target must not already have it. */
  bigChunked: BlobFile;
  /** Pulled by many clients at once. */
  medium: BlobFile;
}

export interface WorkloadContext {
  target: RunningTarget;
  client: RegistryClient;
  options: BenchOptions;
  data: BenchData;
  rateTools: RateTools;
  /** Who downloads big blobs: curl when installed, else the node client. */
  pullClient: 'curl' | 'node';
}

export interface Measurement {
  value: number;
  /** Extra figures for the JSON file (latency, request counts…). */
  detail?: Record<string, unknown>;
  /** Shown beside the figure: e.g. some requests failed. */
  warning?: string;
}

export interface Workload {
  id: string;
  label: (options: BenchOptions) => string;
  unit: 'MB/s' | 'req/s';
  /** Server memory is sampled while it runs and reported under this memory row id. */
  memoryRow?: 'push' | 'pull';
  run(context: WorkloadContext): Promise<Measurement>;
}

/** MB is 10^6 bytes, as in disk and network figures. */
export function megabytesPerSecond(bytes: number, milliseconds: number): number {
  return bytes / 1e6 / (milliseconds / 1000);
}

/**
 * Flushes dirty pages before a timed transfer, so writeback left over from the previous workload
 * (or the previous target) is not charged to this one.
 */
export function settle(): void {
  try {
    execFileSync('sync');
  } catch {
    // no sync(1): carry on
  }
}

/** " (median of 3)" in labels, nothing for single runs. */
export function medianNote(repeats: number, each = ''): string {
  return repeats > 1 ? `median of ${repeats}${each ? `x${each}` : ''}` : each;
}
