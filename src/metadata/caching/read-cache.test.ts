import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RepositoryRecord } from '../metadata-store.js';
import { defaultRepositorySettings } from '../../domain/repository-settings.js';
import { ReadCache } from './read-cache.js';

const repository = (id: number, name: string): RepositoryRecord => ({ id, registryId: '123456789012', name, createdAt: 0, settings: defaultRepositorySettings });

test('hits are served from memory until the TTL passes; misses are never cached', async () => {
  let now = 0;
  let loads = 0;
  const cache = new ReadCache({ ttlMs: 1000, maxEntries: 10, maxManifestBytes: 100, now: () => now });
  const load = async () => (loads++, repository(1, 'app'));
  await cache.repository('123456789012', 'app', load);
  await cache.repository('123456789012', 'app', load);
  assert.equal(loads, 1);
  now = 1000;
  await cache.repository('123456789012', 'app', load);
  assert.equal(loads, 2, 'expired entries are loaded again');
  let misses = 0;
  await cache.repository('123456789012', 'gone', async () => (misses++, undefined));
  await cache.repository('123456789012', 'gone', async () => (misses++, undefined));
  assert.equal(misses, 2);
});

test('a read that raced an invalidation does not cache the value it read', async () => {
  const cache = new ReadCache({ ttlMs: 60_000, maxEntries: 10, maxManifestBytes: 100 });
  let release!: () => void;
  const slow = cache.repository('123456789012', 'app', () => new Promise((resolve) => (release = () => resolve(repository(1, 'app')))));
  cache.forgetRepository(1);
  release();
  await slow;
  let loads = 0;
  await cache.repository('123456789012', 'app', async () => (loads++, repository(1, 'app')));
  assert.equal(loads, 1, 'the raced value was not cached');
});

test('entries are bounded (least recently used first) and invalidated by repository, tag and manifest', async () => {
  const cache = new ReadCache({ ttlMs: 60_000, maxEntries: 2, maxManifestBytes: 100 });
  let loads = 0;
  const load = (id: number) => async () => (loads++, repository(id, `r${id}`));
  await cache.repository('123456789012', 'r1', load(1));
  await cache.repository('123456789012', 'r2', load(2));
  await cache.repository('123456789012', 'r1', load(1));
  await cache.repository('123456789012', 'r3', load(3));
  assert.equal(loads, 3);
  await cache.repository('123456789012', 'r1', load(1));
  assert.equal(loads, 3, 'r1 was used recently and stayed');
  await cache.repository('123456789012', 'r2', load(2));
  assert.equal(loads, 4, 'r2 was the least recently used and went');

  const manifest = { repositoryId: 1, digest: 'sha256:a', mediaType: 'x', sizeBytes: 10, content: Buffer.alloc(10), pushedAt: 0, imageSizeBytes: 0 };
  let manifestLoads = 0;
  const loadManifest = async () => (manifestLoads++, manifest);
  await cache.taggedManifest(1, 'latest', loadManifest);
  cache.forgetManifest(1, 'sha256:a');
  await cache.taggedManifest(1, 'latest', loadManifest);
  assert.equal(manifestLoads, 2, 'forgetting a manifest forgets the tags that resolved to it');
  cache.forgetTag(1, 'latest');
  await cache.taggedManifest(1, 'latest', loadManifest);
  assert.equal(manifestLoads, 3);
  await cache.taggedManifest(1, 'big', async () => (manifestLoads++, { ...manifest, sizeBytes: 1000 }));
  await cache.taggedManifest(1, 'big', async () => (manifestLoads++, { ...manifest, sizeBytes: 1000 }));
  assert.equal(manifestLoads, 5, 'manifests over the size limit are not cached');
});

test('a TTL of 0 turns the cache off', async () => {
  const cache = new ReadCache({ ttlMs: 0, maxEntries: 10, maxManifestBytes: 100 });
  let loads = 0;
  await cache.repository('123456789012', 'app', async () => (loads++, repository(1, 'app')));
  await cache.repository('123456789012', 'app', async () => (loads++, repository(1, 'app')));
  assert.equal(loads, 2);
});

test('forget takes invalidations of every kind; forgetAll empties the cache and stops reads in flight from caching', async () => {
  const cache = new ReadCache({ ttlMs: 60_000, maxEntries: 10, maxManifestBytes: 100 });
  let loads = 0;
  const load = async () => (loads++, repository(1, 'app'));
  await cache.repository('123456789012', 'app', load);
  cache.forget([{ kind: 'tag', repositoryId: 1, tag: 'x' }, { kind: 'blob', repositoryId: 1, digest: 'sha256:b' }]);
  await cache.repository('123456789012', 'app', load);
  assert.equal(loads, 1, 'other entries stay');
  cache.forget([{ kind: 'repository', repositoryId: 1 }]);
  await cache.repository('123456789012', 'app', load);
  assert.equal(loads, 2);
  let release!: () => void;
  const slow = cache.repository('123456789012', 'other', () => new Promise((resolve) => (release = () => resolve(repository(2, 'other')))));
  cache.forgetAll();
  release();
  await slow;
  await cache.repository('123456789012', 'app', load);
  assert.equal(loads, 3, 'everything was forgotten');
  let otherLoads = 0;
  await cache.repository('123456789012', 'other', async () => (otherLoads++, repository(2, 'other')));
  assert.equal(otherLoads, 1, 'the read in flight did not cache what it read');
});
