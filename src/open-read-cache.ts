// Part of the composition root: the metadata read cache and the bus that keeps it fresh across nodes.
// On PostgreSQL every node listens for the others' invalidations (LISTEN/NOTIFY); SQLite has one
// process, whose own writes already invalidate its cache, so its bus has nobody to tell.
import type { Logger } from 'pino';
import type { BerthConfig } from './config/berth-config.js';
import type { CacheInvalidationBus } from './metadata/caching/cache-invalidation-bus.js';
import { InProcessCacheInvalidationBus } from './metadata/caching/in-process-cache-invalidation-bus.js';
import { ReadCache } from './metadata/caching/read-cache.js';
import { PostgresCacheInvalidationBus } from './metadata/postgres/postgres-cache-invalidation-bus.js';
import type { BerthStores } from './open-stores.js';

export interface SharedReadCache {
  cache: ReadCache;
  bus: CacheInvalidationBus;
}

export async function openReadCache(config: BerthConfig, stores: BerthStores, logger: Logger): Promise<SharedReadCache> {
  const cache = new ReadCache({ ttlMs: config.metadataCacheTtlMs, maxEntries: 10_000, maxManifestBytes: 64 * 1024 });
  const bus = config.database
    ? await PostgresCacheInvalidationBus.start({ connectionString: config.database, db: stores.database.db, logger })
    : new InProcessCacheInvalidationBus();
  bus.subscribe(cache);
  return { cache, bus };
}
