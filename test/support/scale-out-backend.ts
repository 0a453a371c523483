// The scale-out backend of the black-box suites: with BERTH_TEST_BACKEND=scale-out, startBerth runs
// Berth on PostgreSQL + S3 (s3rver) instead of the embedded SQLite + filesystem store.
//
// One throwaway PostgreSQL and one s3rver per test process, started on the first startBerth and
// shared by every later one; each data directory gets its own database and its own key prefix in
// the bucket, so a restart on the same data directory finds the same stores again. The servers are
// stopped (by pid, through their handles) in a root-level `after` hook, once the file's own hooks
// have run; Berth processes still running then are stopped first.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { after } from 'node:test';
import { startPostgresServer, type PostgresServer } from '../../src/metadata/testing/postgres-server.js';
import { startS3Server, type S3TestServer } from '../../src/storage/testing/s3-server.js';

export type TestBackend = 'embedded' | 'scale-out';

export function testBackend(): TestBackend {
  const backend = process.env.BERTH_TEST_BACKEND || 'embedded';
  if (backend !== 'embedded' && backend !== 'scale-out') throw new Error(`BERTH_TEST_BACKEND must be embedded or scale-out, not ${backend}`);
  return backend;
}

interface Servers {
  postgres: PostgresServer;
  s3: S3TestServer;
}

let servers: Promise<Servers> | undefined;
/** Data directory → the environment that reaches its stores. */
const storesByDataDir = new Map<string, Promise<Record<string, string>>>();
const berthProcesses = new Set<ChildProcess>();
let prefixes = 0;

async function startServers(): Promise<Servers> {
  const [postgres, s3] = await Promise.allSettled([startPostgresServer(), startS3Server()]);
  if (postgres.status === 'fulfilled' && s3.status === 'fulfilled') return { postgres: postgres.value, s3: s3.value };
  if (postgres.status === 'fulfilled') await postgres.value.stop();
  if (s3.status === 'fulfilled') await s3.value.stop();
  throw postgres.status === 'rejected' ? postgres.reason : (s3 as PromiseRejectedResult).reason;
}

/** BERTH_DATABASE, BERTH_STORAGE, BERTH_MASTER_KEY and the S3 key for this data directory's stores. */
export function scaleOutStoreEnv(dataDir: string): Promise<Record<string, string>> {
  const key = resolve(dataDir);
  let stores = storesByDataDir.get(key);
  if (!stores) {
    stores = (async () => {
      servers ??= startServers();
      const { postgres, s3 } = await servers;
      const prefix = `berth-${++prefixes}-${randomBytes(4).toString('hex')}`;
      return {
        BERTH_DATABASE: await postgres.createDatabase(),
        BERTH_STORAGE: `s3://${s3.bucket}/${prefix}?endpoint=${s3.endpoint}&region=${s3.region}&forcePathStyle=true`,
        BERTH_MASTER_KEY: randomBytes(32).toString('base64'),
        AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      };
    })();
    storesByDataDir.set(key, stores);
    stores.catch(() => storesByDataDir.delete(key));
  }
  return stores;
}

/** Remembers a Berth child so that the teardown can stop it before the servers it uses. */
export function trackBerthProcess(child: ChildProcess): void {
  berthProcesses.add(child);
  child.once('exit', () => berthProcesses.delete(child));
}

/** Stops what the scale-out backend started in this process: Berth processes left running, then PostgreSQL and s3rver. */
export async function stopTestBackend(): Promise<void> {
  if (!servers) return;
  const started = servers;
  servers = undefined;
  storesByDataDir.clear();
  await Promise.all(
    [...berthProcesses].map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }),
  );
  const { postgres, s3 } = await started.catch(() => ({ postgres: undefined, s3: undefined }));
  await Promise.all([postgres?.stop(), s3?.stop()]);
}

// Registered at import, i.e. on the file's root test: runs after every suite of the file.
if (testBackend() === 'scale-out') after(stopTestBackend);
