// `berth migrate`: brings the metadata database to this build's schema, explicitly (operators who
// upgrade a fleet run it once before rolling new nodes; `serve` also migrates on start and refuses
// a schema newer than it knows).
import type { Command } from 'commander';
import { openStores } from '../open-stores.js';
import { storeConfig, withStoreOptions, type StoreFlags } from './store-options.js';

export function registerMigrateCommand(program: Command): void {
  withStoreOptions(program.command('migrate').description('migrate the metadata database to the schema of this version')).action(
    async (flags: StoreFlags) => {
      const config = storeConfig(flags);
      const stores = await openStores(config, { migrate: true });
      await stores.close();
      process.stdout.write(`metadata schema is current (${config.database ? 'PostgreSQL' : 'SQLite'})\n`);
    },
  );
}
