// ECR's two resource policies (docs/policies.md): one repository policy per repository, removed with
// it, and one registry policy per account. The documents are stored as their authors wrote them
// (GetRepositoryPolicy and GetRegistryPolicy give them back); they are parsed when written, to refuse
// bad ones, and again, once per distinct text, by the authorizer (src/access/).
import type { Kysely, Migration } from 'kysely';

export const resourcePolicies: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('repository_policies')
      .addColumn('repository_id', 'integer', (column) => column.primaryKey().references('repositories.id').onDelete('cascade'))
      .addColumn('policy_text', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();

    await db.schema
      .createTable('registry_policies')
      .addColumn('account_id', 'text', (column) => column.primaryKey().references('accounts.id').onDelete('cascade'))
      .addColumn('policy_text', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('registry_policies').execute();
    await db.schema.dropTable('repository_policies').execute();
  },
};
