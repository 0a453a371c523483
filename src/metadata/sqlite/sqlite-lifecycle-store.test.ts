import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KyselyLifecycleAuditLog } from '../kysely-lifecycle-audit-log.js';
import { KyselyLifecycleImageSource } from '../kysely-lifecycle-image-source.js';
import { KyselyLifecycleStore } from '../kysely-lifecycle-store.js';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { KyselyRepositoryCatalog } from '../kysely-repository-catalog.js';
import { lifecycleStoreContract } from '../testing/lifecycle-store-contract.js';
import { openSqliteDatabase } from './open-sqlite-database.js';

lifecycleStoreContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-lifecycle-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  return {
    store: new KyselyMetadataStore(database.db),
    catalog: new KyselyRepositoryCatalog(database.db),
    lifecycle: new KyselyLifecycleStore(database.db),
    images: new KyselyLifecycleImageSource(database.db),
    scanningImages: new KyselyLifecycleImageSource(database.db, 1),
    audit: new KyselyLifecycleAuditLog(database.db),
    async cleanup() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
