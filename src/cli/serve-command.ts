// `berth serve`: starts the registry and prints what a newcomer needs to push a first image.
import type { Command } from 'commander';
import { createBerth } from '../app.js';
import { loadConfig, parseListen } from '../config/berth-config.js';
import { berthVersion } from './version.js';

interface ServeFlags {
  listen?: string;
  data?: string;
  config?: string;
  logLevel?: string;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the registry (embedded SQLite + filesystem by default)')
    .option('--listen <host:port>', 'address to listen on [env BERTH_LISTEN] (default 127.0.0.1:5000)')
    .option('--data <dir>', 'data directory of the embedded store [env BERTH_DATA_DIR] (default ./data)')
    .option('--config <file>', 'JSON configuration file [env BERTH_CONFIG]')
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace [env BERTH_LOG_LEVEL] (default info)')
    .action(async (flags: ServeFlags) => {
      const config = loadConfig({
        configFile: flags.config ?? process.env.BERTH_CONFIG,
        env: process.env,
        flags: { listen: flags.listen, dataDir: flags.data, logLevel: flags.logLevel },
      });
      const berth = await createBerth(config);
      const { host, port } = parseListen(config.listen);
      await berth.server.listen({ host, port });
      const address = berth.server.server.address();
      const boundPort = typeof address === 'object' && address ? address.port : port;
      printBanner(`${host.includes(':') ? `[${host}]` : host}:${boundPort}`, berth.storageDescription);

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

function printBanner(hostPort: string, storage: string): void {
  const lines = [
    `Berth ${berthVersion} is listening on http://${hostPort}`,
    `  storage: ${storage}`,
    `  authentication: none yet: anyone who reaches this address can push and pull`,
    '',
    'Push an image (plain HTTP, so tell clients not to insist on TLS):',
    `  skopeo copy --dest-tls-verify=false docker://docker.io/library/alpine:latest docker://${hostPort}/alpine:latest`,
    `  podman push --tls-verify=false alpine:latest ${hostPort}/alpine:latest`,
    `  docker tag alpine:latest ${hostPort}/alpine:latest && docker push ${hostPort}/alpine:latest`,
    'Pull it back:',
    `  skopeo inspect --tls-verify=false docker://${hostPort}/alpine:latest`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
