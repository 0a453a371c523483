// Identity: IAM-style users of an account and access keys (the account root's and users').
// Secrets are stored sealed with the deployment's master key (identity/secret-box.ts), never in clear.
import type { Kysely, Migration } from 'kysely';

export const identity: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('iam_users')
      .addColumn('account_id', 'text', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('user_name', 'text', (column) => column.notNull())
      .addColumn('user_id', 'text', (column) => column.notNull().unique())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('iam_users_pk', ['account_id', 'user_name'])
      .execute();

    await db.schema
      .createTable('access_keys')
      .addColumn('access_key_id', 'text', (column) => column.primaryKey())
      .addColumn('account_id', 'text', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
      // NULL for the account root's keys.
      .addColumn('user_name', 'text')
      .addColumn('secret_sealed', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('access_keys_owner').on('access_keys').columns(['account_id', 'user_name']).execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('access_keys').execute();
    await db.schema.dropTable('iam_users').execute();
  },
};
