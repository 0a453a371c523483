// The metadata contract: SQLite and PostgreSQL run this suite unchanged. The concurrency tests at the
// end start their operations together: on SQLite they queue for the one connection, on PostgreSQL
// they overlap on a pool, and the promises of metadata-store.ts must hold either way.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { MetadataStore } from '../metadata-store.js';

import { digest, manifest, storeBlob } from './records.js';

export function metadataStoreContract(name: string, setup: () => Promise<{ store: MetadataStore; cleanup(): Promise<void> }>): void {
  describe(`metadata store contract: ${name}`, () => {
    const withStore = (work: (store: MetadataStore) => Promise<void>) => async () => {
      const { store, cleanup } = await setup();
      try {
        await work(store);
      } finally {
        await cleanup();
      }
    };

    test(
      'the default account is a stable 12-digit id',
      withStore(async (store) => {
        const id = await store.defaultAccountId();
        assert.match(id, /^[1-9][0-9]{11}$/);
        assert.equal(await store.defaultAccountId(), id);
      }),
    );

    test(
      'repositories are created once and listed in byte order, paged',
      withStore(async (store) => {
        const account = await store.defaultAccountId();
        const first = await store.ensureRepository(account, 'b/app', 1);
        assert.deepEqual(await store.ensureRepository(account, 'b/app', 2), first);
        for (const name of ['a', 'B-not-lowercase-but-stored', 'c', 'a/z']) await store.ensureRepository(account, name, 3);
        assert.deepEqual(await store.listRepositoryNames(account, { limit: 100 }), ['B-not-lowercase-but-stored', 'a', 'a/z', 'b/app', 'c']);
        assert.deepEqual(await store.listRepositoryNames(account, { after: 'a', limit: 2 }), ['a/z', 'b/app']);
        assert.equal(await store.findRepository(account, 'missing'), undefined);
      }),
    );

    test(
      'blobs are visible only in the repositories they are linked to',
      withStore(async (store) => {
        const account = await store.defaultAccountId();
        const one = await store.ensureRepository(account, 'one', 1);
        const two = await store.ensureRepository(account, 'two', 1);
        await storeBlob(store, one.id, { digest: digest(1), sizeBytes: 10 }, 5);
        assert.deepEqual(await store.findRepositoryBlob(one.id, digest(1)), { digest: digest(1), sizeBytes: 10 });
        assert.equal(await store.findRepositoryBlob(two.id, digest(1)), undefined);
        assert.deepEqual(await store.missingBlobs(two.id, [digest(1), digest(1)]), [digest(1)]);
        await storeBlob(store, two.id, { digest: digest(1), sizeBytes: 10 }, 6);
        assert.deepEqual(await store.missingBlobs(two.id, [digest(1)]), []);
        assert.equal(await store.unlinkBlob(one.id, digest(1)), true);
        assert.equal(await store.unlinkBlob(one.id, digest(1)), false);
        assert.ok(await store.findRepositoryBlob(two.id, digest(1)));
      }),
    );

    test(
      'manifests, tags and references: store, resolve, delete with their tags',
      withStore(async (store) => {
        const account = await store.defaultAccountId();
        const repository = await store.ensureRepository(account, 'app', 1);
        await storeBlob(store, repository.id, { digest: digest(100), sizeBytes: 3 }, 1);
        const image = manifest(repository.id, 1, { annotations: { a: 'b' } });
        await store.putManifest(image, [{ digest: digest(100), kind: 'blob' }]);
        await store.putManifest(image, [{ digest: digest(100), kind: 'blob' }]);
        await store.putTag(repository.id, 'v1', image.digest, 2);
        await store.putTag(repository.id, 'latest', image.digest, 2);
        assert.deepEqual(await store.findTaggedManifest(repository.id, 'v1'), image);
        assert.deepEqual(await store.findManifest(repository.id, image.digest), image);
        assert.deepEqual(await store.referencedDigests(repository.id, [digest(100), digest(101)]), [digest(100)]);
        assert.deepEqual(await store.listTags(repository.id, { limit: 10 }), ['latest', 'v1']);
        assert.deepEqual(await store.listTags(repository.id, { after: 'latest', limit: 10 }), ['v1']);

        const index = manifest(repository.id, 2, { mediaType: 'application/vnd.oci.image.index.v1+json' });
        await store.putManifest(index, [{ digest: image.digest, kind: 'manifest' }]);
        assert.deepEqual(await store.indexesReferencing(repository.id, image.digest), [index.digest]);
        assert.deepEqual(await store.missingManifests(repository.id, [image.digest, digest(3)]), [digest(3)]);

        assert.equal(await store.deleteManifest(repository.id, index.digest), true);
        assert.equal(await store.deleteManifest(repository.id, image.digest), true);
        assert.equal(await store.findTag(repository.id, 'v1'), undefined, 'tags go with their manifest');
        assert.deepEqual(await store.referencedDigests(repository.id, [digest(100)]), []);
        assert.equal(await store.deleteManifest(repository.id, image.digest), false);
      }),
    );

    test(
      'a tag moves to another manifest (tagsOf follows it); deleting it leaves the manifest',
      withStore(async (store) => {
        const repository = await store.ensureRepository(await store.defaultAccountId(), 'app', 1);
        await store.putManifest(manifest(repository.id, 1), []);
        await store.putManifest(manifest(repository.id, 2), []);
        await store.putTag(repository.id, 'latest', digest(1), 1);
        await store.putTag(repository.id, 'latest', digest(2), 2);
        assert.equal(await store.findTag(repository.id, 'latest'), digest(2));
        await store.putTag(repository.id, 'b-tag', digest(2), 2);
        assert.deepEqual(await store.tagsOf(repository.id, digest(2)), ['b-tag', 'latest'], "a manifest's tags, in byte order");
        assert.deepEqual(await store.tagsOf(repository.id, digest(1)), [], 'the tag moved away');
        assert.deepEqual(await store.tagsOf(repository.id, digest(3)), [], 'an unknown manifest has none');
        assert.equal(await store.deleteTag(repository.id, 'latest'), true);
        assert.equal(await store.deleteTag(repository.id, 'latest'), false);
        assert.ok(await store.findManifest(repository.id, digest(2)));
      }),
    );

    test(
      'recordPull sets lastPulledAt, never moves it backwards, and ignores unknown manifests',
      withStore(async (store) => {
        const repository = await store.ensureRepository(await store.defaultAccountId(), 'app', 1);
        await store.putManifest(manifest(repository.id, 1), []);
        assert.equal((await store.findManifest(repository.id, digest(1)))?.lastPulledAt, undefined, 'never pulled');
        await store.recordPull(repository.id, digest(1), 5_000);
        assert.equal((await store.findManifest(repository.id, digest(1)))?.lastPulledAt, 5_000);
        await store.putTag(repository.id, 'v1', digest(1), 1);
        assert.equal((await store.findTaggedManifest(repository.id, 'v1'))?.lastPulledAt, 5_000, 'seen through the tag too');
        await store.recordPull(repository.id, digest(1), 4_000);
        assert.equal((await store.findManifest(repository.id, digest(1)))?.lastPulledAt, 5_000, 'an older time does not win');
        await store.recordPull(repository.id, digest(1), 9_000);
        assert.equal((await store.findManifest(repository.id, digest(1)))?.lastPulledAt, 9_000);
        await store.recordPull(repository.id, digest(2), 9_000);
        assert.equal(await store.findManifest(repository.id, digest(2)), undefined);
      }),
    );

    test(
      'referrers are found by subject and filtered by artifact type',
      withStore(async (store) => {
        const repository = await store.ensureRepository(await store.defaultAccountId(), 'app', 1);
        await store.putManifest(manifest(repository.id, 10, { subjectDigest: digest(1), artifactType: 'sig', annotations: { k: 'v' } }), []);
        await store.putManifest(manifest(repository.id, 11, { subjectDigest: digest(1), artifactType: 'sbom' }), []);
        await store.putManifest(manifest(repository.id, 12, { subjectDigest: digest(2), artifactType: 'sig' }), []);
        const all = await store.listReferrers(repository.id, digest(1));
        assert.deepEqual(
          all.map((referrer) => referrer.digest),
          [digest(10), digest(11)],
        );
        assert.deepEqual(all[0].annotations, { k: 'v' });
        assert.deepEqual(
          (await store.listReferrers(repository.id, digest(1), 'sbom')).map((referrer) => referrer.digest),
          [digest(11)],
        );
        assert.deepEqual(await store.listReferrers(repository.id, digest(3)), []);
      }),
    );

    test(
      'upload sessions are stored, touched and removed',
      withStore(async (store) => {
        const repository = await store.ensureRepository(await store.defaultAccountId(), 'app', 1);
        await store.createUploadSession({ id: 'u1', repositoryId: repository.id, algorithm: 'sha256', startedAt: 1, updatedAt: 1 });
        await store.touchUploadSession('u1', 9);
        assert.deepEqual(await store.findUploadSession('u1'), { id: 'u1', repositoryId: repository.id, algorithm: 'sha256', startedAt: 1, updatedAt: 9 });
        await store.deleteUploadSession('u1');
        assert.equal(await store.findUploadSession('u1'), undefined);
      }),
    );

    test(
      'an upload session keeps its layer-part record, large offsets included, until it goes',
      withStore(async (store) => {
        const repository = await store.ensureRepository(await store.defaultAccountId(), 'app', 1);
        await store.createUploadSession({ id: 'u1', repositoryId: repository.id, algorithm: 'sha256', startedAt: 1, updatedAt: 1 });
        assert.equal((await store.findUploadSession('u1'))?.layerParts, undefined, 'no part yet');
        const lastPart = { startByte: 5 * 2 ** 30, sizeBytes: 10 };
        await store.putLayerParts('u1', { lastPart });
        assert.deepEqual((await store.findUploadSession('u1'))?.layerParts, { lastPart });
        const both = { lastPart: { startByte: 5 * 2 ** 30 + 10, sizeBytes: 7 }, undersizedPart: lastPart };
        await store.transaction((transaction) => transaction.putLayerParts('u1', both));
        await store.touchUploadSession('u1', 9);
        assert.deepEqual(await store.findUploadSession('u1'), { id: 'u1', repositoryId: repository.id, algorithm: 'sha256', startedAt: 1, updatedAt: 9, layerParts: both });
        assert.deepEqual(await store.listStaleUploadSessions(100, 10), [{ id: 'u1', repositoryId: repository.id, algorithm: 'sha256', startedAt: 1, updatedAt: 9, layerParts: both }]);
        await store.putLayerParts('unknown', both);
        assert.equal(await store.findUploadSession('unknown'), undefined, 'an unknown session is not created');
        await store.deleteUploadSession('u1');
        assert.equal(await store.findUploadSession('u1'), undefined);
        await store.createUploadSession({ id: 'u2', repositoryId: repository.id, algorithm: 'sha256', startedAt: 1, updatedAt: 1, layerParts: both });
        assert.deepEqual((await store.findUploadSession('u2'))?.layerParts, both);
      }),
    );

    test(
      'stale upload sessions are listed least recently touched first, up to the limit',
      withStore(async (store) => {
        const repository = await store.ensureRepository(await store.defaultAccountId(), 'app', 1);
        const session = (id: string, updatedAt: number) => ({ id, repositoryId: repository.id, algorithm: 'sha256', startedAt: 1, updatedAt });
        for (const [id, updatedAt] of [['c', 30], ['a', 10], ['fresh', 100], ['b', 30], ['touched', 5]] as const) {
          await store.createUploadSession(session(id, updatedAt));
        }
        await store.touchUploadSession('touched', 200);
        assert.deepEqual(await store.listStaleUploadSessions(100, 10), [session('a', 10), session('b', 30), session('c', 30)]);
        assert.deepEqual((await store.listStaleUploadSessions(100, 2)).map((stale) => stale.id), ['a', 'b']);
        assert.deepEqual(await store.listStaleUploadSessions(10, 10), []);
      }),
    );

    test(
      'a failed transaction leaves nothing behind',
      withStore(async (store) => {
        const repository = await store.ensureRepository(await store.defaultAccountId(), 'app', 1);
        await assert.rejects(
          store.transaction(async (transaction) => {
            await transaction.putManifest(manifest(repository.id, 1), []);
            await transaction.putTag(repository.id, 'v1', digest(1), 1);
            throw new Error('abort');
          }),
          /abort/,
        );
        assert.equal(await store.findManifest(repository.id, digest(1)), undefined);
        assert.equal(await store.findTag(repository.id, 'v1'), undefined);
      }),
    );

    test(
      'concurrent first calls of defaultAccountId agree on one account',
      withStore(async (store) => {
        const ids = await Promise.all(Array.from({ length: 10 }, () => store.defaultAccountId()));
        assert.equal(new Set(ids).size, 1);
      }),
    );

    test(
      'concurrent ensureRepository calls, inside transactions or not, get the same repository',
      withStore(async (store) => {
        const account = await store.defaultAccountId();
        const plain = await Promise.all(Array.from({ length: 10 }, (_, i) => store.ensureRepository(account, 'race', i)));
        const transactional = await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.transaction((transaction) => transaction.ensureRepository(account, 'race/in-transaction', i))),
        );
        for (const results of [plain, transactional]) {
          assert.equal(new Set(results.map((repository) => repository.id)).size, 1);
          for (const repository of results) assert.deepEqual(repository, results[0]);
        }
        assert.deepEqual(await store.listRepositoryNames(account, { limit: 10 }), ['race', 'race/in-transaction']);
      }),
    );

    test(
      'concurrent pushes of one tag all land and the tag ends on one of them, whole',
      withStore(async (store) => {
        const repository = await store.ensureRepository(await store.defaultAccountId(), 'app', 1);
        await storeBlob(store, repository.id, { digest: digest(100), sizeBytes: 3 }, 1);
        const pushes = Array.from({ length: 20 }, (_, i) => manifest(repository.id, i + 1));
        await Promise.all(
          pushes.map((image) =>
            store.transaction(async (transaction) => {
              assert.deepEqual(await transaction.missingBlobs(repository.id, [digest(100)]), []);
              await transaction.putManifest(image, [{ digest: digest(100), kind: 'blob' }]);
              await transaction.putTag(repository.id, 'latest', image.digest, image.pushedAt);
            }),
          ),
        );
        const winner = await store.findTag(repository.id, 'latest');
        assert.ok(pushes.some((image) => image.digest === winner));
        assert.deepEqual(await store.findTaggedManifest(repository.id, 'latest'), await store.findManifest(repository.id, winner!));
        assert.deepEqual(await store.missingManifests(repository.id, pushes.map((image) => image.digest)), []);
      }),
    );

    test(
      'of concurrent pushes that each check a tag is free before taking it, exactly one wins',
      withStore(async (store) => {
        const repository = await store.ensureRepository(await store.defaultAccountId(), 'app', 1);
        const pushes = Array.from({ length: 20 }, (_, i) => manifest(repository.id, i + 1));
        const results = await Promise.allSettled(
          pushes.map((image) =>
            store.transaction(async (transaction) => {
              if ((await transaction.findTag(repository.id, 'release')) !== undefined) throw new Error('tag taken');
              await transaction.putManifest(image, []);
              await transaction.putTag(repository.id, 'release', image.digest, image.pushedAt);
            }),
          ),
        );
        const won = pushes.filter((_, i) => results[i].status === 'fulfilled');
        assert.equal(won.length, 1, 'one winner');
        for (const result of results) if (result.status === 'rejected') assert.match(String(result.reason), /tag taken/, 'losers see their own error only');
        assert.equal(await store.findTag(repository.id, 'release'), won[0].digest);
        const losers = pushes.filter((image) => image !== won[0]).map((image) => image.digest);
        assert.deepEqual(await store.missingManifests(repository.id, losers), losers, 'a losing push leaves nothing behind');
      }),
    );

    test(
      'a manifest is stored only if its blobs are still linked at commit (pushes racing blob deletes)',
      withStore(async (store) => {
        const repository = await store.ensureRepository(await store.defaultAccountId(), 'app', 1);
        const rounds = Array.from({ length: 8 }, (_, i) => ({ blob: digest(1000 + i), image: manifest(repository.id, i + 1) }));
        for (const { blob } of rounds) await storeBlob(store, repository.id, { digest: blob, sizeBytes: 1 }, 1);
        const outcomes = await Promise.all(
          rounds.map(({ blob, image }) =>
            Promise.allSettled([
              store.transaction(async (transaction) => {
                const missing = await transaction.missingBlobs(repository.id, [blob]);
                await delay(5); // both sides read before either writes
                if (missing.length > 0) throw new Error('blob missing');
                await transaction.putManifest(image, [{ digest: blob, kind: 'blob' }]);
              }),
              store.transaction(async (transaction) => {
                const referenced = await transaction.referencedDigests(repository.id, [blob]);
                await delay(5);
                if (referenced.length > 0) throw new Error('blob referenced');
                await transaction.unlinkBlob(repository.id, blob);
              }),
            ]),
          ),
        );
        for (const [i, [push, unlink]] of outcomes.entries()) {
          const { blob, image } = rounds[i];
          assert.equal([push, unlink].filter((outcome) => outcome.status === 'fulfilled').length, 1, 'one side wins, as in some serial order');
          for (const outcome of [push, unlink]) if (outcome.status === 'rejected') assert.match(String(outcome.reason), /blob (missing|referenced)/);
          const stored = (await store.findManifest(repository.id, image.digest)) !== undefined;
          const linked = (await store.findRepositoryBlob(repository.id, blob)) !== undefined;
          assert.ok(!stored || linked, `manifest ${i} was stored although its blob was unlinked`);
        }
      }),
    );

    test(
      'an index is stored only if its child manifests still exist at commit (pushes racing manifest deletes)',
      withStore(async (store) => {
        const repository = await store.ensureRepository(await store.defaultAccountId(), 'app', 1);
        const rounds = Array.from({ length: 8 }, (_, i) => ({
          child: manifest(repository.id, i + 1),
          index: manifest(repository.id, 100 + i, { mediaType: 'application/vnd.oci.image.index.v1+json' }),
        }));
        for (const { child } of rounds) await store.putManifest(child, []);
        const outcomes = await Promise.all(
          rounds.map(({ child, index }) =>
            Promise.allSettled([
              store.transaction(async (transaction) => {
                const missing = await transaction.missingManifests(repository.id, [child.digest]);
                await delay(5);
                if (missing.length > 0) throw new Error('child missing');
                await transaction.putManifest(index, [{ digest: child.digest, kind: 'manifest' }]);
              }),
              store.transaction(async (transaction) => {
                const parents = await transaction.indexesReferencing(repository.id, child.digest);
                await delay(5);
                if (parents.length > 0) throw new Error('child referenced');
                await transaction.deleteManifest(repository.id, child.digest);
              }),
            ]),
          ),
        );
        for (const [i, outcome] of outcomes.entries()) {
          assert.equal(outcome.filter((side) => side.status === 'fulfilled').length, 1, 'one side wins, as in some serial order');
          const indexStored = (await store.findManifest(repository.id, rounds[i].index.digest)) !== undefined;
          const childStored = (await store.findManifest(repository.id, rounds[i].child.digest)) !== undefined;
          assert.ok(!indexStored || childStored, `index ${i} was stored although its child was deleted`);
        }
      }),
    );
  });
}
