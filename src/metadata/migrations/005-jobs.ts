// Background work shared by many nodes (issue 4): a job queue that exactly one node takes each job
// from, and the record of periodic schedules that exactly one node fires (src/jobs/).
// - jobs: `available_at` is when the row may next be claimed: for a pending job, when it may run; for
//   a running one, when its lease expires and another node may take it again. One column, one index:
//   the claim is an index range scan in claim order whatever the state.
// - Both partial indexes cover the jobs that still hold a slot (pending or running); failed jobs stay
//   for inspection but leave the claim order and release their dedupe key. The predicate is spelled
//   with literals, as the queries spell it (src/jobs/kysely-job-queue.ts), because neither SQLite nor
//   PostgreSQL can match a partial index against a bound parameter.
// - schedules: one row per periodic task, the next occurrence due; a restart reads it instead of
//   firing again early.
import { sql, type Kysely, type Migration } from 'kysely';
import { dialectTypes } from './dialect-types.js';

const holdsSlot = sql<boolean>`status in ('pending', 'running')`;

export const jobs: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const types = dialectTypes(db);
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'integer', types.autoId)
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('payload', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('dedupe_key', 'text')
      .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (column) => column.notNull())
      .addColumn('available_at', 'bigint', (column) => column.notNull())
      .addColumn('locked_by', 'text')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('jobs_claim_order').on('jobs').columns(['available_at', 'id']).where(holdsSlot).execute();
    await db.schema.createIndex('jobs_dedupe_key').on('jobs').column('dedupe_key').unique().where(holdsSlot).execute();

    await db.schema
      .createTable('schedules')
      .addColumn('name', 'text', (column) => column.primaryKey())
      .addColumn('next_run_at', 'bigint', (column) => column.notNull())
      .addColumn('last_run_at', 'bigint', (column) => column.notNull())
      .addColumn('last_node', 'text', (column) => column.notNull())
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('schedules').execute();
    await db.schema.dropTable('jobs').execute();
  },
};
