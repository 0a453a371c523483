// The rules the permissions and group services add to the stores: documents checked by the injected
// validator (its message is the reason), IAM's size quotas without whitespace, policy ARNs resolved
// within the caller's account, attachment and membership quotas, and what applies to a principal.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { KyselyIdentityStore } from '../metadata/kysely-identity-store.js';
import { KyselyMetadataStore } from '../metadata/kysely-metadata-store.js';
import { KyselyPermissionsStore } from '../metadata/kysely-permissions-store.js';
import type { MetadataDatabase } from '../metadata/metadata-database.js';
import { openSqliteDatabase } from '../metadata/sqlite/open-sqlite-database.js';
import { GroupService, maxGroupsPerUser } from './group-service.js';
import { IdentityService } from './identity-service.js';
import { maxAttachedPolicies, PermissionsService } from './permissions-service.js';
import { rootPrincipal, userPrincipal } from './principal.js';
import { SecretBox } from './secret-box.js';

const document = (resource = '*') => JSON.stringify({ Statement: { Effect: 'Allow', Action: 'ecr:*', Resource: resource } });
/** A valid document of exactly `size` characters other than whitespace. */
const sized = (size: number) => document('r'.repeat(size - document('').length));

describe('permissions and group services', () => {
  let database: MetadataDatabase;
  let identity: IdentityService;
  let groups: GroupService;
  let permissions: PermissionsService;
  let accountId: string;
  const validated: string[] = [];

  before(async () => {
    database = await openSqliteDatabase(':memory:');
    const identities = new KyselyIdentityStore(database.db);
    const store = new KyselyPermissionsStore(database.db);
    identity = new IdentityService(identities, new KyselyMetadataStore(database.db), new SecretBox(randomBytes(32)));
    groups = new GroupService(identities, store);
    permissions = new PermissionsService({
      identities,
      permissions: store,
      validatePolicy: (text) => {
        validated.push(text);
        if (text.includes('ecr:Nonsense')) throw new Error('Invalid Action: The action ecr:Nonsense does not exist.');
        JSON.parse(text);
      },
    });
    accountId = (await identity.defaultAccount()).id;
    for (const name of ['alice', 'bob']) await identity.createUser(accountId, name);
  });
  after(() => database.close());

  test("the validator sees the exact text and its message is MalformedPolicyDocument's reason", async () => {
    const text = JSON.stringify({ Statement: { Effect: 'Allow', Action: 'ecr:Nonsense', Resource: '*' } });
    await assert.rejects(permissions.putUserPolicy(accountId, 'alice', 'p', text), { code: 'policy-malformed', message: 'Invalid Action: The action ecr:Nonsense does not exist.' });
    assert.equal(validated.at(-1), text);
    await assert.rejects(permissions.createPolicy(accountId, { policyName: 'x', document: '{' }), { code: 'policy-malformed', message: /JSON/ });
    await assert.rejects(permissions.putUserPolicy(accountId, 'alice', 'p', 'caf\u00e9 \u2603'), { code: 'invalid-value' }, "characters outside the API's range are refused before validation");
  });

  test("inline quotas: a user's policies together at most 2,048, a group's 5,120, whitespace not counted, a replaced policy counted once", async () => {
    await permissions.putUserPolicy(accountId, 'bob', 'a', sized(1000).replace(/,/g, ',   \n\t  '));
    await permissions.putUserPolicy(accountId, 'bob', 'b', sized(1048));
    await assert.rejects(permissions.putUserPolicy(accountId, 'bob', 'c', sized(100)), { code: 'limit-exceeded', message: 'Maximum policy size of 2048 bytes exceeded for user bob' });
    await permissions.putUserPolicy(accountId, 'bob', 'B', sized(1048));
    await permissions.deleteUserPolicy(accountId, 'bob', 'a');
    await permissions.deleteUserPolicy(accountId, 'bob', 'b');

    await groups.createGroup(accountId, 'quota');
    await permissions.putGroupPolicy(accountId, 'quota', 'a', sized(5000));
    await assert.rejects(permissions.putGroupPolicy(accountId, 'quota', 'b', sized(121)), { code: 'limit-exceeded', message: 'Maximum policy size of 5120 bytes exceeded for group quota' });
    await permissions.putGroupPolicy(accountId, 'quota', 'b', sized(120));
    await permissions.createPolicy(accountId, { policyName: 'full', document: sized(6144) });
    await assert.rejects(permissions.createPolicy(accountId, { policyName: 'over', document: sized(6145) }), { code: 'limit-exceeded' });
  });

  test("policy ARNs name a policy of the caller's account by path and name; anything else is not found or not valid", async () => {
    const policy = await permissions.createPolicy(accountId, { policyName: 'Deploy', path: '/ci/', document: document() });
    assert.equal((await permissions.getPolicy(accountId, `arn:aws:iam::${accountId}:policy/ci/deploy`)).policyId, policy.policyId, 'names fold case');
    for (const arn of [`arn:aws:iam::${accountId}:policy/Deploy`, `arn:aws:iam::${accountId}:policy/cd/Deploy`, 'arn:aws:iam::999999999999:policy/ci/Deploy', 'arn:aws:iam::aws:policy/ci/Deploy']) {
      await assert.rejects(permissions.attachUserPolicy(accountId, 'alice', arn), { code: 'policy-not-found' }, arn);
    }
    for (const arn of ['Deploy', `arn:aws:iam::${accountId}:user/Deploy`, `arn:aws:iam::${accountId}:policy/ci/`]) {
      await assert.rejects(permissions.attachUserPolicy(accountId, 'alice', arn), { code: 'invalid-input', message: `ARN ${arn} is not valid.` }, arn);
    }
  });

  test('at most 10 managed policies per user and 10 groups per user; re-attaching and re-adding do not count', async () => {
    await identity.createUser(accountId, 'busy');
    for (let i = 0; i < maxAttachedPolicies; i++) {
      await permissions.createPolicy(accountId, { policyName: `p${i}`, document: document() });
      await permissions.attachUserPolicy(accountId, 'busy', `arn:aws:iam::${accountId}:policy/p${i}`);
    }
    await permissions.attachUserPolicy(accountId, 'busy', `arn:aws:iam::${accountId}:policy/p0`);
    await permissions.createPolicy(accountId, { policyName: 'one-more', document: document() });
    await assert.rejects(permissions.attachUserPolicy(accountId, 'busy', `arn:aws:iam::${accountId}:policy/one-more`), { code: 'limit-exceeded', message: 'Cannot exceed quota for PoliciesPerUser: 10' });

    for (let i = 0; i < maxGroupsPerUser; i++) {
      await groups.createGroup(accountId, `g${i}`);
      await groups.addUserToGroup(accountId, `g${i}`, 'busy');
    }
    await groups.addUserToGroup(accountId, 'G0', 'BUSY');
    await groups.createGroup(accountId, 'g-more');
    await assert.rejects(groups.addUserToGroup(accountId, 'g-more', 'busy'), { code: 'limit-exceeded', message: 'Cannot exceed quota for GroupsPerUser: 10' });
  });

  test("identityPoliciesOf: a root needs none; a user gets its own and its groups' inline and attached documents", async () => {
    assert.deepEqual(await permissions.identityPoliciesOf(rootPrincipal(accountId)), { kind: 'root', accountId });
    await identity.createUser(accountId, 'carol', { path: '/team/' });
    await groups.createGroup(accountId, 'readers');
    await groups.addUserToGroup(accountId, 'readers', 'carol');
    await permissions.putUserPolicy(accountId, 'carol', 'own', document('own'));
    await permissions.putGroupPolicy(accountId, 'readers', 'shared', document('shared'));
    const managed = await permissions.createPolicy(accountId, { policyName: 'ReadAll', document: document('managed') });
    await permissions.attachGroupPolicy(accountId, 'readers', `arn:aws:iam::${accountId}:policy/${managed.policyName}`);
    const carol = await identity.getUser(accountId, 'carol');
    const policies = await permissions.identityPoliciesOf(userPrincipal(accountId, carol.userName, carol.userId, carol.path));
    assert.deepEqual(policies, {
      kind: 'user',
      accountId,
      documents: [
        { source: 'user-inline', policyName: 'own', document: document('own') },
        { source: 'group-inline', groupName: 'readers', policyName: 'shared', document: document('shared') },
        { source: 'group-managed', groupName: 'readers', policyName: 'ReadAll', policyPath: '/', document: document('managed') },
      ],
    });
  });

  test("access keys: two per user, none of another's, the root's unlimited; DeleteUser's conflicts in IAM's words", async () => {
    await identity.createUser(accountId, 'dave');
    const first = await identity.createAccessKey(accountId, 'dave');
    await identity.createAccessKey(accountId, 'DAVE');
    await assert.rejects(identity.createAccessKey(accountId, 'dave'), { code: 'limit-exceeded', message: 'Cannot exceed quota for AccessKeysPerUser: 2' });
    for (let i = 0; i < 3; i++) await identity.createAccessKey(accountId);
    await assert.rejects(identity.updateAccessKey(accountId, 'alice', first.accessKeyId, 'Inactive'), { code: 'access-key-not-found' });
    await assert.rejects(identity.deleteAccessKey(accountId, undefined, first.accessKeyId), { code: 'access-key-not-found' }, 'not a root key');
    await assert.rejects(identity.deleteUser(accountId, 'dave'), { code: 'delete-conflict', message: 'Cannot delete entity, must delete access keys first.' });
    await identity.updateAccessKey(accountId, 'dave', first.accessKeyId, 'Inactive');
    assert.equal(await identity.resolveAccessKey(first.accessKeyId), undefined, 'an inactive key resolves to nobody');
  });
});
