// Lifecycle policies (ECR's PutLifecyclePolicy …, docs/lifecycle.md):
// - lifecycle_policies: one policy per repository, its text exactly as put, and when it last ran.
// - lifecycle_previews / lifecycle_preview_results: the latest preview of each repository (ECR keeps
//   one: a new one replaces it, and only one may be in progress), its results in a fixed order
//   (`position`) so GetLifecyclePolicyPreview pages with an index range scan.
// All three go with their repository (ON DELETE CASCADE, and explicitly in deleteRepository).
// - lifecycle_audit: every image a lifecycle run expired and the rule that did it. Keyed by registry
//   and repository name, not id: the record outlives the repository.
import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import { dialectTypes } from './dialect-types.js';

export const lifecycle: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const types = dialectTypes(db);
    const repository = (column: ColumnDefinitionBuilder) => column.notNull().references('repositories.id').onDelete('cascade');

    await db.schema
      .createTable('lifecycle_policies')
      .addColumn('repository_id', 'integer', (column) => repository(column).primaryKey())
      .addColumn('policy_text', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addColumn('last_evaluated_at', 'bigint')
      .execute();

    await db.schema
      .createTable('lifecycle_previews')
      .addColumn('repository_id', 'integer', (column) => repository(column).primaryKey())
      .addColumn('preview_id', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('policy_text', 'text', (column) => column.notNull())
      .addColumn('job_id', 'integer')
      .addColumn('started_at', 'bigint', (column) => column.notNull())
      .addColumn('completed_at', 'bigint')
      .addColumn('expiring_image_count', 'integer')
      .addColumn('expiring_bytes', 'bigint')
      .addColumn('failure', 'text')
      .execute();

    await db.schema
      .createTable('lifecycle_preview_results')
      .addColumn('repository_id', 'integer', (column) => repository(column))
      .addColumn('position', 'integer', (column) => column.notNull())
      .addColumn('image_digest', types.byteOrderedText, (column) => column.notNull())
      .addColumn('image_tags', 'text', (column) => column.notNull())
      .addColumn('image_pushed_at', 'bigint', (column) => column.notNull())
      .addColumn('applied_rule_priority', 'integer', (column) => column.notNull())
      .addPrimaryKeyConstraint('lifecycle_preview_results_pk', ['repository_id', 'position'])
      .execute();
    await db.schema.createIndex('lifecycle_preview_results_digest').on('lifecycle_preview_results').columns(['repository_id', 'image_digest']).execute();

    await db.schema
      .createTable('lifecycle_audit')
      .addColumn('id', 'integer', types.autoId)
      .addColumn('registry_id', types.byteOrderedText, (column) => column.notNull())
      .addColumn('repository_name', types.byteOrderedText, (column) => column.notNull())
      .addColumn('image_digest', types.byteOrderedText, (column) => column.notNull())
      .addColumn('image_tags', 'text', (column) => column.notNull())
      .addColumn('image_pushed_at', 'bigint', (column) => column.notNull())
      .addColumn('applied_rule_priority', 'integer', (column) => column.notNull())
      .addColumn('rule_description', 'text')
      .addColumn('expired_at', 'bigint', (column) => column.notNull())
      .addColumn('run_id', 'text', (column) => column.notNull())
      .addColumn('initiated_by', 'text', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('lifecycle_audit_repository').on('lifecycle_audit').columns(['registry_id', 'repository_name', 'id']).execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const table of ['lifecycle_audit', 'lifecycle_preview_results', 'lifecycle_previews', 'lifecycle_policies']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
