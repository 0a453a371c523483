// Two processes' worth of cached stores on one database, joined by a bus: what one writes, the
// other stops serving from its cache at once, long before the TTL; inside a transaction, only once
// it commits.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { KyselyRepositoryCatalog } from '../kysely-repository-catalog.js';
import { openSqliteDatabase } from '../sqlite/open-sqlite-database.js';
import { manifest } from '../testing/records.js';
import { RecordingListener } from '../testing/cache-invalidation-bus-contract.js';
import { defaultRepositorySettings } from '../../domain/repository-settings.js';
import { CachedMetadataStore } from './cached-metadata-store.js';
import { CachedRepositoryCatalog } from './cached-repository-catalog.js';
import { InProcessCacheInvalidationBus } from './in-process-cache-invalidation-bus.js';
import { ReadCache } from './read-cache.js';

async function twoNodes() {
  const dir = await mkdtemp(join(tmpdir(), 'berth-cache-bus-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  const firstBus = new InProcessCacheInvalidationBus();
  const node = (bus: InProcessCacheInvalidationBus) => {
    const cache = new ReadCache({ ttlMs: 60_000, maxEntries: 100, maxManifestBytes: 64 * 1024 });
    bus.subscribe(cache);
    return {
      bus,
      store: new CachedMetadataStore(new KyselyMetadataStore(database.db), cache, bus),
      catalog: new CachedRepositoryCatalog(new KyselyRepositoryCatalog(database.db), cache, bus),
    };
  };
  return {
    a: node(firstBus),
    b: node(firstBus.peer()),
    async close() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test("a tag moved, a manifest deleted and settings changed through one node are not served from the other's cache", async () => {
  const { a, b, close } = await twoNodes();
  try {
    const repository = await a.store.ensureRepository(await a.store.defaultAccountId(), 'app', 1);
    for (const n of [1, 2]) await a.store.putManifest(manifest(repository.id, n), []);
    await a.store.putTag(repository.id, 'latest', manifest(repository.id, 1).digest, 1);
    assert.equal((await b.store.findTaggedManifest(repository.id, 'latest'))?.digest, manifest(repository.id, 1).digest, 'cached on B');
    assert.ok(await b.store.findManifest(repository.id, manifest(repository.id, 2).digest));
    const cachedRepository = await b.store.findRepository(repository.registryId, 'app');

    await a.store.putTag(repository.id, 'latest', manifest(repository.id, 2).digest, 2);
    assert.equal((await b.store.findTaggedManifest(repository.id, 'latest'))?.digest, manifest(repository.id, 2).digest, 'the moved tag');
    await a.store.transaction((store) => store.deleteManifest(repository.id, manifest(repository.id, 2).digest));
    assert.equal(await b.store.findManifest(repository.id, manifest(repository.id, 2).digest), undefined, 'the deleted manifest');
    assert.equal(await b.store.findTaggedManifest(repository.id, 'latest'), undefined, 'its tag went with it');

    await a.catalog.updateSettings(repository.id, { ...defaultRepositorySettings, imageTagMutability: 'IMMUTABLE' });
    assert.notDeepEqual((await b.store.findRepository(repository.registryId, 'app'))?.settings, cachedRepository?.settings, 'the new settings');
  } finally {
    await close();
  }
});

test('invalidations made inside a transaction reach the other nodes only after it commits, and not at all if it fails', async () => {
  const { a, b, close } = await twoNodes();
  try {
    const heard = new RecordingListener();
    b.bus.subscribe(heard);
    const repository = await a.store.ensureRepository(await a.store.defaultAccountId(), 'app', 1);
    await a.store.putManifest(manifest(repository.id, 1), []);
    await a.store.transaction(async (store) => {
      await store.putTag(repository.id, 'v1', manifest(repository.id, 1).digest, 1);
      assert.equal(heard.keys.size, 0, 'nothing told before the commit');
    });
    assert.deepEqual([...heard.keys], [`t ${repository.id} v1`]);
    await assert.rejects(
      a.store.transaction(async (store) => {
        await store.deleteTag(repository.id, 'v1');
        throw new Error('rolled back');
      }),
    );
    assert.deepEqual([...heard.keys], [`t ${repository.id} v1`], 'a rolled-back write is not announced');
  } finally {
    await close();
  }
});
