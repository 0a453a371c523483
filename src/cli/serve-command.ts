// `berth serve`: starts the registry and prints what a newcomer needs to push a first image.
import type { Command } from 'commander';
import { createBerth } from '../app.js';
import { loadConfig, parseListen } from '../config/berth-config.js';
import { resolve } from 'node:path';
import { ensureRootKey, type RootKeyOutcome } from './root-credentials.js';
import { withStoreOptions, type StoreFlags } from './store-options.js';
import { berthVersion } from './version.js';

interface ServeFlags extends StoreFlags {
  listen?: string;
  logLevel?: string;
}

export function registerServeCommand(program: Command): void {
  withStoreOptions(program.command('serve').description('run the registry (embedded SQLite + filesystem by default)'))
    .option('--listen <host:port>', 'address to listen on [env BERTH_LISTEN] (default 127.0.0.1:5000)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace [env BERTH_LOG_LEVEL] (default info)')
    .action(async (flags: ServeFlags) => {
      const config = loadConfig({
        configFile: flags.config ?? process.env.BERTH_CONFIG,
        env: process.env,
        flags: { listen: flags.listen, dataDir: flags.data, database: flags.database, storage: flags.storage, logLevel: flags.logLevel },
      });
      const berth = await createBerth(config);
      const rootKey = await ensureRootKey(berth.identity, { env: process.env, dataDir: resolve(config.dataDir), region: config.region });
      const { host, port } = parseListen(config.listen);
      await berth.server.listen({ host, port });
      const address = berth.server.server.address();
      const boundPort = typeof address === 'object' && address ? address.port : port;
      const account = await berth.identity.defaultAccount();
      printBanner({
        hostPort: `${host.includes(':') ? `[${host}]` : host}:${boundPort}`,
        storage: berth.storageDescription,
        accountId: account.id,
        region: config.region,
        dataDir: resolve(config.dataDir),
        rootKey,
        anonymous: config.auth === 'none',
      });

      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        berth.logger.info({ signal }, 'shutting down');
        await berth.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });
}

interface Banner {
  hostPort: string;
  storage: string;
  accountId: string;
  region: string;
  dataDir: string;
  rootKey: RootKeyOutcome;
  /** /v2/ without authentication (the ECR API always verifies signatures). */
  anonymous: boolean;
}

function printBanner(banner: Banner): void {
  const { hostPort, rootKey } = banner;
  const url = `http://${hostPort}`;
  const aws = `aws --endpoint-url ${url} --region ${banner.region}`;
  const lines = [`Berth ${berthVersion} is listening on ${url}`, `  storage: ${banner.storage}`, `  account: ${banner.accountId} (region ${banner.region})`];
  if (rootKey.created) {
    lines.push('', 'Root access key of the account (shown once; also saved, readable only by you, to', `  ${rootKey.savedTo}):`);
    lines.push(`  export AWS_ACCESS_KEY_ID=${rootKey.created.accessKeyId}`, `  export AWS_SECRET_ACCESS_KEY=${rootKey.created.secretAccessKey}`);
  } else if (rootKey.seeded) {
    lines.push('  credentials: the root key given in BERTH_ROOT_ACCESS_KEY_ID / BERTH_ROOT_SECRET_ACCESS_KEY');
  } else {
    lines.push('  credentials: the root key saved at the first start; to use it:');
    lines.push(`  export AWS_SHARED_CREDENTIALS_FILE=${banner.dataDir}/root-credentials AWS_PROFILE=berth`);
  }
  lines.push('', 'Push an image (plain HTTP, so tell clients not to insist on TLS):');
  if (banner.anonymous) {
    lines.push('  (/v2/ runs without authentication: anyone who reaches this address can push and pull)');
  } else {
    lines.push(`  ${aws} ecr get-login-password | skopeo login --tls-verify=false --username AWS --password-stdin ${hostPort}`);
  }
  lines.push(`  skopeo copy --dest-tls-verify=false docker://docker.io/library/alpine:latest docker://${hostPort}/alpine:latest`);
  lines.push('Manage it with the AWS CLI:');
  lines.push(`  ${aws} ecr describe-repositories`, `  ${aws} ecr describe-images --repository-name alpine`, '');
  process.stdout.write(lines.join('\n') + '\n');
}
