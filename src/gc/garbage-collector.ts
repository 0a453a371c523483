// Online garbage collection of blobs (issue 6; the reasoning is in docs/garbage-collection.md).
// Deleting an image removes its metadata at once; its bytes stay until a collection finds that no
// manifest of any repository references them any more and nothing touched them for the grace period.
// A run, while pushes and pulls go on:
// 1. finishes the blobs a stopped run left marked (crash, deploy, error deleting the bytes);
// 2. scans the candidates in digest order, a batch at a time, and for each batch marks the ones that
//    are still candidates (one serializable transaction: the re-check that counts), deletes their
//    bytes with bounded parallelism, then forgets their rows.
// Every step can be cut short and run again; several collectors at once only repeat work.
import { parseDigest } from '../domain/digest.js';
import type { BlobCollectionStore, MarkedBlob } from '../metadata/blob-collection.js';
import type { BlobStore } from '../storage/blob-store.js';

export interface CollectionOptions {
  /** Blobs claimed or linked more recently than this are kept, referenced or not. */
  graceMs: number;
  /** Report what would go, delete nothing. */
  dryRun?: boolean;
  /** Candidates marked and deleted together (default 500, what one mark statement takes). */
  batchSize?: number;
  /** Blob deletions in flight at once (default 8: object stores answer deletes in tens of ms). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: CollectionProgress) => void;
}

export interface CollectionProgress {
  phase: 'resuming' | 'collecting';
  /** Candidates seen so far (in a dry run: what would be deleted). */
  candidates: number;
  deleted: number;
  bytesFreed: number;
  failed: number;
}

export interface CollectionResult extends CollectionProgress {
  dryRun: boolean;
  /** Candidates found but no longer collectable when marked: pushed again, or touched meanwhile. */
  spared: number;
  /** Blobs finished for an earlier run that stopped. */
  resumed: number;
  /** Live blobs left, and their bytes. */
  remaining: { blobs: number; sizeBytes: number };
  durationMs: number;
}

export class GarbageCollector {
  constructor(
    private readonly store: BlobCollectionStore,
    private readonly blobs: BlobStore,
    private readonly now: () => number = Date.now,
  ) {}

  async collect(options: CollectionOptions): Promise<CollectionResult> {
    const startedAt = this.now();
    const batchSize = options.batchSize ?? 500;
    const progress: CollectionProgress = { phase: 'resuming', candidates: 0, deleted: 0, bytesFreed: 0, failed: 0 };
    let spared = 0;
    let resumed = 0;
    const report = () => options.onProgress?.({ ...progress });

    if (!options.dryRun) {
      for (let after: string | undefined; ; ) {
        options.signal?.throwIfAborted();
        const marked = await this.store.listBeingDeleted({ ...(after !== undefined && { after }), limit: batchSize });
        if (marked.length === 0) break;
        after = marked[marked.length - 1]!.digest;
        resumed += await this.finish(marked, progress, options);
        report();
      }
    }

    progress.phase = 'collecting';
    // The cutoff is fixed for the run: blobs touched after it started are never its business.
    const olderThan = startedAt - options.graceMs;
    for (let after: string | undefined; ; ) {
      options.signal?.throwIfAborted();
      const candidates = await this.store.findCandidates(olderThan, { ...(after !== undefined && { after }), limit: batchSize });
      if (candidates.length === 0) break;
      after = candidates[candidates.length - 1]!.digest;
      progress.candidates += candidates.length;
      if (options.dryRun) {
        for (const candidate of candidates) progress.bytesFreed += candidate.sizeBytes;
      } else {
        const marked = await this.store.markForDeletion(
          candidates.map((candidate) => candidate.digest),
          olderThan,
        );
        spared += candidates.length - marked.length;
        await this.finish(marked, progress, options);
      }
      report();
    }

    return {
      ...progress,
      dryRun: options.dryRun ?? false,
      spared,
      resumed,
      remaining: await this.store.totals(),
      durationMs: this.now() - startedAt,
    };
  }

  /** Deletes the marked blobs' bytes, then forgets the rows of those whose bytes are gone. */
  private async finish(marked: MarkedBlob[], progress: CollectionProgress, options: CollectionOptions): Promise<number> {
    const gone: MarkedBlob[] = [];
    await inParallel(marked, options.concurrency ?? 8, async (blob) => {
      try {
        await this.blobs.delete(parseDigest(blob.digest));
        gone.push(blob);
      } catch {
        // Left marked: the next run tries again. The blob is linked nowhere, so nobody misses it.
        progress.failed++;
      }
    });
    const forgotten = await this.store.forgetDeleted(gone);
    progress.deleted += gone.length;
    for (const blob of gone) progress.bytesFreed += blob.sizeBytes;
    return forgotten;
  }
}

async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
