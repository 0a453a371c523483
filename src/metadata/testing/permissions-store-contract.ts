// The permissions contract: groups and members, inline policies of users and groups, managed
// policies and attachments, the documents that apply to a user, and the identity store's refusal to
// delete a user that still holds any of them. Run unchanged on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IdentityStore } from '../../identity/identity-store.js';
import type { GroupRecord, InlinePolicyRecord, ManagedPolicyRecord, PermissionsStore, PolicyOwner } from '../../identity/permissions-store.js';
import { user } from './identity-store-contract.js';

export interface PermissionsFixture {
  identity: IdentityStore;
  permissions: PermissionsStore;
  cleanup(): Promise<void>;
}

const accountA = '111111111111';
const accountB = '222222222222';

const group = (accountId: string, groupName: string, extra: Partial<GroupRecord> = {}): GroupRecord => ({
  accountId,
  groupName,
  groupId: `AGPA${accountId}${groupName.toUpperCase()}`,
  path: '/',
  createdAt: 7,
  ...extra,
});

const userOwner = (name: string, accountId = accountA): PolicyOwner => ({ kind: 'user', accountId, name });
const groupOwner = (name: string, accountId = accountA): PolicyOwner => ({ kind: 'group', accountId, name });

const inline = (owner: PolicyOwner, policyName: string, document: string): InlinePolicyRecord => ({
  owner,
  policyName,
  document,
  sizeChars: document.length,
  updatedAt: 9,
});

const managed = (policyName: string, extra: Partial<ManagedPolicyRecord> = {}): ManagedPolicyRecord => ({
  accountId: accountA,
  policyName,
  policyId: `ANPA${policyName.toUpperCase()}`,
  path: '/',
  document: `{"managed":"${policyName}"}`,
  defaultVersionId: 'v1',
  tags: [],
  createdAt: 8,
  updatedAt: 8,
  ...extra,
});

