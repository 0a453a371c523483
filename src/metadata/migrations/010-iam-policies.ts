// IAM beyond users and keys: user paths and tags, groups and their members, inline policies of users
// and groups, customer managed policies (one version, v1) and their attachments.
// - Names are unique per account whatever their case, as IAM's are ("you cannot create resources
//   named both MyResource and myresource"): a unique index on lower(name) beside the primary key,
//   which keeps the spelling the entity was created with. Names are ASCII ([\w+=,.@-]), so lower()
//   folds the same way on SQLite and on PostgreSQL's "C" collation.
// - Identifier columns are byte-ordered text on PostgreSQL (see 004-scale-out.ts): listings sort
//   by name in byte order, and foreign keys compare like with like.
// - Every dependent row cascades with its owner, so deleting an account leaves nothing behind; the
//   IAM rule that a user or group holding policies, keys or members cannot be deleted is checked by
//   the stores inside the deleting transaction (metadata/kysely-identity-store.ts).
import { sql, type Kysely, type Migration } from 'kysely';
import { dialectTypes } from './dialect-types.js';

export const iamPolicies: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const { byteOrderedText: name } = dialectTypes(db);

    await db.schema.alterTable('iam_users').addColumn('path', 'text', (column) => column.notNull().defaultTo('/')).execute();
    // JSON list of {key, value}; NULL when the user has none.
    await db.schema.alterTable('iam_users').addColumn('tags', 'text').execute();
    await db.schema.createIndex('iam_users_name_key').on('iam_users').unique().expression(sql`account_id, lower(user_name)`).execute();

    await db.schema
      .createTable('iam_groups')
      .addColumn('account_id', name, (column) => column.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('group_name', name, (column) => column.notNull())
      .addColumn('group_id', name, (column) => column.notNull().unique())
      .addColumn('path', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('iam_groups_pk', ['account_id', 'group_name'])
      .execute();
    await db.schema.createIndex('iam_groups_name_key').on('iam_groups').unique().expression(sql`account_id, lower(group_name)`).execute();

    await db.schema
      .createTable('iam_group_members')
      .addColumn('account_id', name, (column) => column.notNull())
      .addColumn('group_name', name, (column) => column.notNull())
      .addColumn('user_name', name, (column) => column.notNull())
      .addColumn('added_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('iam_group_members_pk', ['account_id', 'group_name', 'user_name'])
      .addForeignKeyConstraint('iam_group_members_group', ['account_id', 'group_name'], 'iam_groups', ['account_id', 'group_name'], (fk) => fk.onDelete('cascade'))
      .addForeignKeyConstraint('iam_group_members_user', ['account_id', 'user_name'], 'iam_users', ['account_id', 'user_name'], (fk) => fk.onDelete('cascade'))
      .execute();
    await db.schema.createIndex('iam_group_members_by_user').on('iam_group_members').columns(['account_id', 'user_name']).execute();

    for (const owner of ['user', 'group'] as const) {
      const table = `iam_${owner}_policies`;
      await db.schema
        .createTable(table)
        .addColumn('account_id', name, (column) => column.notNull())
        .addColumn(`${owner}_name`, name, (column) => column.notNull())
        .addColumn('policy_name', name, (column) => column.notNull())
        .addColumn('document', 'text', (column) => column.notNull())
        // What counts against IAM's aggregate quota: characters other than whitespace.
        .addColumn('size_chars', 'integer', (column) => column.notNull())
        .addColumn('updated_at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, ['account_id', `${owner}_name`, 'policy_name'])
        .addForeignKeyConstraint(`${table}_owner`, ['account_id', `${owner}_name`], `iam_${owner}s`, ['account_id', `${owner}_name`], (fk) => fk.onDelete('cascade'))
        .execute();
      await db.schema
        .createIndex(`${table}_name_key`)
        .on(table)
        .unique()
        .expression(sql`account_id, ${sql.ref(`${owner}_name`)}, lower(policy_name)`)
        .execute();
    }

    await db.schema
      .createTable('iam_managed_policies')
      .addColumn('account_id', name, (column) => column.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('policy_name', name, (column) => column.notNull())
      .addColumn('policy_id', name, (column) => column.notNull().unique())
      .addColumn('path', 'text', (column) => column.notNull())
      .addColumn('description', 'text')
      // The default version's document; Berth keeps one version per policy (v1).
      .addColumn('document', 'text', (column) => column.notNull())
      .addColumn('default_version_id', 'text', (column) => column.notNull())
      .addColumn('tags', 'text')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('iam_managed_policies_pk', ['account_id', 'policy_name'])
      .execute();
    await db.schema.createIndex('iam_managed_policies_name_key').on('iam_managed_policies').unique().expression(sql`account_id, lower(policy_name)`).execute();

    for (const owner of ['user', 'group'] as const) {
      const table = `iam_${owner}_policy_attachments`;
      await db.schema
        .createTable(table)
        .addColumn('account_id', name, (column) => column.notNull())
        .addColumn(`${owner}_name`, name, (column) => column.notNull())
        .addColumn('policy_name', name, (column) => column.notNull())
        .addColumn('attached_at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, ['account_id', `${owner}_name`, 'policy_name'])
        .addForeignKeyConstraint(`${table}_owner`, ['account_id', `${owner}_name`], `iam_${owner}s`, ['account_id', `${owner}_name`], (fk) => fk.onDelete('cascade'))
        .addForeignKeyConstraint(`${table}_policy`, ['account_id', 'policy_name'], 'iam_managed_policies', ['account_id', 'policy_name'], (fk) =>
          fk.onDelete('cascade'),
        )
        .execute();
      // A policy's attachment count, and the cascade from the policy side.
      await db.schema.createIndex(`${table}_by_policy`).on(table).columns(['account_id', 'policy_name']).execute();
    }
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const table of [
      'iam_group_policy_attachments',
      'iam_user_policy_attachments',
      'iam_managed_policies',
      'iam_group_policies',
      'iam_user_policies',
      'iam_group_members',
      'iam_groups',
    ]) {
      await db.schema.dropTable(table).execute();
    }
    await db.schema.dropIndex('iam_users_name_key').execute();
    await db.schema.alterTable('iam_users').dropColumn('tags').execute();
    await db.schema.alterTable('iam_users').dropColumn('path').execute();
  },
};
