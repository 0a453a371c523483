// What ECR keeps about repositories and images beyond the registry core: tag mutability (with
// exclusion filters), scan-on-push, encryption, resource tags, account settings, and per-image
// facts DescribeImages reports (image size, config media type).
import type { Kysely, Migration } from 'kysely';

export const ecrRepositorySettings: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('repositories').addColumn('image_tag_mutability', 'text', (column) => column.notNull().defaultTo('MUTABLE')).execute();
    await db.schema.alterTable('repositories').addColumn('tag_mutability_exclusions', 'text').execute();
    await db.schema.alterTable('repositories').addColumn('scan_on_push', 'integer', (column) => column.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('repositories').addColumn('encryption_type', 'text', (column) => column.notNull().defaultTo('AES256')).execute();
    await db.schema.alterTable('repositories').addColumn('kms_key', 'text').execute();

    await db.schema.alterTable('manifests').addColumn('image_size_bytes', 'bigint', (column) => column.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('manifests').addColumn('config_media_type', 'text').execute();

    await db.schema
      .createTable('repository_resource_tags')
      .addColumn('repository_id', 'integer', (column) => column.notNull().references('repositories.id').onDelete('cascade'))
      .addColumn('key', 'text', (column) => column.notNull())
      .addColumn('value', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('repository_resource_tags_pk', ['repository_id', 'key'])
      .execute();

    await db.schema
      .createTable('account_settings')
      .addColumn('account_id', 'text', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('value', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('account_settings_pk', ['account_id', 'name'])
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('account_settings').execute();
    await db.schema.dropTable('repository_resource_tags').execute();
    for (const column of ['image_size_bytes', 'config_media_type']) await db.schema.alterTable('manifests').dropColumn(column).execute();
    for (const column of ['image_tag_mutability', 'tag_mutability_exclusions', 'scan_on_push', 'encryption_type', 'kms_key']) {
      await db.schema.alterTable('repositories').dropColumn(column).execute();
    }
  },
};