export function permissionsStoreContract(name: string, setup: () => Promise<PermissionsFixture>): void {
  describe(`permissions store contract: ${name}`, () => {
    const withStores = (work: (fixture: PermissionsFixture) => Promise<void>) => async () => {
      const fixture = await setup();
      try {
        for (const id of [accountA, accountB]) await fixture.identity.createAccount({ id, name: id, isDefault: false, createdAt: 1 });
        for (const userName of ['alice', 'bob']) await fixture.identity.createUser(user(accountA, userName));
        await work(fixture);
      } finally {
        await fixture.cleanup();
      }
    };

    test(
      'groups are created once per account whatever the case, found whatever the case, and keep their spelling',
      withStores(async ({ permissions }) => {
        const devs = group(accountA, 'Devs', { path: '/eng/' });
        await permissions.createGroup(devs);
        await permissions.createGroup(group(accountB, 'devs'));
        assert.deepEqual(await permissions.findGroup(accountA, 'DEVS'), devs);
        assert.equal(await permissions.findGroup(accountA, 'ops'), undefined);
        await assert.rejects(permissions.createGroup(group(accountA, 'devs', { groupId: 'AGPAOTHER' })), 'a name is taken once per account, whatever its case');
        await assert.rejects(permissions.createGroup(group(accountA, 'ops', { groupId: devs.groupId })), 'a group id is unique everywhere');
      }),
    );

    test(
      'members are added once, listed from both sides in byte order, and removed',
      withStores(async ({ identity, permissions }) => {
        for (const name of ['devs', 'Ops']) await permissions.createGroup(group(accountA, name));
        await permissions.addGroupMember(accountA, 'devs', 'bob', 1);
        await permissions.addGroupMember(accountA, 'devs', 'alice', 2);
        await permissions.addGroupMember(accountA, 'devs', 'alice', 3);
        await permissions.addGroupMember(accountA, 'Ops', 'alice', 4);
        assert.deepEqual((await permissions.listGroupMembers(accountA, 'devs')).map((member) => member.userName), ['alice', 'bob']);
        assert.deepEqual(await permissions.listGroupMembers(accountA, 'devs').then((members) => members[0]), await identity.findUser(accountA, 'alice'));
        assert.deepEqual((await permissions.listGroupsOfUser(accountA, 'alice')).map((found) => found.groupName), ['Ops', 'devs']);
        assert.equal(await permissions.removeGroupMember(accountA, 'devs', 'alice'), true);
        assert.equal(await permissions.removeGroupMember(accountA, 'devs', 'alice'), false);
        assert.deepEqual((await permissions.listGroupsOfUser(accountA, 'alice')).map((found) => found.groupName), ['Ops']);
        await assert.rejects(permissions.addGroupMember(accountA, 'devs', 'nobody', 5), 'members are existing users');
        await assert.rejects(permissions.addGroupMember(accountA, 'nogroup', 'bob', 5), 'of existing groups');
      }),
    );

    test(
      "inline policies: put creates or replaces (keeping the first spelling), are found whatever the case, listed by name, deleted; users' and groups' are apart",
      withStores(async ({ permissions }) => {
        await permissions.createGroup(group(accountA, 'alice'));
        const read = inline(userOwner('alice'), 'ReadOnly', '{"v":1}');
        await permissions.putInlinePolicy(read);
        await permissions.putInlinePolicy(inline(userOwner('alice'), 'admin', '{"a":1}'));
        await permissions.putInlinePolicy(inline(groupOwner('alice'), 'GroupOnly', '{"g":1}'));
        await permissions.putInlinePolicy(inline(userOwner('bob'), 'ReadOnly', '{"bob":1}'));
        assert.deepEqual(await permissions.findInlinePolicy(userOwner('alice'), 'readonly'), read);

        const replaced = { ...inline(userOwner('alice'), 'READONLY', '{"v":2, "more": true}'), updatedAt: 10 };
        await permissions.putInlinePolicy(replaced);
        assert.deepEqual(await permissions.findInlinePolicy(userOwner('alice'), 'ReadOnly'), { ...replaced, policyName: 'ReadOnly' });
        assert.deepEqual((await permissions.listInlinePolicies(userOwner('alice'))).map((policy) => policy.policyName), ['ReadOnly', 'admin']);
        assert.deepEqual((await permissions.listInlinePolicies(groupOwner('alice'))).map((policy) => policy.policyName), ['GroupOnly']);
        assert.equal(await permissions.findInlinePolicy(groupOwner('alice'), 'ReadOnly'), undefined);

        assert.equal(await permissions.deleteInlinePolicy(userOwner('alice'), 'readONLY'), true);
        assert.equal(await permissions.deleteInlinePolicy(userOwner('alice'), 'ReadOnly'), false);
        assert.equal((await permissions.findInlinePolicy(userOwner('bob'), 'ReadOnly'))?.document, '{"bob":1}');
        await assert.rejects(permissions.putInlinePolicy(inline(userOwner('nobody'), 'p', '{}')), 'owners are existing users');
        await assert.rejects(permissions.putInlinePolicy(inline(groupOwner('nogroup'), 'p', '{}')), 'or existing groups');
      }),
    );

    test(
      'managed policies: created once whatever the case, found with their attachment count; attachments are idempotent, listed by name, detached',
      withStores(async ({ permissions }) => {
        await permissions.createGroup(group(accountA, 'devs'));
        const deploy = managed('Deploy', { path: '/ci/', description: 'push images', tags: [{ key: 'team', value: 'ci' }] });
        await permissions.createManagedPolicy(deploy);
        await permissions.createManagedPolicy(managed('audit'));
        await assert.rejects(permissions.createManagedPolicy(managed('DEPLOY', { policyId: 'ANPAOTHER' })), 'a name is taken once per account');
        assert.deepEqual(await permissions.findManagedPolicy(accountA, 'deploy'), { ...deploy, attachmentCount: 0 });
        assert.equal(await permissions.findManagedPolicy(accountB, 'Deploy'), undefined);

        await permissions.attachPolicy(userOwner('alice'), 'Deploy', 1);
        await permissions.attachPolicy(userOwner('alice'), 'Deploy', 2);
        await permissions.attachPolicy(userOwner('alice'), 'audit', 3);
        await permissions.attachPolicy(groupOwner('devs'), 'Deploy', 4);
        assert.equal((await permissions.findManagedPolicy(accountA, 'Deploy'))?.attachmentCount, 2, 'one user and one group');
        assert.deepEqual((await permissions.listAttachedPolicies(userOwner('alice'))).map((policy) => policy.policyName), ['Deploy', 'audit']);
        assert.deepEqual(await permissions.listAttachedPolicies(groupOwner('devs')), [deploy]);
        assert.deepEqual(await permissions.listAttachedPolicies(userOwner('bob')), []);

        assert.equal(await permissions.detachPolicy(userOwner('alice'), 'Deploy'), true);
        assert.equal(await permissions.detachPolicy(userOwner('alice'), 'Deploy'), false);
        assert.equal((await permissions.findManagedPolicy(accountA, 'Deploy'))?.attachmentCount, 1);
        await assert.rejects(permissions.attachPolicy(userOwner('alice'), 'missing', 5), 'only existing policies are attached');
      }),
    );

    test(
      "a user's identity policy documents: its inline and attached policies, then each group's inline and attached, and nothing else",
      withStores(async ({ permissions }) => {
        for (const name of ['ops', 'devs', 'unrelated']) await permissions.createGroup(group(accountA, name));
        for (const name of ['ops', 'devs']) await permissions.addGroupMember(accountA, name, 'alice', 1);
        await permissions.addGroupMember(accountA, 'unrelated', 'bob', 1);
        await permissions.createManagedPolicy(managed('Deploy', { path: '/ci/' }));
        await permissions.createManagedPolicy(managed('Audit'));
        await permissions.createManagedPolicy(managed('Other'));
        await permissions.putInlinePolicy(inline(userOwner('alice'), 'mine', '{"user":"alice"}'));
        await permissions.attachPolicy(userOwner('alice'), 'Deploy', 1);
        await permissions.putInlinePolicy(inline(groupOwner('devs'), 'dev-inline', '{"group":"devs"}'));
        await permissions.attachPolicy(groupOwner('devs'), 'Audit', 1);
        await permissions.attachPolicy(groupOwner('ops'), 'Deploy', 1);
        await permissions.putInlinePolicy(inline(userOwner('bob'), 'bobs', '{"user":"bob"}'));
        await permissions.putInlinePolicy(inline(groupOwner('unrelated'), 'x', '{"group":"unrelated"}'));
        await permissions.attachPolicy(userOwner('bob'), 'Other', 1);

        assert.deepEqual(await permissions.identityPolicyDocuments(accountA, 'alice'), [
          { source: 'user-inline', policyName: 'mine', document: '{"user":"alice"}' },
          { source: 'user-managed', policyName: 'Deploy', policyPath: '/ci/', document: '{"managed":"Deploy"}' },
          { source: 'group-inline', groupName: 'devs', policyName: 'dev-inline', document: '{"group":"devs"}' },
          { source: 'group-managed', groupName: 'devs', policyName: 'Audit', policyPath: '/', document: '{"managed":"Audit"}' },
          { source: 'group-managed', groupName: 'ops', policyName: 'Deploy', policyPath: '/ci/', document: '{"managed":"Deploy"}' },
        ]);
        assert.deepEqual(await permissions.identityPolicyDocuments(accountA, 'nobody'), []);
      }),
    );

    test(
      'a user holding inline policies, attached policies or group memberships is not deleted; once it holds none, it is',
      withStores(async ({ identity, permissions }) => {
        await permissions.createGroup(group(accountA, 'devs'));
        await permissions.createManagedPolicy(managed('Deploy'));
        await permissions.putInlinePolicy(inline(userOwner('alice'), 'mine', '{}'));
        await permissions.attachPolicy(userOwner('alice'), 'Deploy', 1);
        await permissions.addGroupMember(accountA, 'devs', 'alice', 1);

        assert.equal(await identity.deleteUser(accountA, 'alice'), 'has-inline-policies');
        await permissions.deleteInlinePolicy(userOwner('alice'), 'mine');
        assert.equal(await identity.deleteUser(accountA, 'alice'), 'has-attached-policies');
        await permissions.detachPolicy(userOwner('alice'), 'Deploy');
        assert.equal(await identity.deleteUser(accountA, 'alice'), 'in-groups');
        await permissions.removeGroupMember(accountA, 'devs', 'alice');
        assert.equal(await identity.deleteUser(accountA, 'alice'), 'deleted');
        assert.equal(await identity.findUser(accountA, 'alice'), undefined);
        assert.equal((await permissions.findManagedPolicy(accountA, 'Deploy'))?.attachmentCount, 0);
      }),
    );
  });
}
