// The lifecycle store contract on a real PostgreSQL.
import { after, describe } from 'node:test';
import { KyselyLifecycleAuditLog } from '../kysely-lifecycle-audit-log.js';
import { KyselyLifecycleImageSource } from '../kysely-lifecycle-image-source.js';
import { KyselyLifecycleStore } from '../kysely-lifecycle-store.js';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { KyselyRepositoryCatalog } from '../kysely-repository-catalog.js';
import { startPostgresServerOrSkip, suiteDatabase } from '../testing/postgres-server.js';
import { lifecycleStoreContract } from '../testing/lifecycle-store-contract.js';
import { openPostgresDatabase } from './open-postgres-database.js';

const { server, skip } = await startPostgresServerOrSkip();
after(() => server?.stop());

describe('postgres', { skip }, () => {
  const database = suiteDatabase(server!, (url) => openPostgresDatabase(url));
  lifecycleStoreContract('postgres', async () => {
    const opened = await database();
    return {
      store: new KyselyMetadataStore(opened.db),
      catalog: new KyselyRepositoryCatalog(opened.db),
      lifecycle: new KyselyLifecycleStore(opened.db),
      images: new KyselyLifecycleImageSource(opened.db),
      scanningImages: new KyselyLifecycleImageSource(opened.db, 1),
      audit: new KyselyLifecycleAuditLog(opened.db),
      cleanup: () => opened.close(),
    };
  });
});
