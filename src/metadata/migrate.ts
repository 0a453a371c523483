// Brings a database to the newest schema this build knows.
import type { Migrator } from 'kysely';

export async function migrateToLatest(migrator: Migrator): Promise<void> {
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`metadata migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
}
