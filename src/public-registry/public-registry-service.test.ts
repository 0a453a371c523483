// The public registry service on a real (SQLite) store: default aliases are assigned once, even when
// requests race or a random name is taken; aliases resolve to their accounts.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isRegistryError } from '../domain/registry-error.js';
import { KyselyIdentityStore } from '../metadata/kysely-identity-store.js';
import { KyselyMetadataStore } from '../metadata/kysely-metadata-store.js';
import { KyselyPublicRegistryStore } from '../metadata/kysely-public-registry-store.js';
import { openSqliteDatabase } from '../metadata/sqlite/open-sqlite-database.js';
import { PublicRegistryService } from './public-registry-service.js';

async function withStore(work: (store: KyselyPublicRegistryStore, accounts: string[]) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-public-registry-service-'));
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  try {
    const defaultAccount = await new KyselyMetadataStore(database.db).defaultAccountId();
    await new KyselyIdentityStore(database.db).createAccount({ id: '222222222222', name: 'b', isDefault: false, createdAt: 0 });
    await work(new KyselyPublicRegistryStore(database.db), [defaultAccount, '222222222222']);
  } finally {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  }
}

test('an account gets one default alias, however many requests race for it', () =>
  withStore(async (store, [account]) => {
    let n = 0;
    const registries = Array.from({ length: 5 }, () => new PublicRegistryService(store, { newAliasName: () => `alias${n++}` }));
    const results = await Promise.all(registries.map((service) => service.registryOf(account!)));
    assert.equal(new Set(results.map((registry) => registry.primaryAlias)).size, 1, 'every node sees the same alias');
    assert.deepEqual(await store.aliases(account!), results[0]!.aliases);
    assert.equal((await registries[0]!.registryOf(account!)).primaryAlias, results[0]!.primaryAlias, 'and keeps it');
  }));

test('a random alias that is taken is drawn again; aliases resolve to their accounts', () =>
  withStore(async (store, [a, b]) => {
    const names = ['shared', 'shared', 'second'];
    const registries = new PublicRegistryService(store, { newAliasName: () => names.shift()! });
    assert.equal((await registries.registryOf(a!)).primaryAlias, 'shared');
    assert.equal((await registries.registryOf(b!)).primaryAlias, 'second');
    assert.equal(await registries.accountOf('second'), b);
    assert.equal(await registries.accountOf(a!), a, 'an account id is itself');
    assert.equal(await new PublicRegistryService(store).ownerOf('shared/team/web'), a, 'ownership by alias, from any node');
    assert.equal(await registries.ownerOf('unknown/web'), undefined);
    await assert.rejects(registries.accountOf('unknown'), (error) => isRegistryError(error, 'registry-not-found'));
    await assert.rejects(registries.accountOf('NOT-AN-ALIAS'), (error) => isRegistryError(error, 'registry-not-found'));
  }));
