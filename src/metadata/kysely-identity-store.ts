// The identity port over Kysely (SQLite or PostgreSQL, like the rest of the metadata).
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { IamTag } from '../identity/iam-names.js';
import type { AccessKeyRecord, AccountRecord, IdentityStore, UserDeletion, UserRecord } from '../identity/identity-store.js';
import type { AccessKeysTable, IamUsersTable, MetadataSchema } from './schema.js';
import { serializableTransaction } from './serializable-transaction.js';

export class KyselyIdentityStore implements IdentityStore {
  constructor(private readonly db: Kysely<MetadataSchema>) {}

  async createAccount(account: AccountRecord): Promise<void> {
    await this.db
      .insertInto('accounts')
      .values({ id: account.id, name: account.name, is_default: account.isDefault ? 1 : 0, created_at: account.createdAt })
      .execute();
  }

  async findAccount(id: string): Promise<AccountRecord | undefined> {
    const row = await this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, name: row.name, isDefault: row.is_default === 1, createdAt: Number(row.created_at) };
  }

  async listAccounts(): Promise<AccountRecord[]> {
    const rows = await this.db.selectFrom('accounts').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, name: row.name, isDefault: row.is_default === 1, createdAt: Number(row.created_at) }));
  }

  async createUser(user: UserRecord): Promise<void> {
    await this.db
      .insertInto('iam_users')
      .values({
        account_id: user.accountId,
        user_name: user.userName,
        user_id: user.userId,
        path: user.path,
        tags: user.tags.length > 0 ? JSON.stringify(user.tags) : null,
        created_at: user.createdAt,
      })
      .execute();
  }

  async findUser(accountId: string, userName: string): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom('iam_users')
      .selectAll()
      .where('account_id', '=', accountId)
      .where(lowerName('user_name'), '=', userName.toLowerCase())
      .executeTakeFirst();
    return row && toUserRecord(row);
  }

  async listUsers(accountId: string): Promise<UserRecord[]> {
    const rows = await this.db.selectFrom('iam_users').selectAll().where('account_id', '=', accountId).orderBy('user_name').execute();
    return rows.map(toUserRecord);
  }

  async deleteUser(accountId: string, userName: string): Promise<UserDeletion> {
    return serializableTransaction(this.db, async (trx) => {
      const owned = (table: 'access_keys' | 'iam_user_policies' | 'iam_user_policy_attachments' | 'iam_group_members') =>
        trx.selectFrom(table).select('account_id').where('account_id', '=', accountId).where('user_name', '=', userName).limit(1).executeTakeFirst();
      if (await owned('access_keys')) return 'has-access-keys';
      if (await owned('iam_user_policies')) return 'has-inline-policies';
      if (await owned('iam_user_policy_attachments')) return 'has-attached-policies';
      if (await owned('iam_group_members')) return 'in-groups';
      const result = await trx.deleteFrom('iam_users').where('account_id', '=', accountId).where('user_name', '=', userName).executeTakeFirst();
      return Number(result.numDeletedRows) > 0 ? 'deleted' : 'not-found';
    });
  }

  async createAccessKey(key: AccessKeyRecord): Promise<void> {
    await this.db
      .insertInto('access_keys')
      .values({
        access_key_id: key.accessKeyId,
        account_id: key.accountId,
        user_name: key.userName ?? null,
        secret_sealed: key.secretSealed,
        status: key.status,
        created_at: key.createdAt,
      })
      .execute();
  }

  async findAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    const row = await this.db.selectFrom('access_keys').selectAll().where('access_key_id', '=', accessKeyId).executeTakeFirst();
    return row && toAccessKey(row);
  }

  async listAccessKeys(accountId: string, userName?: string): Promise<AccessKeyRecord[]> {
    let query = this.db.selectFrom('access_keys').selectAll().where('account_id', '=', accountId);
    query = userName === undefined ? query.where('user_name', 'is', null) : query.where('user_name', '=', userName);
    const rows = await query.orderBy('created_at').execute();
    return rows.map(toAccessKey);
  }

  async setAccessKeyStatus(accessKeyId: string, status: AccessKeyRecord['status']): Promise<boolean> {
    const result = await this.db.updateTable('access_keys').set({ status }).where('access_key_id', '=', accessKeyId).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async deleteAccessKey(accessKeyId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('access_keys').where('access_key_id', '=', accessKeyId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

export function toUserRecord(row: Selectable<IamUsersTable>): UserRecord {
  return {
    accountId: row.account_id,
    userName: row.user_name,
    userId: row.user_id,
    path: row.path,
    tags: row.tags === null ? [] : (JSON.parse(row.tags) as IamTag[]),
    createdAt: Number(row.created_at),
  };
}

/** `lower(<column>)`, matching the unique indexes that make IAM names case-insensitive (migration 010). */
export function lowerName(column: string): RawBuilder<string> {
  return sql<string>`lower(${sql.ref(column)})`;
}

function toAccessKey(row: Selectable<AccessKeysTable>): AccessKeyRecord {
  return {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    ...(row.user_name !== null && { userName: row.user_name }),
    secretSealed: row.secret_sealed,
    status: row.status,
    createdAt: Number(row.created_at),
  };
}
