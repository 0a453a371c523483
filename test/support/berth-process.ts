// Starts the real `berth serve` as a child process on a free loopback port, the way a user runs it,
// and stops it by process id. Black-box suites talk to it over HTTP only.
//
// BERTH_TEST_BACKEND=scale-out runs every such Berth on PostgreSQL + S3 instead of the embedded store
// (see test/support/scale-out-backend.ts); `storeEnv` then carries the settings that reach those
// stores, for `berth admin` commands a suite runs beside the server.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scaleOutStoreEnv, testBackend, trackBerthProcess } from './scale-out-backend.js';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const berthBin = join(repoRoot, 'bin/berth.js');

export interface BerthProcess {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** host:port, as skopeo and docker name the registry */
  host: string;
  dataDir: string;
  /**
   * The environment that, with `--data dataDir`, reaches this server's stores: empty on the embedded
   * store; BERTH_DATABASE, BERTH_STORAGE, BERTH_MASTER_KEY and the S3 key with BERTH_TEST_BACKEND=scale-out.
   */
  storeEnv: Record<string, string>;
  child: ChildProcess;
  /** The default account's root key, when started with `auth: true`. */
  credentials?: RootCredentials;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Stops the process (SIGTERM, then SIGKILL) and removes the data directory unless keepData. */
  stop(options?: { keepData?: boolean }): Promise<void>;
  /** SIGKILL, as a crash would; keeps the data directory. */
  kill(): Promise<void>;
}

export interface StartBerthOptions {
  /** Reuse a data directory (for restart tests); a fresh temporary one otherwise. */
  dataDir?: string;
  /** Extra CLI arguments after `serve`. */
  args?: string[];
  env?: Record<string, string>;
  /** Listen on this port instead of a free one (restart tests keep the port). */
  port?: number;
  /**
   * Run with ECR authentication (SigV4 API, Basic tokens on /v2/), seeded with `credentials` for the
   * default account's root. Off by default: the OCI conformance suites run anonymous.
   */
  auth?: boolean;
}

export interface RootCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A fresh root key in AWS's shapes, for seeding through BERTH_ROOT_ACCESS_KEY_ID/…SECRET… */
export function newTestCredentials(): RootCredentials {
  const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const id = Array.from(randomBytes(16), (byte) => base32[byte % 32]).join('');
  return { accessKeyId: `AKIA${id}`, secretAccessKey: randomBytes(30).toString('base64') };
}

export async function startBerth(options: StartBerthOptions = {}): Promise<BerthProcess> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'berth-test-')));
  const listen = `127.0.0.1:${options.port ?? 0}`;
  const credentials = options.auth ? newTestCredentials() : undefined;
  const authEnv: Record<string, string> = credentials
    ? { BERTH_AUTH: 'ecr', BERTH_ROOT_ACCESS_KEY_ID: credentials.accessKeyId, BERTH_ROOT_SECRET_ACCESS_KEY: credentials.secretAccessKey }
    : { BERTH_AUTH: 'none' };
  // A caller that chooses its own stores (the multi-node suite) keeps them on either backend.
  const ownStores = (options.args ?? []).some((arg) => arg === '--database' || arg === '--storage');
  const storeEnv = testBackend() === 'scale-out' && !ownStores ? await scaleOutStoreEnv(dataDir) : {};
  const child = spawn(process.execPath, [berthBin, 'serve', '--listen', listen, '--data', dataDir, ...(options.args ?? [])], {
    env: { ...process.env, BERTH_LOG_LEVEL: 'warn', ...storeEnv, ...authEnv, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackBerthProcess(child);
  let printed = '';
  child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));

  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`berth did not start in 20 s:\n${printed}`)), 20_000);
    const onData = () => {
      const match = /listening on (http:\/\/[^\s]+)/i.exec(printed);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1].replace(/\/$/, ''));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`berth exited with ${code} before listening:\n${printed}`));
    });
  });

  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return {
    url,
    host: new URL(url).host,
    dataDir,
    storeEnv,
    child,
    ...(credentials && { credentials }),
    output: () => printed,
    async stop(stopOptions = {}) {
      await stopWith('SIGTERM');
      if (!stopOptions.keepData && !options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
    async kill() {
      await stopWith('SIGKILL');
    },
  };
}
