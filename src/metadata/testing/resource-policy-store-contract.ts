// The resource policy contract: every adapter (SQLite, PostgreSQL, each alone and behind the read
// cache) runs this suite unchanged. The store shares its database with the metadata store (which
// creates repositories and the default account), the catalog (which deletes repositories) and the
// identity store (which creates other accounts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IdentityStore } from '../../identity/identity-store.js';
import type { MetadataStore } from '../metadata-store.js';
import type { RepositoryCatalog } from '../repository-catalog.js';
import type { ResourcePolicyStore } from '../resource-policy-store.js';
import { fixtureCase } from './fixture-case.js';

export interface ResourcePolicyFixture {
  policies: ResourcePolicyStore;
  store: MetadataStore;
  catalog: RepositoryCatalog;
  identity: IdentityStore;
  cleanup(): Promise<void>;
}

const policy = (sid: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }] });

export function resourcePolicyStoreContract(name: string, setup: () => Promise<ResourcePolicyFixture>): void {
  describe(`resource policy store contract: ${name}`, () => {
    const withStore = (work: (fixture: ResourcePolicyFixture, account: string) => Promise<void>) =>
      fixtureCase(setup)(async (fixture) => work(fixture, await fixture.store.defaultAccountId()));

    test(
      'a repository policy is absent, set, replaced and deleted (delete returns the text it removed)',
      withStore(async ({ policies, store }, account) => {
        const repository = await store.ensureRepository(account, 'team/app', 1);
        assert.equal(await policies.getRepositoryPolicy(repository.id), undefined, 'no policy yet (read before any write: a cached "none" must not survive the write)');
        await policies.putRepositoryPolicy(repository.id, policy('First'), 2);
        assert.equal(await policies.getRepositoryPolicy(repository.id), policy('First'));
        await policies.putRepositoryPolicy(repository.id, policy('Second'), 3);
        assert.equal(await policies.getRepositoryPolicy(repository.id), policy('Second'), 'a second put replaces the first');
        assert.equal(await policies.deleteRepositoryPolicy(repository.id), policy('Second'));
        assert.equal(await policies.getRepositoryPolicy(repository.id), undefined);
        assert.equal(await policies.deleteRepositoryPolicy(repository.id), undefined, 'deleting what is not there removes nothing');
      }),
    );

    test(
      'texts come back exactly as written: whitespace, non-ASCII, the full 10,240 characters',
      withStore(async ({ policies, store }, account) => {
        const repository = await store.ensureRepository(account, 'exact', 1);
        const pretty = `{\n  "Version" : "2008-10-17",\n  "Statement" : [ { "Sid" : "Zoë", "Effect" : "Allow", "Principal" : "*", "Action" : "ecr:*" } ]\n}\n`;
        await policies.putRepositoryPolicy(repository.id, pretty, 2);
        assert.equal(await policies.getRepositoryPolicy(repository.id), pretty);
        const large = policy('Large').replace('"Version"', `"Id":"${'x'.repeat(10_240 - policy('Large').length - 8)}","Version"`);
        assert.equal(large.length, 10_240);
        await policies.putRegistryPolicy(account, large, 2);
        assert.equal(await policies.getRegistryPolicy(account), large);
      }),
    );

    test(
      'each repository has its own policy, and deleting a repository deletes its policy',
      withStore(async ({ policies, store, catalog }, account) => {
        const a = await store.ensureRepository(account, 'a', 1);
        const b = await store.ensureRepository(account, 'b', 1);
        await policies.putRepositoryPolicy(a.id, policy('A'), 2);
        assert.equal(await policies.getRepositoryPolicy(b.id), undefined);
        await policies.putRepositoryPolicy(b.id, policy('B'), 2);
        assert.equal(await policies.getRepositoryPolicy(a.id), policy('A'));
        assert.equal(await policies.getRepositoryPolicy(b.id), policy('B'));

        await catalog.deleteRepository(a.id);
        assert.equal(await policies.getRepositoryPolicy(a.id), undefined, 'removed with its repository');
        const again = await store.ensureRepository(account, 'a', 3);
        assert.notEqual(again.id, a.id);
        assert.equal(await policies.getRepositoryPolicy(again.id), undefined, 'a repository made again under the same name starts without a policy');
        assert.equal(await policies.getRepositoryPolicy(b.id), policy('B'), 'other repositories keep theirs');
      }),
    );

    test(
      'a repository policy needs its repository',
      withStore(async ({ policies }) => {
        await assert.rejects(policies.putRepositoryPolicy(987_654, policy('Orphan'), 1));
        assert.equal(await policies.getRepositoryPolicy(987_654), undefined);
      }),
    );

    test(
      'a registry policy is per account: absent, set, replaced, deleted, and independent of other accounts',
      withStore(async ({ policies, identity }, account) => {
        const other = '222222222222';
        await identity.createAccount({ id: other, name: 'other', isDefault: false, createdAt: 1 });
        assert.equal(await policies.getRegistryPolicy(account), undefined);
        assert.equal(await policies.getRegistryPolicy(other), undefined);
        await policies.putRegistryPolicy(account, policy('Mine'), 2);
        assert.equal(await policies.getRegistryPolicy(account), policy('Mine'));
        assert.equal(await policies.getRegistryPolicy(other), undefined, "one account's policy is not another's");
        await policies.putRegistryPolicy(other, policy('Theirs'), 2);
        await policies.putRegistryPolicy(account, policy('Replaced'), 3);
        assert.equal(await policies.getRegistryPolicy(account), policy('Replaced'));
        assert.equal(await policies.deleteRegistryPolicy(account), policy('Replaced'));
        assert.equal(await policies.getRegistryPolicy(account), undefined);
        assert.equal(await policies.deleteRegistryPolicy(account), undefined);
        assert.equal(await policies.getRegistryPolicy(other), policy('Theirs'));
      }),
    );

    test(
      'a registry policy needs its account',
      withStore(async ({ policies }) => {
        await assert.rejects(policies.putRegistryPolicy('999999999999', policy('Nobody'), 1));
      }),
    );
  });
}
