// Berth itself, started the way a user runs it: `node bin/berth.js serve` (needs `npm run build`).
// This file starts the embedded default (SQLite + filesystem); scale-out.ts starts nodes on
// PostgreSQL + S3. Extra args/env from the options apply to every node.
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

/** A `berth serve` process on a free port, with its own data directory. */
export interface BerthNode {
  url: string;
  pid: number;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts one node: the run's --berth-arg/--berth-env come after `args`/`env`, so they win. */
export async function startBerthNode(options: BenchOptions, extra: { args?: string[]; env?: Record<string, string> } = {}): Promise<BerthNode> {
  const dataDir = await mkdtemp(join(tmpdir(), 'berth-bench-'));
  const port = await freePort();
  const args = [join(repoRoot, 'bin/berth.js'), 'serve', '--listen', `127.0.0.1:${port}`, '--data', dataDir, ...(extra.args ?? []), ...options.berthArgs];
  // Log level warn, like the reference: per-request logging would be a cost neither one pays.
  const env = { ...process.env, BERTH_LOG_LEVEL: 'warn', BERTH_AUTH: options.berthAuth, ...extra.env, ...options.berthEnv };
  const server = spawnServer(process.execPath, args, env, repoRoot);
  const stop = async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    return { url: await waitForListening(server), pid: server.pid, dataDir, output: server.output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The embedded default: one node, SQLite and the filesystem under its data directory. */
export async function startBerth(options: BenchOptions): Promise<RunningTarget> {
  let node: BerthNode | undefined;
  try {
    node = await startBerthNode(options);
    const authorization = await berthAuthorization(options, node.url, node.dataDir);
    return {
      name: 'berth',
      label: `${berthLabel(options)}, embedded SQLite + filesystem`,
      url: node.url,
      pids: [node.pid],
      helperPids: [],
      authorization,
      output: node.output,
      stop: node.stop,
    };
  } catch (error) {
    await node?.stop();
    throw new Error(`berth: ${(error as Error).message}`);
  }
}

/** "Berth <commit> (node v20…, auth none, extra settings)". */
export function berthLabel(options: BenchOptions): string {
  const extras = [...options.berthArgs, ...Object.entries(options.berthEnv).map(([k, v]) => `${k}=${v}`)];
  return `Berth ${sourceVersion()} (node ${process.version}, auth ${options.berthEnv.BERTH_AUTH ?? options.berthAuth}${extras.length ? `, ${extras.join(' ')}` : ''})`;
}

/** The Basic token to send with ECR auth (repositories created too), or undefined without auth. */
export async function berthAuthorization(options: BenchOptions, url: string, dataDir: string): Promise<string | undefined> {
  return (options.berthEnv.BERTH_AUTH ?? options.berthAuth) === 'ecr' ? ecrAuthorization(url, dataDir) : undefined;
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
