// Berth itself, started the way a user runs it: `node bin/berth.js serve` (needs `npm run build`).
// Extra args/env come from the options so other storage backends can be benched later.
//
// Auth: by default Berth runs with BERTH_AUTH=none, like the reference registry (which has no
// auth configured), so the comparison is like for like. `berthAuth: 'ecr'` keeps Berth's default
// ECR auth instead: the harness reads the root key Berth saved at first start, calls
// GetAuthorizationToken, and sends `Authorization: Basic <token>` on every registry request,
// which measures what token checking costs.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, type BenchOptions } from '../options.js';
import { ALL_REPOSITORIES } from '../repositories.js';
import { freePort, spawnServer, waitForListening, type RunningTarget } from './process.js';

export async function startBerth(options: BenchOptions): Promise<RunningTarget> {
  const dataDir = await mkdtemp(join(tmpdir(), 'berth-bench-'));
  const port = await freePort();
  const args = [join(repoRoot, 'bin/berth.js'), 'serve', '--listen', `127.0.0.1:${port}`, '--data', dataDir, ...options.berthArgs];
  // Log level warn, like the reference: per-request logging would be a cost neither one pays.
  const env = { ...process.env, BERTH_LOG_LEVEL: 'warn', BERTH_AUTH: options.berthAuth, ...options.berthEnv };
  const server = spawnServer(process.execPath, args, env, repoRoot);
  const cleanUp = async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await waitForListening(server);
    const authorization = env.BERTH_AUTH === 'ecr' ? await ecrAuthorization(url, dataDir) : undefined;
    const extras = [...options.berthArgs, ...Object.entries(options.berthEnv).map(([k, v]) => `${k}=${v}`)];
    return {
      name: 'berth',
      label: `Berth ${sourceVersion()} (node ${process.version}, auth ${env.BERTH_AUTH}${extras.length ? `, ${extras.join(' ')}` : ''})`,
      url,
      pid: server.pid,
      authorization,
      output: server.output,
      stop: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw new Error(`berth: ${(error as Error).message}`);
  }
}

/** The commit the build came from (+"-dirty" with uncommitted changes): Berth changes daily. */
function sourceVersion(): string {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown commit';
  }
}

/**
 * Basic credentials from ECR's GetAuthorizationToken, as `aws ecr get-login-password` gets them;
 * also creates the benchmark's repositories, which ECR auth requires before a push.
 */
async function ecrAuthorization(url: string, dataDir: string): Promise<string> {
  const saved = await readFile(join(dataDir, 'root-credentials'), 'utf8');
  const field = (name: string) => new RegExp(`^${name}\\s*=\\s*(\\S+)`, 'm').exec(saved)?.[1];
  const accessKeyId = field('aws_access_key_id');
  const secretAccessKey = field('aws_secret_access_key');
  if (!accessKeyId || !secretAccessKey) throw new Error(`no root key in ${dataDir}/root-credentials`);
  // Loaded only here: the SDK is a devDependency and takes a moment to import.
  const { CreateRepositoryCommand, ECRClient, GetAuthorizationTokenCommand } = await import('@aws-sdk/client-ecr');
  const ecr = new ECRClient({ endpoint: url, region: field('region') ?? 'us-east-1', credentials: { accessKeyId, secretAccessKey } });
  try {
    const output = await ecr.send(new GetAuthorizationTokenCommand({})).catch((error: Error) => {
      throw new Error(`ECR GetAuthorizationToken at ${url} failed: ${error.message}`);
    });
    const token = output.authorizationData?.[0]?.authorizationToken;
    if (!token) throw new Error('GetAuthorizationToken returned no token');
    for (const repositoryName of ALL_REPOSITORIES) {
      await ecr.send(new CreateRepositoryCommand({ repositoryName })).catch((error: Error) => {
        throw new Error(`ECR CreateRepository ${repositoryName} at ${url} failed: ${error.message}`);
      });
    }
    return `Basic ${token}`;
  } finally {
    ecr.destroy();
  }
}
