// CNCF Distribution (Debian's docker-registry), the reference implementation, configured like a
// plain self-hosted install: filesystem storage, delete enabled, in-memory blob descriptor cache
// (Debian's default config has it), no auth, log level warn with the access log off.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnServer, waitForV2, type RunningTarget } from './process.js';

export const REFERENCE_BINARY = 'docker-registry';

export function referenceVersion(): string {
  try {
    // Prints e.g. "docker-registry github.com/docker/distribution 2.8.2+ds1".
    const printed = execFileSync(REFERENCE_BINARY, ['--version'], { encoding: 'utf8', env: cleanEnv() }).trim();
    return printed.split(/\s+/).pop() ?? printed;
  } catch {
    return 'unknown';
  }
}

/** Distribution reads every REGISTRY_* variable as config (REGISTRY_AUTH_FILE would turn auth on). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('REGISTRY_')));
}

export async function startReference(): Promise<RunningTarget> {
  const workDir = await mkdtemp(join(tmpdir(), 'reference-bench-'));
  const storage = join(workDir, 'storage');
  const port = await freePort();
  const config = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  cache:',
    '    blobdescriptor: inmemory',
    '  filesystem:',
    `    rootdirectory: ${storage}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    // Without a secret it logs a warning at start (uploads' state tokens are signed with it).
    `  secret: ${randomBytes(16).toString('hex')}`,
    // The periodic storage health check would add background disk work to the measurements.
    'health:',
    '  storagedriver:',
    '    enabled: false',
    '',
  ].join('\n');
  const configPath = join(workDir, 'config.yml');
  await writeFile(configPath, config);
  const server = spawnServer(REFERENCE_BINARY, ['serve', configPath], cleanEnv());
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForV2(server, url);
  } catch (error) {
    await server.stop();
    await rm(workDir, { recursive: true, force: true });
    throw new Error(`reference: ${(error as Error).message}`);
  }
  return {
    name: 'reference',
    label: `CNCF Distribution ${referenceVersion()}`,
    url,
    pids: [server.pid],
    helperPids: [],
    output: server.output,
    async stop() {
      await server.stop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
