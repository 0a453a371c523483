// Brings a database to the newest schema this build knows, and refuses one that is newer.
import { DEFAULT_MIGRATION_TABLE, type Kysely, type MigrationProvider, type Migrator } from 'kysely';

export async function migrateToLatest(migrator: Migrator): Promise<void> {
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`metadata migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
}

/** The database was migrated by a newer Berth: this build must not serve it (nor "repair" it). */
export class MetadataSchemaTooNewError extends Error {
  constructor(readonly unknownMigrations: string[]) {
    super(
      `the metadata database has migrations this build of Berth does not know (${unknownMigrations.join(', ')}): ` +
        'a newer version migrated it; run that version or a later one',
    );
    this.name = 'MetadataSchemaTooNewError';
  }
}

/**
 * Throws MetadataSchemaTooNewError when the database records migrations the provider does not have.
 * Nodes of a rolling upgrade run two builds on one database: the older ones must stop rather than
 * write rows the newer schema no longer means. A database never migrated passes.
 */
export async function assertSchemaNotNewer(db: Kysely<any>, provider: MigrationProvider): Promise<void> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((table) => table.name === DEFAULT_MIGRATION_TABLE)) return;
  const executed = await db.selectFrom(DEFAULT_MIGRATION_TABLE).select('name').execute();
  const known = new Set(Object.keys(await provider.getMigrations()));
  const unknown = executed.map((row) => String(row.name)).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new MetadataSchemaTooNewError(unknown.sort());
}
