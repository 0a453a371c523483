// The permissions port over Kysely (SQLite or PostgreSQL), beside the identity store on the same
// database. Users' and groups' inline policies and attachments live in twin tables
// (iam_user_policies / iam_group_policies, iam_user_policy_attachments /
// iam_group_policy_attachments) so each can have a foreign key to its owner; the queries that serve
// either owner pick the table by the owner's kind and go through an untyped handle.
import type { Kysely, Selectable } from 'kysely';
import type { IamTag } from '../identity/iam-names.js';
import type { UserRecord } from '../identity/identity-store.js';
import type {
  GroupRecord,
  IdentityPolicyDocument,
  InlinePolicyRecord,
  ManagedPolicyRecord,
  ManagedPolicyWithCount,
  PermissionsStore,
  PolicyOwner,
} from '../identity/permissions-store.js';
import { lowerName, toUserRecord } from './kysely-identity-store.js';
import type { IamGroupsTable, IamManagedPoliciesTable, MetadataSchema } from './schema.js';
import { serializableTransaction } from './serializable-transaction.js';

/** The tables and owner column of a user's or a group's policies. */
function tablesOf(owner: PolicyOwner) {
  return owner.kind === 'user'
    ? { policies: 'iam_user_policies', attachments: 'iam_user_policy_attachments', name: 'user_name' }
    : { policies: 'iam_group_policies', attachments: 'iam_group_policy_attachments', name: 'group_name' };
}

export class KyselyPermissionsStore implements PermissionsStore {
  /** For the queries whose table depends on the owner's kind; their rows are mapped by hand. */
  private readonly untyped: Kysely<any>;

  constructor(private readonly db: Kysely<MetadataSchema>) {
    this.untyped = db as unknown as Kysely<any>;
  }

  async createGroup(group: GroupRecord): Promise<void> {
    await this.db
      .insertInto('iam_groups')
      .values({ account_id: group.accountId, group_name: group.groupName, group_id: group.groupId, path: group.path, created_at: group.createdAt })
      .execute();
  }

  async findGroup(accountId: string, groupName: string): Promise<GroupRecord | undefined> {
    const row = await this.db
      .selectFrom('iam_groups')
      .selectAll()
      .where('account_id', '=', accountId)
      .where(lowerName('group_name'), '=', groupName.toLowerCase())
      .executeTakeFirst();
    return row && toGroup(row);
  }

  async addGroupMember(accountId: string, groupName: string, userName: string, addedAt: number): Promise<void> {
    await this.db
      .insertInto('iam_group_members')
      .values({ account_id: accountId, group_name: groupName, user_name: userName, added_at: addedAt })
      .onConflict((conflict) => conflict.columns(['account_id', 'group_name', 'user_name']).doNothing())
      .execute();
  }

