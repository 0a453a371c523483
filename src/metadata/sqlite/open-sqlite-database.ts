// The embedded metadata database: SQLite through better-sqlite3, in WAL mode so readers never wait
// for the writer. synchronous=FULL: an acknowledged manifest PUT survives a power cut, not just a crash.
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
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
  const db = new Kysely<MetadataSchema>({ dialect: new SqliteDialect({ database }) });
  try {
    await assertSchemaNotNewer(db, migrationProvider);
    await migrateToLatest(new Migrator({ db, provider: migrationProvider }));
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}
