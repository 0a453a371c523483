// What online garbage collection asks of the schema (issue 6; the reasoning is in
// docs/garbage-collection.md):
// - blobs.state: 'live', or 'deleting' while a collector removes the bytes. A deleting blob is linked
//   nowhere and nothing may link it again; its row goes once the bytes are gone.
// - blobs.incarnation: a random token, new whenever a collector marks the blob. An upload claims the
//   blob before it publishes the bytes and links it afterwards only if the token is still the one it
//   claimed: a collection that started in between (and may have deleted the fresh bytes) is detected,
//   however many times the row was deleted and claimed again meanwhile.
// - blobs.touched_at: the last claim or link. The grace period counts from here; a blob touched within
//   it is never a candidate, whatever references it lacks.
// - The candidate scan walks blobs in digest order (the primary key) and probes
//   manifest_references_referenced for each; the partial index below finds blobs a stopped run left
//   'deleting' without scanning the live ones.
import { sql, type Kysely, type Migration } from 'kysely';

export const garbageCollection: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('blobs').addColumn('state', 'text', (column) => column.notNull().defaultTo('live')).execute();
    await db.schema.alterTable('blobs').addColumn('incarnation', 'text', (column) => column.notNull().defaultTo('initial')).execute();
    await db.schema.alterTable('blobs').addColumn('touched_at', 'bigint', (column) => column.notNull().defaultTo(0)).execute();
    await sql`update blobs set touched_at = coalesce((select max(linked_at) from repository_blobs where repository_blobs.digest = blobs.digest), created_at)`.execute(db);
    await db.schema.createIndex('blobs_deleting').on('blobs').column('digest').where(sql.ref('state'), '=', sql.lit('deleting')).execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('blobs_deleting').execute();
    for (const column of ['touched_at', 'incarnation', 'state']) await db.schema.alterTable('blobs').dropColumn(column).execute();
  },
};
