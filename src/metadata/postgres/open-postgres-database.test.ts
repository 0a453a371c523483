// What the PostgreSQL opener adds to the contracts: migrating once when nodes start together,
// refusing a newer schema, the ports' value types, and listings that are index range scans.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { KyselyMetadataStore } from '../kysely-metadata-store.js';
import { KyselyRepositoryCatalog } from '../kysely-repository-catalog.js';
import { MetadataSchemaTooNewError } from '../migrate.js';
import { migrationProvider } from '../migrations/index.js';
import type { MetadataSchema } from '../schema.js';
import { startPostgresServerOrSkip } from '../testing/postgres-server.js';
import { storeBlob } from '../testing/records.js';
import { openPostgresDatabase } from './open-postgres-database.js';

const { server, skip } = await startPostgresServerOrSkip();
after(() => server?.stop());

describe('openPostgresDatabase', { skip }, () => {
  test('nodes opening a new database together migrate it once', async () => {
    const url = await server!.createDatabase();
    const databases = await Promise.all(Array.from({ length: 5 }, () => openPostgresDatabase(url, { maxConnections: 2 })));
    try {
      const executed = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(databases[0].db);
      assert.deepEqual(
        executed.rows.map((row) => row.name),
        Object.keys(await migrationProvider.getMigrations()).sort(),
      );
      const ids = await Promise.all(databases.map((database) => new KyselyMetadataStore(database.db).defaultAccountId()));
      assert.equal(new Set(ids).size, 1, 'and agree on one default account');
    } finally {
      await Promise.all(databases.map((database) => database.close()));
    }
  });

  test('a database migrated by a newer build is refused, with or without migrating', async () => {
    const url = await server!.createDatabase();
    const database = await openPostgresDatabase(url);
    await sql`insert into kysely_migration (name, timestamp) values ('999-from-the-future', '2099-01-01T00:00:00.000Z')`.execute(database.db);
    await database.close();
    for (const migrate of [true, false]) {
      await assert.rejects(openPostgresDatabase(url, { migrate }), (error: unknown) => {
        assert.ok(error instanceof MetadataSchemaTooNewError);
        assert.deepEqual(error.unknownMigrations, ['999-from-the-future']);
        return true;
      });
    }
  });

  test('BIGINT and counts come back as numbers, BYTEA as a Buffer; an unsafe BIGINT is an error', async () => {
    const database = await openPostgresDatabase(await server!.createDatabase());
    try {
      const store = new KyselyMetadataStore(database.db);
      const repository = await store.ensureRepository(await store.defaultAccountId(), 'app', Date.UTC(2030, 0, 1));
      const sizeBytes = 5 * 2 ** 30; // past 2^32
      await storeBlob(store, repository.id, { digest: `sha256:${'a'.repeat(64)}`, sizeBytes }, 1);
      assert.deepEqual(await store.findRepositoryBlob(repository.id, `sha256:${'a'.repeat(64)}`), { digest: `sha256:${'a'.repeat(64)}`, sizeBytes });
      assert.equal(repository.createdAt, Date.UTC(2030, 0, 1));
      assert.equal(await new KyselyRepositoryCatalog(database.db).countManifests(repository.id), 0);
      const row = await sql<{ total: unknown; count: unknown; bytes: unknown }>`select sum(size_bytes) as total, count(*) as count, '\\x0102'::bytea as bytes from blobs`.execute(database.db);
      assert.deepEqual(row.rows[0], { total: sizeBytes, count: 1, bytes: Buffer.from([1, 2]) });
      await assert.rejects(sql`select 9007199254740993::bigint as too_big`.execute(database.db), RangeError);
    } finally {
      await database.close();
    }
  });

  test('listings are index range scans in byte order: no sort, whatever the database locale', async () => {
    const url = await server!.createDatabase();
    const database = await openPostgresDatabase(url);
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const queries: CompiledQuery[] = [];
    const recording = new Kysely<MetadataSchema>({
      dialect: new PostgresDialect({ pool }),
      log: (event) => void (event.level === 'query' && queries.push(event.query)),
    });
    try {
      const account = await new KyselyMetadataStore(database.db).defaultAccountId();
      await sql`insert into repositories (registry_id, name, created_at) select ${account}, 'repo-' || n, 0 from generate_series(1, 5000) n`.execute(database.db);
      const repository = await new KyselyMetadataStore(database.db).ensureRepository(account, 'repo-1', 0);
      await sql`insert into manifests (repository_id, digest, media_type, size_bytes, content, pushed_at)
        select ${repository.id}, 'sha256:' || md5(n::text) || md5(n::text), 'm', 1, '\\x00'::bytea, n from generate_series(1, 5000) n`.execute(database.db);
      await sql`insert into tags (repository_id, name, manifest_digest, updated_at) select repository_id, 'v' || pushed_at, digest, 0 from manifests`.execute(database.db);
      await sql`analyze`.execute(database.db);

      const store = new KyselyMetadataStore(recording);
      const catalog = new KyselyRepositoryCatalog(recording);
      assert.deepEqual(await store.listRepositoryNames(account, { after: 'repo-4999', limit: 3 }), ['repo-5', 'repo-50', 'repo-500']);
      await catalog.listRepositories(account, { after: 'repo-2', limit: 100 });
      await store.listTags(repository.id, { after: 'v2', limit: 100 });
      await catalog.listImages(repository.id, { tagStatus: 'ANY', afterDigest: 'sha256:8', limit: 100 });
      await store.findTaggedManifest(repository.id, 'v42');
      // The tags of a page of images are a lookup of up to `limit` digests, sorted after: not a listing.
      const listings = queries.filter((query) => !query.sql.includes('"manifest_digest" in'));
      assert.equal(listings.length, 5);
      for (const query of listings) {
        const [{ 'QUERY PLAN': plan }] = (await pool.query(`explain (format json) ${query.sql}`, [...query.parameters])).rows;
        const nodeTypes = [...JSON.stringify(plan).matchAll(/"Node Type":"([^"]+)"/g)].map((match) => match[1]);
        assert.deepEqual(
          nodeTypes.filter((type) => /Sort|Seq Scan/.test(type)),
          [],
          `${query.sql.slice(0, 200)}: ${nodeTypes.join(' > ')}`,
        );
      }
    } finally {
      await recording.destroy();
      await database.close();
    }
  });
});
