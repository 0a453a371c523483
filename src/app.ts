// The composition root: the only place that reads configuration, chooses adapters and wires services.
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { BerthConfig } from './config/berth-config.js';
import { createServer } from './http/server.js';
import type { MetadataStore } from './metadata/metadata-store.js';
import { KyselyMetadataStore } from './metadata/kysely-metadata-store.js';
import { openSqliteDatabase } from './metadata/sqlite/open-sqlite-database.js';
import { createRegistryServices, type RegistryServices } from './registry/registry-services.js';
import { FilesystemBlobStore } from './storage/filesystem/filesystem-blob-store.js';

export interface Berth {
  config: BerthConfig;
  logger: Logger;
  server: FastifyInstance;
  services: RegistryServices;
  /** A description of the stores in use, for the start banner. */
  storageDescription: string;
  close(): Promise<void>;
}

export function createLogger(level: BerthConfig['logLevel']): Logger {
  return pino({
    level,
    // Credentials never reach a log line, whatever a future log call passes in.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.secretAccessKey', '*.password'], censor: '[redacted]' },
  });
}

export async function createBerth(config: BerthConfig, logger: Logger = createLogger(config.logLevel)): Promise<Berth> {
  const dataDir = resolve(config.dataDir);
  const database = await openSqliteDatabase(join(dataDir, 'metadata.sqlite'));
  const metadata: MetadataStore = new KyselyMetadataStore(database.db);
  const blobStore = await FilesystemBlobStore.open(dataDir);
  const services = createRegistryServices(metadata, blobStore, {
    maxManifestBytes: config.maxManifestBytes,
    createRepositoryOnPush: config.createRepositoryOnPush,
  });
  const defaultAccount = await metadata.defaultAccountId();
  const server = createServer({
    logger,
    services,
    registryIdFor: async () => defaultAccount,
    rateLimit: config.rateLimit,
  });
  return {
    config,
    logger,
    server,
    services,
    storageDescription: `SQLite metadata and filesystem blobs in ${dataDir}`,
    async close() {
      await server.close();
      await database.close();
    },
  };
}
