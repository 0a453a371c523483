// The registry core: accounts, repositories, blobs and their visibility, manifests, tags, uploads.
import type { Kysely, Migration } from 'kysely';
import { dialectTypes } from './dialect-types.js';

export const registryCore: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const types = dialectTypes(db);
    await db.schema
      .createTable('accounts')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('is_default', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();

    await db.schema
      .createTable('repositories')
      .addColumn('id', 'integer', types.autoId)
      .addColumn('registry_id', 'text', (column) => column.notNull().references('accounts.id'))
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addUniqueConstraint('repositories_registry_name', ['registry_id', 'name'])
      .execute();

    await db.schema
      .createTable('blobs')
      .addColumn('digest', 'text', (column) => column.primaryKey())
      .addColumn('size_bytes', 'bigint', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();

    await db.schema
      .createTable('repository_blobs')
      .addColumn('repository_id', 'integer', (column) => column.notNull().references('repositories.id').onDelete('cascade'))
      .addColumn('digest', 'text', (column) => column.notNull().references('blobs.digest'))
      .addColumn('linked_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('repository_blobs_pk', ['repository_id', 'digest'])
      .execute();
    await db.schema.createIndex('repository_blobs_digest').on('repository_blobs').column('digest').execute();

    await db.schema
      .createTable('manifests')
      .addColumn('repository_id', 'integer', (column) => column.notNull().references('repositories.id').onDelete('cascade'))
      .addColumn('digest', 'text', (column) => column.notNull())
      .addColumn('media_type', 'text', (column) => column.notNull())
      .addColumn('size_bytes', 'bigint', (column) => column.notNull())
      .addColumn('content', types.bytes, (column) => column.notNull())
      .addColumn('artifact_type', 'text')
      .addColumn('subject_digest', 'text')
      .addColumn('annotations', 'text')
      .addColumn('pushed_at', 'bigint', (column) => column.notNull())
      .addColumn('last_pulled_at', 'bigint')
      .addPrimaryKeyConstraint('manifests_pk', ['repository_id', 'digest'])
      .execute();
    await db.schema.createIndex('manifests_subject').on('manifests').columns(['repository_id', 'subject_digest']).execute();

    await db.schema
      .createTable('manifest_references')
      .addColumn('repository_id', 'integer', (column) => column.notNull())
      .addColumn('manifest_digest', 'text', (column) => column.notNull())
      .addColumn('referenced_digest', 'text', (column) => column.notNull())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('manifest_references_pk', ['repository_id', 'manifest_digest', 'referenced_digest'])
      .addForeignKeyConstraint('manifest_references_manifest', ['repository_id', 'manifest_digest'], 'manifests', ['repository_id', 'digest'], (constraint) =>
        constraint.onDelete('cascade'),
      )
      .execute();
    await db.schema
      .createIndex('manifest_references_referenced')
      .on('manifest_references')
      .columns(['referenced_digest', 'repository_id'])
      .execute();

    await db.schema
      .createTable('tags')
      .addColumn('repository_id', 'integer', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('manifest_digest', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('tags_pk', ['repository_id', 'name'])
      .addForeignKeyConstraint('tags_manifest', ['repository_id', 'manifest_digest'], 'manifests', ['repository_id', 'digest'], (constraint) =>
        constraint.onDelete('cascade'),
      )
      .execute();
    await db.schema.createIndex('tags_manifest').on('tags').columns(['repository_id', 'manifest_digest']).execute();

    await db.schema
      .createTable('upload_sessions')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('repository_id', 'integer', (column) => column.notNull().references('repositories.id').onDelete('cascade'))
      .addColumn('algorithm', 'text', (column) => column.notNull())
      .addColumn('started_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const table of ['upload_sessions', 'tags', 'manifest_references', 'manifests', 'repository_blobs', 'blobs', 'repositories', 'accounts']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
