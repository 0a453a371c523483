// What running on PostgreSQL and many nodes asks of the schema (issue 4):
// - Byte-ordered text on PostgreSQL. Listings page with `name > $after ORDER BY name`; both must use
//   one order, byte order (the distribution spec's "lexical", ECR's), and the index must be in that
//   order too, or every page is a sort of the whole repository. Declaring the columns `COLLATE "C"`
//   gets all three at once: comparisons, ORDER BY and the primary key / unique indexes follow the
//   column's collation, so no query spells a collation and every listing is an index range scan. (A
//   `COLLATE "C"` in the queries instead would leave the indexes in the database's locale order.)
//   SQLite's BINARY default is byte order already: nothing to change there.
// - Exactly one default account: a partial unique index, so nodes starting together cannot create
//   two (the insert of the loser is an ON CONFLICT DO NOTHING). Databases that already have several
//   keep the oldest, the one `defaultAccountId` has always returned.
// - Upload sessions by repository (deleting a repository, its ON DELETE CASCADE) and by age (the sweep
//   of abandoned uploads): the only lookups of a table that grows with traffic without an index.
import { sql, type Kysely, type Migration, type RawBuilder } from 'kysely';
import { dialectTypes, isPostgres } from './dialect-types.js';

/**
 * Every identifier, name and digest column: the ones listed, paged or compared with `>`, and the ones
 * joined or referenced with them, so that no join compares two collations and every index compares
 * bytes (memcmp, cheaper than a locale's rules). Media types, JSON and secrets are never compared.
 */
const byteOrderedColumns: Record<string, string[]> = {
  accounts: ['id'],
  repositories: ['registry_id', 'name'],
  repository_resource_tags: ['key'],
  account_settings: ['account_id', 'name'],
  blobs: ['digest'],
  repository_blobs: ['digest'],
  manifests: ['digest', 'subject_digest'],
  manifest_references: ['manifest_digest', 'referenced_digest'],
  tags: ['name', 'manifest_digest'],
  upload_sessions: ['id'],
  iam_users: ['account_id', 'user_name', 'user_id'],
  access_keys: ['access_key_id', 'account_id', 'user_name'],
};

export const scaleOut: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    if (isPostgres(db)) {
      const { byteOrderedText } = dialectTypes(db);
      for (const [table, columns] of Object.entries(byteOrderedColumns)) await alterColumnTypes(db, table, columns, byteOrderedText);
    }

    const oldestDefault = await db.selectFrom('accounts').select('id').where('is_default', '=', 1).orderBy('created_at').orderBy('id').executeTakeFirst();
    if (oldestDefault) await db.updateTable('accounts').set({ is_default: 0 }).where('is_default', '=', 1).where('id', '<>', oldestDefault.id).execute();
    await db.schema.createIndex('accounts_one_default').on('accounts').column('is_default').unique().where('is_default', '=', 1).execute();

    await db.schema.createIndex('upload_sessions_repository').on('upload_sessions').column('repository_id').execute();
    await db.schema.createIndex('upload_sessions_updated_at').on('upload_sessions').column('updated_at').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('upload_sessions_updated_at').execute();
    await db.schema.dropIndex('upload_sessions_repository').execute();
    await db.schema.dropIndex('accounts_one_default').execute();
    if (isPostgres(db)) {
      for (const [table, columns] of Object.entries(byteOrderedColumns)) await alterColumnTypes(db, table, columns, sql`text`);
    }
  },
};

/** One ALTER TABLE per table: PostgreSQL rewrites the table and its indexes once. */
async function alterColumnTypes(db: Kysely<any>, table: string, columns: string[], type: RawBuilder<unknown>): Promise<void> {
  await sql`alter table ${sql.table(table)} ${sql.join(columns.map((column) => sql`alter column ${sql.ref(column)} type ${type}`))}`.execute(db);
}
