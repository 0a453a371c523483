// The embedded metadata database: SQLite through better-sqlite3, in WAL mode so readers never wait
// for the writer. synchronous=FULL: an acknowledged manifest PUT survives a power cut, not just a crash.
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, SqliteDialect, type Driver } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { assertSchemaNotNewer, migrateToLatest } from '../migrate.js';
import { migrationProvider } from '../migrations/index.js';
import type { MetadataDatabase } from '../metadata-database.js';
import type { MetadataSchema } from '../schema.js';

export async function openSqliteDatabase(path: string): Promise<MetadataDatabase> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  // Another process (a CLI command while the server runs) may hold the write lock briefly.
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<MetadataSchema>({ dialect: new ImmediateTransactionsDialect({ database }) });
  try {
    await assertSchemaNotNewer(db, migrationProvider);
    await migrateToLatest(new Migrator({ db, provider: migrationProvider }));
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * Transactions begin IMMEDIATE: they take the write lock up front, waiting `busy_timeout` for it. A
 * deferred transaction (SQLite's default) that reads and then writes while another process committed
 * in between fails at once with SQLITE_BUSY_SNAPSHOT instead of waiting; with a CLI command (`berth gc`,
 * `berth lifecycle run`) working beside the server that would be an error users see.
 */
class ImmediateTransactionsDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}
