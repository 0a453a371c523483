// The public registry store contract: every adapter (SQLite and PostgreSQL) runs this suite unchanged.
// The store shares its database with the registry core, which the suite uses for repositories,
// manifests and tags, and with identity, for a second account.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultRepositorySettings } from '../../domain/repository-settings.js';
import type { RepositoryCatalogData } from '../../public-registry/catalog-data.js';
import type { PublicRegistryStore } from '../../public-registry/public-registry-store.js';
import { publicRegistryId } from '../../public-registry/public-repository-name.js';
import type { RegistryAlias } from '../../public-registry/registry-alias.js';
import type { IdentityStore } from '../../identity/identity-store.js';
import type { MetadataStore } from '../metadata-store.js';
import type { RepositoryCatalog } from '../repository-catalog.js';
import { digest, manifest } from './records.js';

export interface PublicRegistryFixture {
  store: PublicRegistryStore;
  metadata: MetadataStore;
  catalog: RepositoryCatalog;
  identity: IdentityStore;
  cleanup(): Promise<void>;
}

const otherAccount = '222222222222';

export function publicRegistryStoreContract(name: string, setup: () => Promise<PublicRegistryFixture>): void {
  describe(`public registry store contract: ${name}`, () => {
    const withStore = (work: (fixture: PublicRegistryFixture, account: string) => Promise<void>) => async () => {
      const fixture = await setup();
      try {
        await fixture.store.ensurePublicRegistry(1);
        await fixture.identity.createAccount({ id: otherAccount, name: 'other', isDefault: false, createdAt: 1 });
        await work(fixture, await fixture.metadata.defaultAccountId());
      } finally {
        await fixture.cleanup();
      }
    };
    const alias = (name: string, accountId: string, extra: Partial<RegistryAlias> = {}): RegistryAlias => ({
      name,
      accountId,
      status: 'ACTIVE',
      primary: true,
      isDefault: true,
      createdAt: 5,
      ...extra,
    });
    const publicRepository = async (catalog: RepositoryCatalog, stored: string) =>
      (await catalog.createRepository({ registryId: publicRegistryId, name: stored, createdAt: 3, settings: defaultRepositorySettings, resourceTags: [] }))!;
    const catalogData = (extra: Partial<RepositoryCatalogData> = {}): RepositoryCatalogData => ({ architectures: [], operatingSystems: [], updatedAt: 9, ...extra });

    test(
      'ensurePublicRegistry is idempotent and makes a registry public repositories can live in',
      withStore(async ({ store, metadata }) => {
        await store.ensurePublicRegistry(2);
        const repository = await metadata.ensureRepository(publicRegistryId, 'abc/app', 4);
        assert.equal(repository.registryId, publicRegistryId);
      }),
    );

    test(
      'an alias names one account; an account has at most one default alias',
      withStore(async ({ store }, account) => {
        assert.equal(await store.addAlias(alias('abc', account)), true);
        assert.equal(await store.addAlias(alias('abc', otherAccount)), false, 'a name is taken once, across accounts');
        assert.equal(await store.addAlias(alias('second', account)), false, 'one default alias per account');
        assert.equal(await store.addAlias(alias('custom', account, { isDefault: false, primary: false, status: 'PENDING', createdAt: 6 })), true);
        assert.deepEqual(await store.findAlias('abc'), alias('abc', account));
        assert.equal(await store.findAlias('second'), undefined);
        assert.deepEqual(
          (await store.aliases(account)).map((found) => found.name),
          ['abc', 'custom'],
        );
        assert.deepEqual(await store.aliases(otherAccount), []);
      }),
    );

    test(
      'the registry display name is stored per account and overwritten',
      withStore(async ({ store }, account) => {
        assert.equal(await store.registryDisplayName(account), undefined);
        await store.putRegistryDisplayName(account, 'First', 1);
        await store.putRegistryDisplayName(account, '', 2);
        await store.putRegistryDisplayName(otherAccount, 'Other', 2);
        assert.equal(await store.registryDisplayName(account), '');
        assert.equal(await store.registryDisplayName(otherAccount), 'Other');
      }),
    );

    test(
      'listRepositories: only the public registry, only under the prefix, by name, after a name, restricted to names',
      withStore(async ({ store, catalog }, account) => {
        for (const stored of ['abc/y/z', 'abc/x', 'abc0', 'abcd/q', 'ab/x', 'abc/b']) await publicRepository(catalog, stored);
        await catalog.createRepository({ registryId: account, name: 'abc/private', createdAt: 3, settings: defaultRepositorySettings, resourceTags: [] });
        const names = async (page: Parameters<PublicRegistryStore['listRepositories']>[1]) =>
          (await store.listRepositories('abc/', page)).map((repository) => repository.name);
        assert.deepEqual(await names({ limit: 10 }), ['abc/b', 'abc/x', 'abc/y/z']);
        assert.deepEqual(await names({ limit: 1, after: 'abc/b' }), ['abc/x']);
        assert.deepEqual(await names({ limit: 10, names: ['abc/y/z', 'abc/missing', 'abcd/q'] }), ['abc/y/z'], 'names outside the prefix stay out');
        assert.deepEqual(await names({ limit: 10, names: [] }), []);
      }),
    );

    test(
      'catalog data is read back as stored, logo bytes included, and replaced whole',
      withStore(async ({ store, catalog }) => {
        const repository = await publicRepository(catalog, 'abc/app');
        assert.equal(await store.catalogData(repository.id), undefined);
        const logo = { bytes: Buffer.alloc(512_000, 7), mediaType: 'image/png' };
        const full = catalogData({ description: 'd', aboutText: '# about', usageText: 'use', architectures: ['x86-64', 'ARM 64'], operatingSystems: ['Linux'], logo });
        await store.putCatalogData(repository.id, full);
        assert.deepEqual(await store.catalogData(repository.id), full);
        await store.putCatalogData(repository.id, catalogData({ description: 'only', updatedAt: 10 }));
        assert.deepEqual(await store.catalogData(repository.id), catalogData({ description: 'only', updatedAt: 10 }));
      }),
    );

    test(
      'policies are put, overwritten and deleted once',
      withStore(async ({ store, catalog }) => {
        const repository = await publicRepository(catalog, 'abc/app');
        assert.equal(await store.policy(repository.id), undefined);
        await store.putPolicy(repository.id, '{"Statement":[]}', 1);
        await store.putPolicy(repository.id, '{"Version":"2012-10-17","Statement":[]}', 2);
        assert.equal(await store.policy(repository.id), '{"Version":"2012-10-17","Statement":[]}');
        assert.equal(await store.deletePolicy(repository.id), true);
        assert.equal(await store.deletePolicy(repository.id), false);
        assert.equal(await store.policy(repository.id), undefined);
      }),
    );

    test(
      'catalog data and policies go with their repository',
      withStore(async ({ store, catalog }) => {
        const repository = await publicRepository(catalog, 'abc/app');
        await store.putCatalogData(repository.id, catalogData({ description: 'd' }));
        await store.putPolicy(repository.id, '{"Statement":[]}', 1);
        await catalog.deleteRepository(repository.id);
        assert.equal(await store.catalogData(repository.id), undefined);
        assert.equal(await store.policy(repository.id), undefined);
        const again = await publicRepository(catalog, 'abc/app');
        assert.equal(await store.catalogData(again.id), undefined, 'a new repository of the same name starts without catalog data');
      }),
    );

    test(
      'listImageTags: tags by name, each with its image, paged after a tag',
      withStore(async ({ store, catalog, metadata }) => {
        const repository = await publicRepository(catalog, 'abc/app');
        await metadata.putManifest(manifest(repository.id, 1, { configMediaType: 'application/vnd.oci.image.config.v1+json' }), []);
        await metadata.putManifest(manifest(repository.id, 2), []);
        await metadata.putTag(repository.id, 'v2', digest(2), 50);
        await metadata.putTag(repository.id, 'latest', digest(1), 40);
        await metadata.putTag(repository.id, 'v1', digest(1), 30);
        const tags = await store.listImageTags(repository.id, { limit: 10 });
        assert.deepEqual(tags.map((tag) => [tag.tag, tag.digest, tag.taggedAt]), [
          ['latest', digest(1), 40],
          ['v1', digest(1), 30],
          ['v2', digest(2), 50],
        ]);
        assert.deepEqual(tags[0], {
          tag: 'latest',
          taggedAt: 40,
          digest: digest(1),
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          imageSizeBytes: 101,
          pushedAt: 1001,
          configMediaType: 'application/vnd.oci.image.config.v1+json',
        });
        assert.equal(tags[2]!.configMediaType, undefined);
        assert.deepEqual((await store.listImageTags(repository.id, { after: 'latest', limit: 1 })).map((tag) => tag.tag), ['v1']);
      }),
    );

    test(
      'search: public repositories only, by name or description (case-insensitive, literal), exact badges, paged',
      withStore(async ({ store, catalog }, account) => {
        const web = await publicRepository(catalog, 'abc/web-server');
        const db = await publicRepository(catalog, 'abc/db');
        const tool = await publicRepository(catalog, 'xyz/tool_100%');
        await publicRepository(catalog, 'xyz/bare');
        await catalog.createRepository({ registryId: account, name: 'abc/web-private', createdAt: 3, settings: defaultRepositorySettings, resourceTags: [] });
        await store.putCatalogData(web.id, catalogData({ description: 'A fast HTTP server', architectures: ['x86-64', 'ARM 64'], operatingSystems: ['Linux'], logo: { bytes: Buffer.from('x'), mediaType: 'image/png' } }));
        await store.putCatalogData(db.id, catalogData({ description: 'Database for the web', architectures: ['x86'], operatingSystems: ['Linux', 'Windows'] }));
        await store.putCatalogData(tool.id, catalogData({ description: 'tools' }));
        const names = async (query: Parameters<PublicRegistryStore['search']>[0]) => (await store.search(query)).map((entry) => entry.repository.name);

        assert.deepEqual(await names({ limit: 10 }), ['abc/db', 'abc/web-server', 'xyz/bare', 'xyz/tool_100%']);
        assert.deepEqual(await names({ limit: 10, text: 'WEB' }), ['abc/db', 'abc/web-server'], 'name or description, any case');
        assert.deepEqual(await names({ limit: 10, text: '_100%' }), ['xyz/tool_100%'], '% and _ are literal');
        assert.deepEqual(await names({ limit: 10, text: 'o_1' }), []);
        assert.deepEqual(await names({ limit: 10, architecture: 'x86' }), ['abc/db'], 'x86 is not x86-64');
        assert.deepEqual(await names({ limit: 10, architecture: 'x86-64', operatingSystem: 'Linux' }), ['abc/web-server']);
        assert.deepEqual(await names({ limit: 10, operatingSystem: 'Windows' }), ['abc/db']);
        assert.deepEqual(await names({ limit: 1, after: 'abc/db' }), ['abc/web-server']);

        const [found] = await store.search({ limit: 1, text: 'fast' });
        assert.deepEqual(found!.catalogData, {
          description: 'A fast HTTP server',
          architectures: ['x86-64', 'ARM 64'],
          operatingSystems: ['Linux'],
          hasLogo: true,
          updatedAt: 9,
        });
        const [bare] = await store.search({ limit: 1, text: 'bare' });
        assert.equal(bare!.catalogData, undefined, 'a repository without catalog data is found by name');
      }),
    );
  });
}
