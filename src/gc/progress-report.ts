// How a collection tells people what it does: throttled progress while it runs, one summary after.
import type { CollectionProgress, CollectionResult } from './garbage-collector.js';

/** Calls `report` at most every `intervalMs` with the latest progress (long runs show they move). */
export function throttledProgress(intervalMs: number, report: (progress: CollectionProgress) => void): (progress: CollectionProgress) => void {
  let lastAt = 0;
  return (progress) => {
    const now = Date.now();
    if (now - lastAt < intervalMs) return;
    lastAt = now;
    report(progress);
  };
}

export function describeProgress(progress: CollectionProgress): string {
  return `${progress.phase}: ${progress.candidates} candidates, ${progress.deleted} deleted, ${formatBytes(progress.bytesFreed)} freed, ${progress.failed} failed`;
}

export function describeResult(result: CollectionResult): string {
  const remaining = `${result.remaining.blobs} blobs (${formatBytes(result.remaining.sizeBytes)}) remain`;
  if (result.dryRun) {
    return `dry run: ${result.candidates} unreferenced blobs would be deleted, freeing ${formatBytes(result.bytesFreed)}; ${remaining}`;
  }
  const extras = [
    result.spared > 0 && `${result.spared} spared (in use again when marked)`,
    result.resumed > 0 && `${result.resumed} finished for an earlier run`,
    result.failed > 0 && `${result.failed} failed and left for the next run`,
  ].filter(Boolean);
  return `deleted ${result.deleted} blobs, freeing ${formatBytes(result.bytesFreed)} in ${(result.durationMs / 1000).toFixed(1)} s${extras.length > 0 ? ` (${extras.join(', ')})` : ''}; ${remaining}`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]} (${bytes} bytes)`;
}
