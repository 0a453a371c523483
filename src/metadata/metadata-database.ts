// An open metadata database: the Kysely handle every store adapter queries, and how to close it.
import type { Kysely } from 'kysely';
import type { MetadataSchema } from './schema.js';

export interface MetadataDatabase {
  db: Kysely<MetadataSchema>;
  dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}
