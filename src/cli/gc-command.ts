// `berth gc`: one garbage collection on demand, on the stores `serve` uses, safe while servers run
// (docs/garbage-collection.md). Expired upload sessions go first, then unreferenced blobs. Progress
// goes to stderr, the summary to stdout; `--json` prints the result for scripts.
import type { Command } from 'commander';
import { GarbageCollector } from '../gc/garbage-collector.js';
import { describeProgress, describeResult, throttledProgress } from '../gc/progress-report.js';
import { KyselyBlobCollection } from '../metadata/kysely-blob-collection.js';
import { KyselyMetadataStore } from '../metadata/kysely-metadata-store.js';
import { openStores } from '../open-stores.js';
import { UploadExpiry } from '../registry/upload-expiry.js';
import { parseDuration } from './duration.js';
import { storeConfig, withStoreOptions, type StoreFlags } from './store-options.js';

interface GcFlags extends StoreFlags {
  dryRun?: boolean;
  grace?: number;
  json?: boolean;
}

export function registerGcCommand(program: Command): void {
  withStoreOptions(program.command('gc').description('delete blobs no image references any more, and expired upload sessions'))
    .option('--dry-run', 'report what would be deleted and the bytes it would free; delete nothing')
    .option('--grace <duration>', 'keep blobs claimed or linked more recently than this (e.g. 0, 30m, 24h) [default: the gc.graceMs setting]', parseDuration)
    .option('--json', 'print the result as JSON')
    .action(async (flags: GcFlags) => {
      const config = storeConfig(flags);
      const stores = await openStores(config);
      try {
        const uploads = flags.dryRun
          ? undefined
          : await new UploadExpiry(new KyselyMetadataStore(stores.database.db), stores.blobs, Date.now, { maxIdleMs: config.uploadExpiry.maxIdleMs }).removeStale();
        const collector = new GarbageCollector(new KyselyBlobCollection(stores.database.db), stores.blobs);
        const result = await collector.collect({
          graceMs: flags.grace ?? config.gc.graceMs,
          dryRun: flags.dryRun ?? false,
          onProgress: throttledProgress(1000, (progress) => process.stderr.write(`${describeProgress(progress)}\n`)),
        });
        if (flags.json) {
          process.stdout.write(JSON.stringify({ ...result, expiredUploads: uploads?.removed ?? 0 }, null, 2) + '\n');
        } else {
          if (uploads) process.stdout.write(`removed ${uploads.removed} expired upload sessions\n`);
          process.stdout.write(`${describeResult(result)}\n`);
        }
      } finally {
        await stores.close();
      }
    });
}
