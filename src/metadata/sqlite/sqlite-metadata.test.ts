import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metadataStoreContract } from '../testing/metadata-store-contract.js';
import { openSqliteMetadata } from './open-sqlite-metadata.js';

metadataStoreContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-sqlite-'));
  const store = await openSqliteMetadata(join(dir, 'metadata.sqlite'));
  return {
    store,
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