  async removeGroupMember(accountId: string, groupName: string, userName: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('iam_group_members')
      .where('account_id', '=', accountId)
      .where('group_name', '=', groupName)
      .where('user_name', '=', userName)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async listGroupMembers(accountId: string, groupName: string): Promise<UserRecord[]> {
    const rows = await this.db
      .selectFrom('iam_group_members as m')
      .innerJoin('iam_users as u', (join) => join.onRef('u.account_id', '=', 'm.account_id').onRef('u.user_name', '=', 'm.user_name'))
      .selectAll('u')
      .where('m.account_id', '=', accountId)
      .where('m.group_name', '=', groupName)
      .orderBy('u.user_name')
      .execute();
    return rows.map(toUserRecord);
  }

  async listGroupsOfUser(accountId: string, userName: string): Promise<GroupRecord[]> {
    const rows = await this.db
      .selectFrom('iam_group_members as m')
      .innerJoin('iam_groups as g', (join) => join.onRef('g.account_id', '=', 'm.account_id').onRef('g.group_name', '=', 'm.group_name'))
      .selectAll('g')
      .where('m.account_id', '=', accountId)
      .where('m.user_name', '=', userName)
      .orderBy('g.group_name')
      .execute();
    return rows.map(toGroup);
  }

  async putInlinePolicy(policy: InlinePolicyRecord): Promise<void> {
    const { policies, name } = tablesOf(policy.owner);
    await serializableTransaction(this.untyped, async (trx) => {
      const existing = await trx
        .selectFrom(policies)
        .select('policy_name')
        .where('account_id', '=', policy.owner.accountId)
        .where(name, '=', policy.owner.name)
        .where(lowerName('policy_name'), '=', policy.policyName.toLowerCase())
        .executeTakeFirst();
      const values = { document: policy.document, size_chars: policy.sizeChars, updated_at: policy.updatedAt };
      if (existing) {
        // The policy keeps the spelling it was created with, as users and groups do.
        await trx
          .updateTable(policies)
          .set(values)
          .where('account_id', '=', policy.owner.accountId)
          .where(name, '=', policy.owner.name)
          .where('policy_name', '=', existing.policy_name)
          .execute();
      } else {
        await trx
          .insertInto(policies)
          .values({ account_id: policy.owner.accountId, [name]: policy.owner.name, policy_name: policy.policyName, ...values })
          .execute();
      }
    });
  }

  async findInlinePolicy(owner: PolicyOwner, policyName: string): Promise<InlinePolicyRecord | undefined> {
    const { policies, name } = tablesOf(owner);
    const row = await this.untyped
      .selectFrom(policies)
      .selectAll()
      .where('account_id', '=', owner.accountId)
      .where(name, '=', owner.name)
      .where(lowerName('policy_name'), '=', policyName.toLowerCase())
      .executeTakeFirst();
    return row && toInlinePolicy(owner, row);
  }

  async listInlinePolicies(owner: PolicyOwner): Promise<InlinePolicyRecord[]> {
    const { policies, name } = tablesOf(owner);
    const rows = await this.untyped
      .selectFrom(policies)
      .selectAll()
      .where('account_id', '=', owner.accountId)
      .where(name, '=', owner.name)
      .orderBy('policy_name')
      .execute();
    return rows.map((row) => toInlinePolicy(owner, row));
  }

  async deleteInlinePolicy(owner: PolicyOwner, policyName: string): Promise<boolean> {
    const { policies, name } = tablesOf(owner);
    const result = await this.untyped
      .deleteFrom(policies)
      .where('account_id', '=', owner.accountId)
      .where(name, '=', owner.name)
      .where(lowerName('policy_name'), '=', policyName.toLowerCase())
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async createManagedPolicy(policy: ManagedPolicyRecord): Promise<void> {
    await this.db
      .insertInto('iam_managed_policies')
      .values({
        account_id: policy.accountId,
        policy_name: policy.policyName,
        policy_id: policy.policyId,
        path: policy.path,
        description: policy.description ?? null,
        document: policy.document,
        default_version_id: policy.defaultVersionId,
        tags: policy.tags.length > 0 ? JSON.stringify(policy.tags) : null,
        created_at: policy.createdAt,
        updated_at: policy.updatedAt,
      })
      .execute();
  }

  async findManagedPolicy(accountId: string, policyName: string): Promise<ManagedPolicyWithCount | undefined> {
    const row = await this.db
      .selectFrom('iam_managed_policies')
      .selectAll()
      .where('account_id', '=', accountId)
      .where(lowerName('policy_name'), '=', policyName.toLowerCase())
      .executeTakeFirst();
    if (!row) return undefined;
    let attachmentCount = 0;
    for (const table of ['iam_user_policy_attachments', 'iam_group_policy_attachments'] as const) {
      const counted = await this.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('policy_name', '=', row.policy_name)
        .executeTakeFirstOrThrow();
      attachmentCount += Number(counted.n);
    }
    return { ...toManagedPolicy(row), attachmentCount };
  }

  async attachPolicy(owner: PolicyOwner, policyName: string, attachedAt: number): Promise<void> {
    const { attachments, name } = tablesOf(owner);
    await this.untyped
      .insertInto(attachments)
      .values({ account_id: owner.accountId, [name]: owner.name, policy_name: policyName, attached_at: attachedAt })
      .onConflict((conflict) => conflict.columns(['account_id', name, 'policy_name']).doNothing())
      .execute();
  }

  async detachPolicy(owner: PolicyOwner, policyName: string): Promise<boolean> {
    const { attachments, name } = tablesOf(owner);
    const result = await this.untyped
      .deleteFrom(attachments)
      .where('account_id', '=', owner.accountId)
      .where(name, '=', owner.name)
      .where('policy_name', '=', policyName)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async listAttachedPolicies(owner: PolicyOwner): Promise<ManagedPolicyRecord[]> {
    const { attachments, name } = tablesOf(owner);
    const rows = await this.untyped
      .selectFrom(`${attachments} as a`)
      .innerJoin('iam_managed_policies as p', (join) => join.onRef('p.account_id', '=', 'a.account_id').onRef('p.policy_name', '=', 'a.policy_name'))
      .selectAll('p')
      .where('a.account_id', '=', owner.accountId)
      .where(`a.${name}`, '=', owner.name)
      .orderBy('p.policy_name')
      .execute();
    return rows.map((row) => toManagedPolicy(row as Selectable<IamManagedPoliciesTable>));
  }

  async identityPolicyDocuments(accountId: string, userName: string): Promise<IdentityPolicyDocument[]> {
    const user: PolicyOwner = { kind: 'user', accountId, name: userName };
    const inline = await this.listInlinePolicies(user);
    const managed = await this.listAttachedPolicies(user);
    const documents: IdentityPolicyDocument[] = [
      ...inline.map((policy): IdentityPolicyDocument => ({ source: 'user-inline', policyName: policy.policyName, document: policy.document })),
      ...managed.map((policy): IdentityPolicyDocument => ({ source: 'user-managed', policyName: policy.policyName, policyPath: policy.path, document: policy.document })),
    ];
    for (const group of await this.listGroupsOfUser(accountId, userName)) {
      const owner: PolicyOwner = { kind: 'group', accountId, name: group.groupName };
      for (const policy of await this.listInlinePolicies(owner)) {
        documents.push({ source: 'group-inline', groupName: group.groupName, policyName: policy.policyName, document: policy.document });
      }
      for (const policy of await this.listAttachedPolicies(owner)) {
        documents.push({ source: 'group-managed', groupName: group.groupName, policyName: policy.policyName, policyPath: policy.path, document: policy.document });
      }
    }
    return documents;
  }
}

function toGroup(row: Selectable<IamGroupsTable>): GroupRecord {
  return { accountId: row.account_id, groupName: row.group_name, groupId: row.group_id, path: row.path, createdAt: Number(row.created_at) };
}

function toInlinePolicy(owner: PolicyOwner, row: Record<string, any>): InlinePolicyRecord {
  return { owner, policyName: row.policy_name, document: row.document, sizeChars: Number(row.size_chars), updatedAt: Number(row.updated_at) };
}

function toManagedPolicy(row: Selectable<IamManagedPoliciesTable>): ManagedPolicyRecord {
  return {
    accountId: row.account_id,
    policyName: row.policy_name,
    policyId: row.policy_id,
    path: row.path,
    ...(row.description !== null && { description: row.description }),
    document: row.document,
    defaultVersionId: row.default_version_id,
    tags: row.tags === null ? [] : (JSON.parse(row.tags) as IamTag[]),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
