// The identity contract: accounts, IAM users and access keys, run unchanged on every adapter (SQLite
// and PostgreSQL). The store shares its database with the metadata store, whose defaultAccountId
// creates the default account.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccessKeyRecord, AccountRecord, IdentityStore, UserRecord } from '../../identity/identity-store.js';
import type { MetadataStore } from '../metadata-store.js';
import { fixtureCase } from './fixture-case.js';

export interface IdentityFixture {
  identity: IdentityStore;
  store: MetadataStore;
  cleanup(): Promise<void>;
}

const account = (id: string, extra: Partial<AccountRecord> = {}): AccountRecord => ({ id, name: `account ${id}`, isDefault: false, createdAt: 10, ...extra });

export const user = (accountId: string, userName: string, extra: Partial<UserRecord> = {}): UserRecord => ({
  accountId,
  userName,
  userId: `AIDA${userName.toUpperCase()}`,
  path: '/',
  tags: [],
  createdAt: 5,
  ...extra,
});

const accessKey = (accessKeyId: string, accountId: string, extra: Partial<AccessKeyRecord> = {}): AccessKeyRecord => ({
  accessKeyId,
  accountId,
  secretSealed: `sealed:${accessKeyId}`,
  status: 'Active',
  createdAt: 10,
  ...extra,
});

