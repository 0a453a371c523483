// Every migration, in order. Names sort; never rename or edit a released one, add the next instead.
import type { Migration, MigrationProvider } from 'kysely';
import { registryCore } from './001-registry-core.js';

const migrations: Record<string, Migration> = {
  '001-registry-core': registryCore,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
