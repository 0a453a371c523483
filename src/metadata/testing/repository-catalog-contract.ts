// The repository catalog contract: every adapter (SQLite and PostgreSQL) runs this suite
// unchanged. The catalog shares its database with the metadata store, which the suite uses to put
// manifests and tags in place.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultRepositorySettings, type RepositorySettings } from '../../domain/repository-settings.js';
import type { MetadataStore } from '../metadata-store.js';
import type { RepositoryCatalog } from '../repository-catalog.js';

import { digest, manifest, storeBlob } from './records.js';
import { fixtureCase } from './fixture-case.js';

export interface CatalogFixture {
  catalog: RepositoryCatalog;
  store: MetadataStore;
  cleanup(): Promise<void>;
}

export function repositoryCatalogContract(name: string, setup: () => Promise<CatalogFixture>): void {
  describe(`repository catalog contract: ${name}`, () => {
    const withCatalog = (work: (fixture: CatalogFixture, account: string) => Promise<void>) =>
      fixtureCase(setup)(async (fixture) => work(fixture, await fixture.store.defaultAccountId()));
    const newRepository = (registryId: string, name: string, settings: RepositorySettings = defaultRepositorySettings) => ({
      registryId,
      name,
      createdAt: 7,
      settings,
      resourceTags: [],
    });

    test(
      'createRepository stores settings and resource tags once; a taken name gives undefined',
      withCatalog(async ({ catalog, store }, account) => {
        const settings: RepositorySettings = {
          imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
          tagMutabilityExclusions: [{ filterType: 'WILDCARD', filter: 'dev-*' }],
          scanOnPush: true,
          encryption: { type: 'KMS', kmsKey: 'arn:aws:kms:us-east-1:111122223333:key/k' },
        };
        const created = await catalog.createRepository({ ...newRepository(account, 'team/app', settings), resourceTags: [{ key: 'b', value: '2' }, { key: 'a', value: '1' }] });
        assert.ok(created);
        assert.deepEqual({ ...created, id: 0 }, { id: 0, registryId: account, name: 'team/app', createdAt: 7, settings });
        assert.deepEqual(await store.findRepository(account, 'team/app'), created, 'the registry core sees the same repository');
        assert.deepEqual(await catalog.listResourceTags(created.id), [{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
        assert.equal(await catalog.createRepository(newRepository(account, 'team/app')), undefined);
      }),
    );

    test(
      'listRepositories: name order, paged after a name, restricted to names (missing ones simply absent)',
      withCatalog(async ({ catalog }, account) => {
        for (const name of ['c', 'a', 'b/x', 'Z', 'b']) await catalog.createRepository(newRepository(account, name));
        const names = async (page: Parameters<RepositoryCatalog['listRepositories']>[1]) =>
          (await catalog.listRepositories(account, page)).map((repository) => repository.name);
        assert.deepEqual(await names({ limit: 10 }), ['Z', 'a', 'b', 'b/x', 'c'], 'byte order: upper case first');
        assert.deepEqual(await names({ after: 'b', limit: 2 }), ['b/x', 'c']);
        assert.deepEqual(await names({ limit: 10, names: ['c', 'missing', 'a'] }), ['a', 'c']);
        assert.deepEqual(await names({ limit: 10, names: [] }), []);
      }),
    );

    test(
      'updateSettings replaces the settings; countManifests and deleteRepository take everything with them',
      withCatalog(async ({ catalog, store }, account) => {
        const repository = (await catalog.createRepository({ ...newRepository(account, 'app'), resourceTags: [{ key: 'k', value: 'v' }] }))!;
        const settings: RepositorySettings = { ...defaultRepositorySettings, imageTagMutability: 'IMMUTABLE' };
        await catalog.updateSettings(repository.id, settings);
        assert.deepEqual((await store.findRepository(account, 'app'))?.settings, settings);

        await storeBlob(store, repository.id, { digest: digest(100), sizeBytes: 3 }, 1);
        await store.putManifest(manifest(repository.id, 1), [{ digest: digest(100), kind: 'blob' }]);
        await store.putManifest(manifest(repository.id, 2), []);
        await store.putTag(repository.id, 'v1', digest(1), 1);
        await store.createUploadSession({ id: 'u1', repositoryId: repository.id, algorithm: 'sha256', startedAt: 1, updatedAt: 1 });
        assert.equal(await catalog.countManifests(repository.id), 2);

        await catalog.deleteRepository(repository.id);
        assert.equal(await store.findRepository(account, 'app'), undefined);
        assert.equal(await catalog.countManifests(repository.id), 0);
        assert.equal(await store.findUploadSession('u1'), undefined);
        assert.deepEqual(await catalog.listResourceTags(repository.id), []);
        const again = (await catalog.createRepository(newRepository(account, 'app')))!;
        assert.deepEqual(await catalog.listImages(again.id, { tagStatus: 'ANY', limit: 10 }), [], 'a new repository of the same name starts empty');
      }),
    );

    test(
      'resource tags are put by key (overwriting) and removed by key',
      withCatalog(async ({ catalog }, account) => {
        const repository = (await catalog.createRepository(newRepository(account, 'app')))!;
        await catalog.putResourceTags(repository.id, [{ key: 'team', value: 'a' }, { key: 'env', value: 'dev' }]);
        await catalog.putResourceTags(repository.id, [{ key: 'team', value: 'b' }]);
        await catalog.putResourceTags(repository.id, []);
        assert.deepEqual(await catalog.listResourceTags(repository.id), [{ key: 'env', value: 'dev' }, { key: 'team', value: 'b' }]);
        await catalog.removeResourceTags(repository.id, ['env', 'absent']);
        await catalog.removeResourceTags(repository.id, []);
        assert.deepEqual(await catalog.listResourceTags(repository.id), [{ key: 'team', value: 'b' }]);
      }),
    );

    test(
      'account settings are read back and overwritten per account',
      withCatalog(async ({ catalog }, account) => {
        assert.equal(await catalog.getAccountSetting(account, 'BLOB_MOUNTING'), undefined);
        await catalog.putAccountSetting(account, 'BLOB_MOUNTING', 'ENABLED');
        await catalog.putAccountSetting(account, 'BLOB_MOUNTING', 'DISABLED');
        assert.equal(await catalog.getAccountSetting(account, 'BLOB_MOUNTING'), 'DISABLED');
      }),
    );

    test(
      'listImages: digest order, tags sorted on each image, TAGGED/UNTAGGED/ANY, paged after a digest',
      withCatalog(async ({ catalog, store }, account) => {
        const repository = (await catalog.createRepository(newRepository(account, 'app')))!;
        const other = (await catalog.createRepository(newRepository(account, 'other')))!;
        await store.putManifest(manifest(repository.id, 3, { configMediaType: 'application/vnd.oci.image.config.v1+json', artifactType: 'x' }), []);
        await store.putManifest(manifest(repository.id, 1), []);
        await store.putManifest(manifest(repository.id, 2, { mediaType: 'application/vnd.oci.image.index.v1+json', subjectDigest: digest(1) }), []);
        await store.putManifest(manifest(other.id, 4), []);
        await store.putTag(repository.id, 'v2', digest(3), 1);
        await store.putTag(repository.id, 'latest', digest(3), 1);
        await store.putTag(repository.id, 'old', digest(1), 1);
        await store.putTag(other.id, 'v9', digest(4), 1);
        await store.recordPull(repository.id, digest(3), 50);

        const digests = async (query: Parameters<RepositoryCatalog['listImages']>[1]) => (await catalog.listImages(repository.id, query)).map((image) => image.digest);
        assert.deepEqual(await digests({ tagStatus: 'ANY', limit: 10 }), [digest(1), digest(2), digest(3)]);
        assert.deepEqual(await digests({ tagStatus: 'TAGGED', limit: 10 }), [digest(1), digest(3)]);
        assert.deepEqual(await digests({ tagStatus: 'UNTAGGED', limit: 10 }), [digest(2)]);
        assert.deepEqual(await digests({ tagStatus: 'ANY', afterDigest: digest(1), limit: 1 }), [digest(2)]);

        const [untagged, tagged] = await catalog.listImages(repository.id, { tagStatus: 'ANY', afterDigest: digest(1), limit: 10 });
        assert.deepEqual(untagged, {
          digest: digest(2),
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifestSizeBytes: 7,
          imageSizeBytes: 102,
          subjectDigest: digest(1),
          pushedAt: 1002,
          tags: [],
        });
        assert.deepEqual(tagged, {
          digest: digest(3),
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          manifestSizeBytes: 7,
          imageSizeBytes: 103,
          artifactType: 'x',
          configMediaType: 'application/vnd.oci.image.config.v1+json',
          pushedAt: 1003,
          lastPulledAt: 50,
          tags: ['latest', 'v2'],
        });
      }),
    );

    test(
      'findImages: exactly the present ones among the digests, with their tags; other repositories never leak in',
      withCatalog(async ({ catalog, store }, account) => {
        const repository = (await catalog.createRepository(newRepository(account, 'app')))!;
        const other = (await catalog.createRepository(newRepository(account, 'other')))!;
        await store.putManifest(manifest(repository.id, 1), []);
        await store.putManifest(manifest(other.id, 2), []);
        await store.putTag(repository.id, 'a', digest(1), 1);
        const found = await catalog.findImages(repository.id, [digest(2), digest(1), digest(9)]);
        assert.deepEqual(
          found.map((image) => [image.digest, image.tags]),
          [[digest(1), ['a']]],
        );
        assert.deepEqual(await catalog.findImages(repository.id, []), []);
      }),
    );

    test(
      'of concurrent createRepository calls for one name exactly one creates it, with its resource tags',
      withCatalog(async ({ catalog, store }, account) => {
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => catalog.createRepository({ ...newRepository(account, 'race'), resourceTags: [{ key: 'creator', value: String(i) }] })),
        );
        const created = results.filter((result) => result !== undefined);
        assert.equal(created.length, 1);
        assert.deepEqual(await store.findRepository(account, 'race'), created[0]);
        assert.equal((await catalog.listResourceTags(created[0]!.id)).length, 1);
      }),
    );
  });
}
