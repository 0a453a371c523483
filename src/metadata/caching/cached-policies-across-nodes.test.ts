// What the authorizer reads on every request is cached, "none" included: repository and registry
// policies, account settings, users' identity policies. Two processes' worth of cached stores on one
// database, joined by a bus: a policy set, replaced or deleted through one node is decided on by the
// other at once (a deny must not wait for a TTL), whatever that node had cached.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { KyselyIdentityStore } from '../kysely-identity-store.js';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { KyselyPermissionsStore } from '../kysely-permissions-store.js';
import { KyselyRepositoryCatalog } from '../kysely-repository-catalog.js';
import { KyselyResourcePolicyStore } from '../kysely-resource-policy-store.js';
import { openSqliteDatabase } from '../sqlite/open-sqlite-database.js';
import { CachedPermissionsStore } from './cached-permissions-store.js';
import { CachedRepositoryCatalog } from './cached-repository-catalog.js';
import { CachedResourcePolicyStore } from './cached-resource-policy-store.js';
import { InProcessCacheInvalidationBus } from './in-process-cache-invalidation-bus.js';
import { ReadCache } from './read-cache.js';

const policy = (sid: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Deny', Principal: '*', Action: 'ecr:*' }] });

async function twoNodes() {
  const dir = await mkdtemp(join(tmpdir(), 'berth-policy-cache-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  const firstBus = new InProcessCacheInvalidationBus();
  const node = (bus: InProcessCacheInvalidationBus) => {
    const cache = new ReadCache({ ttlMs: 60_000, maxEntries: 100, maxManifestBytes: 64 * 1024 });
    bus.subscribe(cache);
    return {
      policies: new CachedResourcePolicyStore(new KyselyResourcePolicyStore(database.db), cache, bus),
      catalog: new CachedRepositoryCatalog(new KyselyRepositoryCatalog(database.db), cache, bus),
      permissions: new CachedPermissionsStore(new KyselyPermissionsStore(database.db), cache, bus),
    };
  };
  const metadata = new KyselyMetadataStore(database.db);
  return {
    a: node(firstBus),
    b: node(firstBus.peer()),
    metadata,
    identities: new KyselyIdentityStore(database.db),
    account: await metadata.defaultAccountId(),
    async close() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test('a repository policy set, replaced or deleted through one node is what the other reads next', async () => {
  const { a, b, metadata, account, close } = await twoNodes();
  try {
    const repository = await metadata.ensureRepository(account, 'app', 1);
    assert.equal(await b.policies.getRepositoryPolicy(repository.id), undefined, 'B caches "no policy"');
    await a.policies.putRepositoryPolicy(repository.id, policy('First'), 2);
    assert.equal(await b.policies.getRepositoryPolicy(repository.id), policy('First'));
    await a.policies.putRepositoryPolicy(repository.id, policy('Second'), 3);
    assert.equal(await b.policies.getRepositoryPolicy(repository.id), policy('Second'));
    await a.policies.deleteRepositoryPolicy(repository.id);
    assert.equal(await b.policies.getRepositoryPolicy(repository.id), undefined);
  } finally {
    await close();
  }
});

test('a registry policy and an account setting changed through one node are what the other reads next', async () => {
  const { a, b, account, close } = await twoNodes();
  try {
    assert.equal(await b.policies.getRegistryPolicy(account), undefined);
    await a.policies.putRegistryPolicy(account, policy('Registry'), 2);
    assert.equal(await b.policies.getRegistryPolicy(account), policy('Registry'));
    await a.policies.deleteRegistryPolicy(account);
    assert.equal(await b.policies.getRegistryPolicy(account), undefined);

    assert.equal(await b.catalog.getAccountSetting(account, 'BLOB_MOUNTING'), undefined);
    await a.catalog.putAccountSetting(account, 'BLOB_MOUNTING', 'DISABLED');
    assert.equal(await b.catalog.getAccountSetting(account, 'BLOB_MOUNTING'), 'DISABLED');
  } finally {
    await close();
  }
});

test("a user's identity policies changed through one node (its own, or its group's) are what the other reads next", async () => {
  const { a, b, identities, account, close } = await twoNodes();
  try {
    await identities.createUser({ accountId: account, userName: 'alice', userId: 'AIDAALICE', path: '/', tags: [], createdAt: 1 });
    const alice = { kind: 'user', accountId: account, name: 'alice' } as const;
    assert.deepEqual(await b.permissions.identityPolicyTexts(account, 'alice'), [], 'B caches "no policies"');
    await a.permissions.putInlinePolicy({ owner: alice, policyName: 'pull', document: policy('Pull'), sizeChars: 10, updatedAt: 2 });
    assert.deepEqual(await b.permissions.identityPolicyTexts(account, 'alice'), [policy('Pull')]);

    await a.permissions.createGroup({ accountId: account, groupName: 'ops', groupId: 'AGPAOPS', path: '/', createdAt: 3 });
    await a.permissions.putInlinePolicy({ owner: { kind: 'group', accountId: account, name: 'ops' }, policyName: 'ops', document: policy('Ops'), sizeChars: 10, updatedAt: 3 });
    assert.deepEqual(await b.permissions.identityPolicyTexts(account, 'alice'), [policy('Pull')], 'not a member yet');
    await a.permissions.addGroupMember(account, 'ops', 'alice', 4);
    assert.deepEqual(await b.permissions.identityPolicyTexts(account, 'alice'), [policy('Pull'), policy('Ops')]);
    await a.permissions.deleteInlinePolicy(alice, 'pull');
    assert.deepEqual(await b.permissions.identityPolicyTexts(account, 'alice'), [policy('Ops')]);
  } finally {
    await close();
  }
});
