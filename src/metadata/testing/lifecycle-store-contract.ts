// The lifecycle ports' contract (lifecycle/lifecycle-store.ts, lifecycle-image-source.ts,
// lifecycle-audit-log.ts): SQLite and PostgreSQL run this suite unchanged. The metadata store and the
// repository catalog of the same database put repositories, manifests and tags in place.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultRepositorySettings } from '../../domain/repository-settings.js';
import type { LifecycleAuditLog } from '../../lifecycle/lifecycle-audit-log.js';
import type { LifecycleImageSource } from '../../lifecycle/lifecycle-image-source.js';
import type { LifecycleStore, PreviewResult } from '../../lifecycle/lifecycle-store.js';
import type { MetadataStore } from '../metadata-store.js';
import type { RepositoryCatalog } from '../repository-catalog.js';
import { digest, manifest, storeBlob } from './records.js';
import { fixtureCase } from './fixture-case.js';

export interface LifecycleFixture {
  store: MetadataStore;
  catalog: RepositoryCatalog;
  lifecycle: LifecycleStore;
  images: LifecycleImageSource;
  /** The same source, set to scan a repository's references where `images` uses IN lists. */
  scanningImages: LifecycleImageSource;
  audit: LifecycleAuditLog;
  cleanup(): Promise<void>;
}

const result = (n: number, tags: string[] = []): PreviewResult => ({ imageDigest: digest(n), imageTags: tags, imagePushedAt: 1000 + n, appliedRulePriority: 1 + (n % 2) });