export function identityStoreContract(name: string, setup: () => Promise<IdentityFixture>): void {
  describe(`identity store contract: ${name}`, () => {
    const withIdentity = fixtureCase(setup);

    test(
      'accounts are created once, found by id and listed oldest first',
      withIdentity(async ({ identity }) => {
        await identity.createAccount(account('222222222222', { createdAt: 20 }));
        await identity.createAccount(account('111111111111', { createdAt: 30 }));
        await identity.createAccount(account('333333333333', { createdAt: 20 }));
        assert.deepEqual(await identity.findAccount('111111111111'), account('111111111111', { createdAt: 30 }));
        assert.equal(await identity.findAccount('999999999999'), undefined);
        assert.deepEqual(
          (await identity.listAccounts()).map((found) => found.id),
          ['222222222222', '333333333333', '111111111111'],
          'by creation time, then id',
        );
        await assert.rejects(identity.createAccount(account('111111111111')), 'an id is taken once');
      }),
    );

    test(
      'the default account is flagged, and there is only ever one',
      withIdentity(async ({ identity, store }) => {
        await identity.createAccount(account('222222222222'));
        const defaultId = await store.defaultAccountId();
        const found = await identity.findAccount(defaultId);
        assert.deepEqual(found && { ...found, createdAt: 0 }, { id: defaultId, name: 'default', isDefault: true, createdAt: 0 });
        assert.equal((await identity.findAccount('222222222222'))?.isDefault, false);
        await assert.rejects(identity.createAccount(account('444444444444', { isDefault: true })), 'a second default account is refused');
        assert.deepEqual((await identity.listAccounts()).filter((found) => found.isDefault).map((found) => found.id), [defaultId]);
      }),
    );

    test(
      'concurrent first calls of defaultAccountId create exactly one default account',
      withIdentity(async ({ identity, store }) => {
        const ids = await Promise.all(Array.from({ length: 10 }, () => store.defaultAccountId()));
        const defaults = (await identity.listAccounts()).filter((found) => found.isDefault);
        assert.deepEqual(
          defaults.map((found) => found.id),
          [ids[0]],
        );
        assert.equal(new Set(ids).size, 1);
      }),
    );

    test(
      'users are created once per account, found, and listed in byte order of names',
      withIdentity(async ({ identity }) => {
        await identity.createAccount(account('111111111111'));
        await identity.createAccount(account('222222222222'));
        const alice = user('111111111111', 'alice');
        await identity.createUser(alice);
        await identity.createUser(user('111111111111', 'Bob', { createdAt: 6 }));
        await identity.createUser(user('222222222222', 'alice', { userId: 'AIDAOTHER', createdAt: 7 }));
        assert.deepEqual(await identity.findUser('111111111111', 'alice'), alice);
        assert.equal(await identity.findUser('111111111111', 'carol'), undefined);
        assert.deepEqual(
          (await identity.listUsers('111111111111')).map((user) => user.userName),
          ['Bob', 'alice'],
        );
        await assert.rejects(identity.createUser({ ...alice, userId: 'AIDAAGAIN' }), 'a name is taken once per account');
        await assert.rejects(identity.createUser({ ...alice, userName: 'ALICE', userId: 'AIDAAGAIN' }), 'whatever its case');
        await assert.rejects(identity.createUser({ ...alice, accountId: '222222222222', userName: 'dave' }), 'a user id is unique everywhere');
        await assert.rejects(identity.createUser({ ...alice, accountId: '999999999999' }), 'users belong to existing accounts');
      }),
    );

    test(
      'users keep their path, tags and the spelling they were created with, and are found whatever the case',
      withIdentity(async ({ identity }) => {
        await identity.createAccount(account('111111111111'));
        const carol = user('111111111111', 'Carol.Ops', { path: '/team/ops/', tags: [{ key: 'team', value: 'ops' }, { key: 'Cost Center', value: '' }] });
        await identity.createUser(carol);
        assert.deepEqual(await identity.findUser('111111111111', 'carol.ops'), carol);
        assert.deepEqual(await identity.findUser('111111111111', 'CAROL.OPS'), carol);
        assert.deepEqual(await identity.listUsers('111111111111'), [carol]);
      }),
    );

    test(
      "access keys: the root's and each user's are listed apart, oldest first; status changes; deletes report",
      withIdentity(async ({ identity }) => {
        await identity.createAccount(account('111111111111'));
        await identity.createUser(user('111111111111', 'alice'));
        const root = accessKey('AKIAROOT', '111111111111', { createdAt: 20 });
        const rootOlder = accessKey('AKIAROOTOLD', '111111111111', { createdAt: 10 });
        const alices = accessKey('AKIAALICE', '111111111111', { userName: 'alice' });
        for (const key of [root, rootOlder, alices]) await identity.createAccessKey(key);
        assert.deepEqual(await identity.findAccessKey('AKIAROOT'), root);
        assert.deepEqual(await identity.findAccessKey('AKIAALICE'), alices);
        assert.deepEqual(await identity.listAccessKeys('111111111111'), [rootOlder, root]);
        assert.deepEqual(await identity.listAccessKeys('111111111111', 'alice'), [alices]);
        await assert.rejects(identity.createAccessKey(root), 'an access key id is taken once');

        assert.equal(await identity.setAccessKeyStatus('AKIAROOT', 'Inactive'), true);
        assert.equal((await identity.findAccessKey('AKIAROOT'))?.status, 'Inactive');
        assert.equal(await identity.setAccessKeyStatus('AKIAMISSING', 'Inactive'), false);
        assert.equal(await identity.deleteAccessKey('AKIAROOT'), true);
        assert.equal(await identity.deleteAccessKey('AKIAROOT'), false);
        assert.equal(await identity.findAccessKey('AKIAROOT'), undefined);
      }),
    );

    test(
      'a user with access keys is not deleted; without, it is, and the root keys stay',
      withIdentity(async ({ identity }) => {
        await identity.createAccount(account('111111111111'));
        await identity.createUser(user('111111111111', 'alice'));
        await identity.createAccessKey(accessKey('AKIAROOT', '111111111111'));
        await identity.createAccessKey(accessKey('AKIAALICE', '111111111111', { userName: 'alice' }));
        assert.equal(await identity.deleteUser('111111111111', 'alice'), 'has-access-keys');
        assert.ok(await identity.findUser('111111111111', 'alice'));
        await identity.deleteAccessKey('AKIAALICE');
        assert.equal(await identity.deleteUser('111111111111', 'alice'), 'deleted');
        assert.equal(await identity.findUser('111111111111', 'alice'), undefined);
        assert.ok(await identity.findAccessKey('AKIAROOT'));
        assert.equal(await identity.deleteUser('111111111111', 'alice'), 'not-found');
      }),
    );
  });
}
