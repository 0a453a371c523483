// What the SQLite opener promises beyond the contracts: databases of earlier releases migrate, and a
// database migrated by a newer build is refused.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { KyselyIdentityStore } from '../kysely-identity-store.js';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { MetadataSchemaTooNewError } from '../migrate.js';
import { migrationProvider } from '../migrations/index.js';
import { openSqliteDatabase } from './open-sqlite-database.js';

async function withDirectory(work: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-sqlite-open-'));
  try {
    await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('a database migrated by a newer build is refused', () =>
  withDirectory(async (dir) => {
    const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
    await sql`insert into kysely_migration (name, timestamp) values ('999-from-the-future', '2099-01-01T00:00:00.000Z')`.execute(database.db);
    await database.close();
    await assert.rejects(openSqliteDatabase(join(dir, 'metadata.sqlite')), (error: unknown) => {
      assert.ok(error instanceof MetadataSchemaTooNewError);
      assert.deepEqual(error.unknownMigrations, ['999-from-the-future']);
      return true;
    });
  }));

test('a database of the 003 schema with two default accounts migrates, keeping the oldest as the default', () =>
  withDirectory(async (dir) => {
    const path = join(dir, 'metadata.sqlite');
    const old = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(path) }) });
    const migrated = await new Migrator({ db: old, provider: migrationProvider }).migrateTo('003-ecr-repository-settings');
    assert.equal(migrated.error, undefined);
    await old
      .insertInto('accounts')
      .values([
        { id: '222222222222', name: 'default', is_default: 1, created_at: 2 },
        { id: '111111111111', name: 'default', is_default: 1, created_at: 1 },
        { id: '333333333333', name: 'other', is_default: 0, created_at: 3 },
      ])
      .execute();
    await old.destroy();

    const database = await openSqliteDatabase(path);
    try {
      assert.equal(await new KyselyMetadataStore(database.db).defaultAccountId(), '111111111111');
      const defaults = (await new KyselyIdentityStore(database.db).listAccounts()).filter((account) => account.isDefault);
      assert.deepEqual(
        defaults.map((account) => account.id),
        ['111111111111'],
      );
    } finally {
      await database.close();
    }
  }));
