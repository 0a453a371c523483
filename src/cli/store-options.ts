// The store options every command that touches data takes (`serve`'s --data/--database/--storage/
// --config), so `admin` and `migrate` reach exactly the stores the server uses.
import type { Command } from 'commander';
import { loadConfig } from '../config/berth-config.js';

export interface StoreFlags {
  data?: string;
  database?: string;
  storage?: string;
  config?: string;
}

/** The store options `serve` takes, so a command reaches the same stores as the server. */
export function withStoreOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'data directory of the embedded store and local files [env BERTH_DATA_DIR] (default ./data)')
    .option('--database <url>', 'metadata database, postgres://… [env BERTH_DATABASE] (default SQLite in the data directory)')
    .option('--storage <url>', 'blob storage: a path or s3://bucket/prefix?endpoint=… [env BERTH_STORAGE] (default the data directory)')
    .option('--config <file>', 'JSON configuration file [env BERTH_CONFIG]');
}

export function storeConfig(flags: StoreFlags) {
  return loadConfig({
    configFile: flags.config ?? process.env.BERTH_CONFIG,
    env: process.env,
    flags: { dataDir: flags.data, database: flags.database, storage: flags.storage },
  });
}

