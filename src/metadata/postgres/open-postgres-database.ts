// The scale-out metadata database: PostgreSQL through `pg`, shared by any number of Berth nodes.
// Same schema, same migrations and same queries as SQLite; what is PostgreSQL's own is here (the
// pool, how values come back, migrating once when many nodes start together) and in
// ../serializable-transaction.ts (isolation of the ports' transactions).
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { assertSchemaNotNewer, migrateToLatest } from '../migrate.js';
import { migrationProvider } from '../migrations/index.js';
import type { MetadataDatabase } from '../metadata-database.js';
import type { MetadataSchema } from '../schema.js';

export interface PostgresDatabaseOptions {
  /** Connections this node opens to PostgreSQL at most (default 10). */
  maxConnections?: number;
  /**
   * Bring the schema to the latest migration this build knows (default true). With false the
   * database is only checked not to be newer than this build (MetadataSchemaTooNewError).
   */
  migrate?: boolean;
  /** An idle pooled connection failed (server restart, network); the pool replaces it. Default: ignored. */
  onConnectionError?: (error: Error) => void;
}

/**
 * Opens the database named by a libpq-style URL (`postgres://user:password@host:5432/db?sslmode=require`).
 * Refuses a schema newer than this build; otherwise migrates it to the latest, once however many nodes
 * start at the same time: the migrations run under a session-level advisory lock, so the first node
 * migrates and the others wait, then find nothing left to do.
 */
export async function openPostgresDatabase(connectionString: string, options: PostgresDatabaseOptions = {}): Promise<MetadataDatabase> {
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    types: metadataTypes,
    // Shown in pg_stat_activity; the URL's own application_name, if any, wins.
    application_name: 'berth',
  });
  pool.on('error', (error) => options.onConnectionError?.(error));
  const db = new Kysely<MetadataSchema>({ dialect: new PostgresDialect({ pool }) });
  try {
    await withMigrationLock(connectionString, async () => {
      await assertSchemaNotNewer(db, migrationProvider);
      if (options.migrate ?? true) await migrateToLatest(new Migrator({ db, provider: migrationProvider }));
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/**
 * Runs `work` holding the cluster-wide migration lock: a session-level advisory lock taken on a
 * connection of its own, so the pool stays free for the migrator. (Kysely's migrator takes an advisory
 * lock of its own around its transaction; this one also covers the schema check and the creation of
 * Kysely's bookkeeping tables, which run before it.) A node that dies while holding it releases it
 * with its session.
 */
async function withMigrationLock<T>(connectionString: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString, application_name: 'berth migrations' });
  client.on('error', () => undefined); // a lost lock connection frees the lock; the query in flight reports it
  await client.connect();
  try {
    await client.query(`select pg_advisory_lock(hashtextextended('berth metadata migrations', 0))`);
    return await work();
  } finally {
    await client.end().catch(() => undefined);
  }
}

const int8Oid = 20;
const numericOid = 1700;

/**
 * How column values come back. `pg` leaves 64-bit integers and NUMERIC as strings (they may not fit a
 * double); Berth's BIGINT columns hold epoch milliseconds and byte sizes, far inside 2^53, and COUNT()
 * is a BIGINT too, so the ports' numbers are parsed as numbers, and an unsafe value is an error rather
 * than a silently rounded one. BYTEA already comes back as a Buffer.
 */
const metadataTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary' && oid === int8Oid) return parseSafeInteger;
    if (format !== 'binary' && oid === numericOid) return parseNumeric;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

function parseSafeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`BIGINT ${text} is outside the safe integer range of JavaScript numbers`);
  return value;
}

function parseNumeric(text: string): number {
  const value = Number(text);
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) throw new RangeError(`NUMERIC ${text} is outside the safe integer range of JavaScript numbers`);
  return value;
}
