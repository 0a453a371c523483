// ECR Public (src/public-registry/): registry aliases, registry and repository catalog data, repository
// policies. Public repositories themselves are rows of `repositories` in one registry, `ecr-public`
// (public-repository-name.ts), whose `accounts` row the store creates on first start — not here, so
// that a database migrated but never served lists only real accounts.
// - public_registry_aliases: an alias names one account, across the deployment (the primary key); an
//   account has at most one default alias (a partial unique index, spelled with a literal as the
//   inserts' ON CONFLICT needs no target).
// - catalog data and policies hang off their repository and go with it (ON DELETE CASCADE; SQLite
//   runs with foreign_keys=ON).
// - architectures and operating systems are JSON lists of strings: the gallery filters on exact
//   values, which a LIKE over the JSON text (`%"x86-64"%`) finds on both dialects.
import { sql, type Kysely, type Migration } from 'kysely';
import { dialectTypes } from './dialect-types.js';

export const ecrPublic: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const types = dialectTypes(db);
    await db.schema
      .createTable('public_registry_aliases')
      .addColumn('name', types.byteOrderedText, (column) => column.primaryKey())
      .addColumn('account_id', types.byteOrderedText, (column) => column.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('is_primary', 'integer', (column) => column.notNull())
      .addColumn('is_default', 'integer', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('public_registry_aliases_account').on('public_registry_aliases').column('account_id').execute();
    await db.schema
      .createIndex('public_registry_aliases_one_default')
      .on('public_registry_aliases')
      .column('account_id')
      .unique()
      .where(sql<boolean>`is_default = 1`)
      .execute();

    await db.schema
      .createTable('public_registry_catalog_data')
      .addColumn('account_id', types.byteOrderedText, (column) => column.primaryKey().references('accounts.id').onDelete('cascade'))
      .addColumn('display_name', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();

    await db.schema
      .createTable('public_repository_catalog_data')
      .addColumn('repository_id', 'integer', (column) => column.primaryKey().references('repositories.id').onDelete('cascade'))
      .addColumn('description', 'text')
      .addColumn('about_text', 'text')
      .addColumn('usage_text', 'text')
      .addColumn('architectures', 'text', (column) => column.notNull())
      .addColumn('operating_systems', 'text', (column) => column.notNull())
      .addColumn('logo', types.bytes)
      .addColumn('logo_media_type', 'text')
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();

    await db.schema
      .createTable('public_repository_policies')
      .addColumn('repository_id', 'integer', (column) => column.primaryKey().references('repositories.id').onDelete('cascade'))
      .addColumn('policy_text', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const table of ['public_repository_policies', 'public_repository_catalog_data', 'public_registry_catalog_data', 'public_registry_aliases']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
