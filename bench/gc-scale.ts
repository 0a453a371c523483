// Garbage collection at scale (issue 6): a metadata store with 1,000,000 blob records, most referenced
// by manifests, some not, then a dry run (the whole candidate scan) and a real collection, timed, on
// SQLite and on PostgreSQL. The records are written straight into the schema (pushing a million
// blobs would measure pushes); the bytes are not there, so the deletes measure the store's cheapest
// case (removing an absent file) and the figures are the metadata's cost.
//
//   node dist/bench/gc-scale.js [--blobs 1000000] [--unreferenced 0.1] [--backend sqlite|postgres|both]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { GarbageCollector } from '../src/gc/garbage-collector.js';
import { describeProgress, throttledProgress } from '../src/gc/progress-report.js';
import { KyselyBlobCollection } from '../src/metadata/kysely-blob-collection.js';
import { KyselyMetadataStore } from '../src/metadata/kysely-metadata-store.js';
import type { MetadataDatabase } from '../src/metadata/metadata-database.js';
import { openPostgresDatabase } from '../src/metadata/postgres/open-postgres-database.js';
import type { MetadataSchema } from '../src/metadata/schema.js';
import { openSqliteDatabase } from '../src/metadata/sqlite/open-sqlite-database.js';
import { startPostgresServer } from '../src/metadata/testing/postgres-server.js';
import { FilesystemBlobStore } from '../src/storage/filesystem/filesystem-blob-store.js';

const { values } = parseArgs({
  options: {
    blobs: { type: 'string', default: '1000000' },
    unreferenced: { type: 'string', default: '0.1' },
    backend: { type: 'string', default: 'both' },
  },
});
const totalBlobs = Number(values.blobs);
const unreferencedShare = Number(values.unreferenced);
const layersPerManifest = 100;
const day = 86_400_000;

const digestOf = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

/** Blobs 0..N-1, all old; the first (1 - share) are referenced, `layersPerManifest` per manifest. */
async function populate(db: Kysely<MetadataSchema>): Promise<void> {
  const metadata = new KyselyMetadataStore(db);
  const repository = await metadata.ensureRepository(await metadata.defaultAccountId(), 'scale', 0);
  const referenced = Math.round(totalBlobs * (1 - unreferencedShare));
  const long = Date.now() - 30 * day;
  const batch = 1000;
  for (let start = 0; start < totalBlobs; start += batch) {
    const ns = Array.from({ length: Math.min(batch, totalBlobs - start) }, (_, i) => start + i);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('blobs')
        .values(ns.map((n) => ({ digest: digestOf(n), size_bytes: 1000 + (n % 5000), created_at: long, touched_at: long, incarnation: 'initial' })))
        .execute();
      await trx
        .insertInto('repository_blobs')
        .values(ns.map((n) => ({ repository_id: repository.id, digest: digestOf(n), linked_at: long })))
        .execute();
      const manifests = ns.filter((n) => n < referenced && n % layersPerManifest === 0);
      if (manifests.length > 0) {
        await trx
          .insertInto('manifests')
          .values(
            manifests.map((n) => ({
              repository_id: repository.id,
              digest: digestOf(totalBlobs + n),
              media_type: 'application/vnd.oci.image.manifest.v1+json',
              size_bytes: 2,
              content: Buffer.from('{}'),
              artifact_type: null,
              subject_digest: null,
              annotations: null,
              pushed_at: long,
              last_pulled_at: null,
              image_size_bytes: 0,
              config_media_type: null,
            })),
          )
          .execute();
      }
      const references = ns.filter((n) => n < referenced);
      if (references.length > 0) {
        await trx
          .insertInto('manifest_references')
          .values(
            references.map((n) => ({
              repository_id: repository.id,
              manifest_digest: digestOf(totalBlobs + n - (n % layersPerManifest)),
              referenced_digest: digestOf(n),
              kind: 'blob' as const,
            })),
          )
          .execute();
      }
    });
    if ((start / batch) % 100 === 0) process.stderr.write(`  populated ${start + ns.length} / ${totalBlobs} blob records\r`);
  }
  process.stderr.write(`  populated ${totalBlobs} blob records (${referenced} referenced)            \n`);
}

async function measure(name: string, database: MetadataDatabase, dir: string): Promise<void> {
  console.log(`\n${name}: ${totalBlobs} blob records, ${Math.round(totalBlobs * unreferencedShare)} unreferenced`);
  await populate(database.db);
  const blobs = await FilesystemBlobStore.open(join(dir, 'blobs'));
  const collector = new GarbageCollector(new KyselyBlobCollection(database.db), blobs);
  const onProgress = throttledProgress(2000, (progress) => process.stderr.write(`  ${describeProgress(progress)}\n`));
  for (const dryRun of [true, false]) {
    const result = await collector.collect({ graceMs: day, dryRun, onProgress });
    const rate = Math.round(result.candidates / (result.durationMs / 1000));
    console.log(
      `  ${dryRun ? 'dry run   ' : 'collection'}: ${(result.durationMs / 1000).toFixed(1)} s, ${result.candidates} candidates, ${result.deleted} deleted (${rate}/s), ${result.remaining.blobs} blobs remain`,
    );
  }
}

const backends = values.backend === 'both' ? ['sqlite', 'postgres'] : [values.backend!];
for (const backend of backends) {
  const dir = await mkdtemp(join(tmpdir(), 'berth-gc-scale-'));
  try {
    if (backend === 'sqlite') {
      const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
      await measure('SQLite', database, dir).finally(() => database.close());
    } else {
      const server = await startPostgresServer();
      try {
        const database = await openPostgresDatabase(await server.createDatabase());
        await measure('PostgreSQL 15', database, dir).finally(() => database.close());
      } finally {
        await server.stop();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