export function lifecycleStoreContract(name: string, setup: () => Promise<LifecycleFixture>): void {
  describe(`lifecycle store contract: ${name}`, () => {
    const withStores = (work: (fixture: LifecycleFixture, account: string) => Promise<void>) =>
      fixtureCase(setup)(async (fixture) => work(fixture, await fixture.store.defaultAccountId()));

    test(
      'a policy is put, replaced, found with when it last ran, and deleted once',
      withStores(async ({ store, lifecycle }, account) => {
        const repository = await store.ensureRepository(account, 'app', 1);
        assert.equal(await lifecycle.findPolicy(repository.id), undefined);
        await lifecycle.putPolicy(repository.id, '{"rules":[1]}', 10);
        assert.deepEqual(await lifecycle.findPolicy(repository.id), { repositoryId: repository.id, text: '{"rules":[1]}', updatedAt: 10 });
        await lifecycle.recordEvaluation(repository.id, 15);
        await lifecycle.putPolicy(repository.id, '{"rules":[2]}', 20);
        const replaced = { repositoryId: repository.id, text: '{"rules":[2]}', updatedAt: 20, lastEvaluatedAt: 15 };
        assert.deepEqual(await lifecycle.findPolicy(repository.id), replaced);
        assert.deepEqual(await lifecycle.deletePolicy(repository.id), replaced);
        assert.equal(await lifecycle.deletePolicy(repository.id), undefined);
        assert.equal(await lifecycle.findPolicy(repository.id), undefined);
      }),
    );

    test(
      'listPolicies walks every registry by repository id, naming each repository',
      withStores(async ({ store, lifecycle }, account) => {
        const ids: number[] = [];
        for (const name of ['c', 'a', 'b']) {
          const repository = await store.ensureRepository(account, name, 1);
          ids.push(repository.id);
          await lifecycle.putPolicy(repository.id, `policy ${name}`, 1);
        }
        await store.ensureRepository(account, 'no-policy', 1);
        const first = await lifecycle.listPolicies({ limit: 2 });
        assert.deepEqual(first.map((policy) => [policy.repositoryId, policy.registryId, policy.repositoryName, policy.text]), [
          [ids[0], account, 'c', 'policy c'],
          [ids[1], account, 'a', 'policy a'],
        ]);
        const rest = await lifecycle.listPolicies({ afterRepositoryId: first[1].repositoryId, limit: 2 });
        assert.deepEqual(rest.map((policy) => policy.repositoryName), ['b']);
      }),
    );

    test(
      'a preview starts unless one is in progress, completes with ordered results, and the next one replaces it',
      withStores(async ({ store, lifecycle }, account) => {
        const repository = await store.ensureRepository(account, 'app', 1);
        assert.equal(await lifecycle.findPreview(repository.id), undefined);
        assert.deepEqual(await lifecycle.startPreview({ repositoryId: repository.id, previewId: 'p1', policyText: 'text 1', startedAt: 5 }), { started: true });
        await lifecycle.setPreviewJob(repository.id, 'p1', 42);
        const busy = await lifecycle.startPreview({ repositoryId: repository.id, previewId: 'p2', policyText: 'text 2', startedAt: 6 });
        assert.deepEqual(busy, {
          started: false,
          inProgress: { repositoryId: repository.id, previewId: 'p1', status: 'IN_PROGRESS', policyText: 'text 1', jobId: 42, startedAt: 5 },
        });

        const results = [result(3, ['v3']), result(1), result(2, ['a', 'b']), result(4)];
        assert.equal(await lifecycle.completePreview(repository.id, 'p-other', { results, expiringBytes: 1, completedAt: 7 }), false, 'not this preview');
        assert.equal(await lifecycle.completePreview(repository.id, 'p1', { results, expiringBytes: 900, completedAt: 8 }), true);
        assert.equal(await lifecycle.completePreview(repository.id, 'p1', { results: [], expiringBytes: 0, completedAt: 9 }), false, 'already complete');
        assert.deepEqual(await lifecycle.findPreview(repository.id), {
          repositoryId: repository.id,
          previewId: 'p1',
          status: 'COMPLETE',
          policyText: 'text 1',
          startedAt: 5,
          completedAt: 8,
          expiringImageCount: 4,
          expiringBytes: 900,
        });

        const page = await lifecycle.listPreviewResults(repository.id, { limit: 2, tagStatus: 'ANY' });
        assert.deepEqual(page, [
          { position: 1, ...results[0] },
          { position: 2, ...results[1] },
        ]);
        const next = await lifecycle.listPreviewResults(repository.id, { afterPosition: 2, limit: 2, tagStatus: 'ANY' });
        assert.deepEqual(next.map((entry) => entry.imageDigest), [digest(2), digest(4)]);
        const tagged = await lifecycle.listPreviewResults(repository.id, { limit: 10, tagStatus: 'TAGGED' });
        assert.deepEqual(tagged.map((entry) => entry.imageDigest), [digest(3), digest(2)]);
        const untagged = await lifecycle.listPreviewResults(repository.id, { limit: 10, tagStatus: 'UNTAGGED' });
        assert.deepEqual(untagged.map((entry) => entry.imageDigest), [digest(1), digest(4)]);
        const chosen = await lifecycle.listPreviewResults(repository.id, { limit: 10, tagStatus: 'ANY', digests: [digest(4), digest(3), digest(9)] });
        assert.deepEqual(chosen.map((entry) => entry.imageDigest), [digest(3), digest(4)]);
        assert.deepEqual(await lifecycle.listPreviewResults(repository.id, { limit: 10, tagStatus: 'ANY', digests: [] }), []);

        assert.deepEqual(await lifecycle.startPreview({ repositoryId: repository.id, previewId: 'p2', policyText: 'text 2', startedAt: 10 }), { started: true });
        assert.deepEqual(await lifecycle.listPreviewResults(repository.id, { limit: 10, tagStatus: 'ANY' }), [], 'a new preview drops the old results');
        assert.equal(await lifecycle.failPreview(repository.id, 'p1', 'late', 11), false, 'the old preview is gone');
        assert.equal(await lifecycle.failPreview(repository.id, 'p2', 'the job gave up', 12), true);
        assert.equal(await lifecycle.failPreview(repository.id, 'p2', 'again', 13), false);
        const failed = await lifecycle.findPreview(repository.id);
        assert.equal(failed?.status, 'FAILED');
        assert.equal(failed?.failure, 'the job gave up');
        assert.equal(failed?.jobId, undefined);
      }),
    );

    test(
      'of concurrent preview starts on one repository exactly one wins',
      withStores(async ({ store, lifecycle }, account) => {
        const repository = await store.ensureRepository(account, 'app', 1);
        const outcomes = await Promise.all(
          Array.from({ length: 6 }, (_, i) => lifecycle.startPreview({ repositoryId: repository.id, previewId: `p${i}`, policyText: 't', startedAt: i })),
        );
        assert.equal(outcomes.filter((outcome) => outcome.started).length, 1);
      }),
    );

    test(
      'deleting a repository drops its policy and its preview, not the audit of what expired there',
      withStores(async ({ store, catalog, lifecycle, audit }, account) => {
        const repository = (await catalog.createRepository({ registryId: account, name: 'doomed', createdAt: 1, settings: defaultRepositorySettings, resourceTags: [] }))!;
        await lifecycle.putPolicy(repository.id, 'policy', 1);
        await lifecycle.startPreview({ repositoryId: repository.id, previewId: 'p', policyText: 'policy', startedAt: 1 });
        await lifecycle.completePreview(repository.id, 'p', { results: [result(1)], expiringBytes: 0, completedAt: 2 });
        await audit.record([expiration(account, 'doomed', 1)]);
        await catalog.deleteRepository(repository.id);
        assert.equal(await lifecycle.findPolicy(repository.id), undefined);
        assert.equal(await lifecycle.findPreview(repository.id), undefined);
        assert.deepEqual(await lifecycle.listPreviewResults(repository.id, { limit: 10, tagStatus: 'ANY' }), []);
        assert.deepEqual(await lifecycle.listPolicies({ limit: 10 }), []);
        assert.equal((await audit.list({ repositoryName: 'doomed', limit: 10 })).length, 1);
      }),
    );

    test(
      'repositoryImages: every manifest with its sorted tags, pull time and listed children; nothing of other repositories',
      withStores(async ({ store, images }, account) => {
        const repository = await store.ensureRepository(account, 'app', 1);
        const other = await store.ensureRepository(account, 'other', 1);
        await store.putManifest(manifest(repository.id, 1), []);
        await store.putManifest(manifest(repository.id, 2), []);
        await store.putManifest(manifest(repository.id, 3, { mediaType: 'application/vnd.oci.image.index.v1+json' }), [
          { digest: digest(1), kind: 'manifest' },
          { digest: digest(2), kind: 'manifest' },
        ]);
        await store.putManifest(manifest(other.id, 9), []);
        await store.putTag(repository.id, 'z', digest(3), 1);
        await store.putTag(repository.id, 'a', digest(3), 1);
        await store.recordPull(repository.id, digest(1), 7000);
        const found = (await images.repositoryImages(repository.id))
          .map((image) => (image.children ? { ...image, children: [...image.children].sort() } : image))
          .sort((a, b) => (a.digest < b.digest ? -1 : 1));
        assert.deepEqual(found, [
          { digest: digest(1), tags: [], pushedAt: 1001, lastPulledAt: 7000 },
          { digest: digest(2), tags: [], pushedAt: 1002 },
          { digest: digest(3), tags: ['a', 'z'], pushedAt: 1003, children: [digest(1), digest(2)] },
        ]);
      }),
    );

    test(
      'blobsReferencedBy and referencedBlobs tell which blobs only the expiring images hold',
      withStores(async ({ store, images, scanningImages }, account) => {
        const one = await store.ensureRepository(account, 'one', 1);
        const two = await store.ensureRepository(account, 'two', 1);
        for (const [n, size] of [[100, 10], [101, 20], [102, 40], [103, 80]]) {
          await storeBlob(store, one.id, { digest: digest(n), sizeBytes: size }, 1);
          await storeBlob(store, two.id, { digest: digest(n), sizeBytes: size }, 1);
        }
        // one: image 1 holds 100 and 101, image 2 holds 101 and 102; two: image 3 holds 102.
        await store.putManifest(manifest(one.id, 1), [{ digest: digest(100), kind: 'blob' }, { digest: digest(101), kind: 'blob' }]);
        await store.putManifest(manifest(one.id, 2), [{ digest: digest(101), kind: 'blob' }, { digest: digest(102), kind: 'blob' }]);
        await store.putManifest(manifest(two.id, 3), [{ digest: digest(102), kind: 'blob' }]);

        const byDigest = (blobs: { digest: string }[]) => blobs.sort((a, b) => (a.digest < b.digest ? -1 : 1));
        const held = byDigest(await images.blobsReferencedBy(one.id, [digest(1), digest(2)]));
        assert.deepEqual(byDigest(await scanningImages.blobsReferencedBy(one.id, [digest(1), digest(2)])), held, 'a scan of the repository finds the same');
        assert.deepEqual(byDigest(await images.blobsReferencedBy(one.id, [digest(1), digest(7)])), held.slice(0, 2));
        assert.deepEqual(byDigest(await scanningImages.blobsReferencedBy(one.id, [digest(1), digest(7)])), held.slice(0, 2));
        assert.deepEqual(held, [
          { digest: digest(100), sizeBytes: 10 },
          { digest: digest(101), sizeBytes: 20 },
          { digest: digest(102), sizeBytes: 40 },
        ]);
        const blobDigests = held.map((blob) => blob.digest);
        assert.deepEqual([...(await images.referencedBlobs(blobDigests))].sort(), blobDigests.sort());
        const expiringOne = await images.referencedBlobs(blobDigests, { repositoryId: one.id, manifestDigests: new Set([digest(1)]) });
        assert.deepEqual([...expiringOne].sort(), [digest(101), digest(102)], 'image 2 still holds 101, repository two holds 102');
        const expiringBoth = await images.referencedBlobs(blobDigests, { repositoryId: one.id, manifestDigests: new Set([digest(1), digest(2)]) });
        assert.deepEqual([...expiringBoth], [digest(102)], 'another repository still holds 102');
        assert.deepEqual([...(await images.referencedBlobs([digest(103)]))], [], 'a linked blob no manifest references');
      }),
    );

    test(
      'the audit log records batches in order and lists newest first, by registry and repository, paging back by id',
      withStores(async ({ audit }, account) => {
        await audit.record([1, 2, 3].map((n) => expiration(account, 'app', n)));
        await audit.record([]);
        await audit.record([{ ...expiration(account, 'other', 4), ruleDescription: undefined }]);
        const all = await audit.list({ limit: 10 });
        assert.deepEqual(all.map((entry) => entry.imageDigest), [digest(4), digest(3), digest(2), digest(1)]);
        const app = await audit.list({ registryId: account, repositoryName: 'app', limit: 2 });
        assert.deepEqual(app.map((entry) => entry.imageDigest), [digest(3), digest(2)]);
        const { id, ...first } = app[0];
        assert.ok(id > 0);
        assert.deepEqual(first, expiration(account, 'app', 3));
        const older = await audit.list({ repositoryName: 'app', beforeId: app[1].id, limit: 2 });
        assert.deepEqual(older.map((entry) => entry.imageDigest), [digest(1)]);
        assert.equal(all[0].ruleDescription, undefined);
        assert.deepEqual(await audit.list({ registryId: '999999999999', limit: 10 }), []);
      }),
    );
  });
}

function expiration(registryId: string, repositoryName: string, n: number) {
  return {
    registryId,
    repositoryName,
    imageDigest: digest(n),
    imageTags: n % 2 ? [`v${n}`] : [],
    imagePushedAt: 100 + n,
    appliedRulePriority: n,
    ruleDescription: `rule ${n}`,
    expiredAt: 1000 + n,
    runId: 'run-1',
    initiatedBy: 'cli',
  };
}
