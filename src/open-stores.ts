// Part of the composition root: the one place a deployment's stores are chosen from configuration.
// Embedded default: SQLite and the filesystem under the data directory. Scale-out: PostgreSQL
// (`database`) and S3-compatible storage (`storage`), each independently.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BerthConfig } from './config/berth-config.js';
import type { MetadataDatabase } from './metadata/metadata-database.js';
import { openPostgresDatabase } from './metadata/postgres/open-postgres-database.js';
import { openSqliteDatabase } from './metadata/sqlite/open-sqlite-database.js';
import type { BlobStore } from './storage/blob-store.js';
import { FilesystemBlobStore } from './storage/filesystem/filesystem-blob-store.js';
import { S3BlobStore } from './storage/s3/s3-blob-store.js';
import { parseStorageUrl } from './storage/storage-url.js';

export interface BerthStores {
  database: MetadataDatabase;
  blobs: BlobStore;
  /** Local files: the SQLite database, filesystem blobs, keys, S3 spill files. */
  dataDir: string;
  /** For the start banner; never contains credentials. */
  describe: string;
  close(): Promise<void>;
}

export async function openStores(config: BerthConfig, options: { migrate?: boolean } = {}): Promise<BerthStores> {
  const dataDir = resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const database = config.database
    ? await openPostgresDatabase(config.database, { migrate: options.migrate ?? true })
    : await openSqliteDatabase(join(dataDir, 'metadata.sqlite'));
  const location = parseStorageUrl(config.storage ?? dataDir);
  const s3 = location.kind === 's3' ? await S3BlobStore.open({ ...location.options, spillDirectory: join(dataDir, 'spill') }) : undefined;
  const blobs = s3 ?? (await FilesystemBlobStore.open(resolve(location.kind === 'filesystem' ? location.root : dataDir)));
  const metadataText = config.database ? `PostgreSQL metadata at ${withoutPassword(config.database)}` : 'SQLite metadata';
  const blobText = s3 ? `S3 blobs in ${config.storage}` : `filesystem blobs`;
  return {
    database,
    blobs,
    dataDir,
    describe: `${metadataText} and ${blobText}; local files in ${dataDir}`,
    async close() {
      await s3?.close();
      await database.close();
    },
  };
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
