// A throwaway PostgreSQL for tests: initdb in a temporary directory, one postmaster on a free port of
// 127.0.0.1 (no Unix socket), trust authentication, durability off (fsync, full pages) because nothing
// here must survive the test run. One server per test process, one database per suite or per test.
// The binaries come from /usr/lib/postgresql/15/bin or `pg_config --bindir`; when missing and running
// as root on Debian, apt installs `postgresql`; otherwise the suites are skipped with a loud notice,
// except under CI=true, where a missing PostgreSQL is a failure.
// PostgreSQL refuses to run as root: as root the server runs as the `postgres` user (created as a
// system user if the package did not), spawned with that uid so the pid we hold is the postmaster's.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { MetadataDatabase } from '../metadata-database.js';

export interface PostgresServer {
  readonly port: number;
  /** The postmaster's; every backend is its child. */
  readonly pid: number;
  /** A new empty database; its URL (`postgres://berth@127.0.0.1:PORT/NAME`). */
  createDatabase(): Promise<string>;
  /** Drops a database made by createDatabase, closing whatever connections remain. */
  dropDatabase(url: string): Promise<void>;
  /** Stops the postmaster (by pid) and removes its directory. */
  stop(): Promise<void>;
}

export class PostgresUnavailableError extends Error {}

/**
 * A contract suite's database: created on the suite's first test, then emptied for every other one
 * (TRUNCATE … RESTART IDENTITY, tens of milliseconds, where a new database costs hundreds). `open`
 * is the adapter's opener, so every test still goes through its migration check.
 */
export function suiteDatabase(server: PostgresServer, open: (url: string) => Promise<MetadataDatabase>): () => Promise<MetadataDatabase> {
  let url: Promise<string> | undefined;
  return async () => {
    const fresh = url === undefined;
    url ??= server.createDatabase();
    const database = await open(await url);
    if (!fresh) await truncateAll(await url);
    return database;
  };
}

async function truncateAll(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `select quote_ident(tablename) as name from pg_tables where schemaname = current_schema() and tablename not like 'kysely\\_%'`,
    );
    if (rows.length > 0) await client.query(`truncate table ${rows.map((row) => row.name).join(', ')} restart identity cascade`);
  } finally {
    await client.end();
  }
}

const preferredBinDir = '/usr/lib/postgresql/15/bin';
const superuser = 'berth';
const readyTimeoutMs = 30_000;

/** For test files: the server, or `skip` with the reason after a loud notice (never under CI=true). */
export async function startPostgresServerOrSkip(): Promise<{ server?: PostgresServer; skip: string | false }> {
  try {
    return { server: await startPostgresServer(), skip: false };
  } catch (error) {
    if (!(error instanceof PostgresUnavailableError)) throw error;
    const reason = `SKIPPED: ${error.message}`;
    if (process.env.CI === 'true') throw new Error(`CI=true forbids skipping: ${reason}`);
    console.error(`\n*** ${reason} ***\n`);
    return { skip: reason };
  }
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const binDir = findBinDir() ?? (installPostgres() && findBinDir());
  if (!binDir) {
    throw new PostgresUnavailableError(`needs PostgreSQL 15 (initdb, postgres) in ${preferredBinDir} or pg_config --bindir (apt package: postgresql); run as root on Debian to install it`);
  }
  const owner = process.getuid?.() === 0 ? systemUser('postgres') : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'berth-postgres-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const dataDir = join(dir, 'data');
  const run = spawnSync(join(binDir, 'initdb'), ['-D', dataDir, '-U', superuser, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'], {
    ...(owner && { uid: owner.uid, gid: owner.gid }),
    env: serverEnv(),
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${run.stderr || run.error?.message}`);
  }
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const started = await startPostmaster({ binDir, dataDir, logPath: join(dir, 'postgres.log'), port, owner });
      if (started) return serverHandle(started, port, dir);
      // Another process took the port between our probe and the postmaster's bind: try another.
      if (attempt === 3) throw new Error(`postgres did not start:\n${readFileSync(join(dir, 'postgres.log'), 'utf8').slice(-2000)}`);
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

interface PostmasterOptions {
  binDir: string;
  dataDir: string;
  logPath: string;
  port: number;
  owner?: { uid: number; gid: number };
}

/** The running postmaster, or undefined when it exited before accepting connections (port taken). */
async function startPostmaster({ binDir, dataDir, logPath, port, owner }: PostmasterOptions): Promise<ChildProcess | undefined> {
  const log = openSync(logPath, 'a');
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    shared_buffers: '16MB',
    max_connections: '200',
    // Serializable transactions of the concurrency tests take many predicate locks at once.
    max_pred_locks_per_transaction: '256',
  };
  const args = ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
  const child = spawn(join(binDir, 'postgres'), args, {
    ...(owner && { uid: owner.uid, gid: owner.gid }),
    env: serverEnv(),
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + readyTimeoutMs;
  while (!exited) {
    const client = new pg.Client({ host: '127.0.0.1', port, user: superuser, database: 'postgres' });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      const stopOnExit = () => child.kill('SIGQUIT');
      process.once('exit', stopOnExit);
      child.once('exit', () => process.off('exit', stopOnExit));
      return child;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`postgres on port ${port} was not ready within ${readyTimeoutMs} ms:\n${readFileSync(logPath, 'utf8').slice(-2000)}`);
      }
      await delay(50);
    }
  }
  return undefined;
}

function serverHandle(postmaster: ChildProcess, port: number, dir: string): PostgresServer {
  const admin = new pg.Client({ host: '127.0.0.1', port, user: superuser, database: 'postgres' });
  admin.on('error', () => undefined);
  const adminReady = admin.connect();
  let databases = 0;
  let icu = true;
  const url = (name: string) => `postgres://${superuser}@127.0.0.1:${port}/${name}`;
  return {
    port,
    pid: postmaster.pid!,
    async createDatabase() {
      await adminReady;
      const name = `berth_test_${++databases}_${randomBytes(3).toString('hex')}`;
      // A locale whose order is not byte order ('B' sorts after 'a'), so the suites prove the schema
      // asks for byte order itself rather than inheriting it from a C-locale database.
      if (icu) {
        try {
          await admin.query(`create database "${name}" template template0 encoding 'UTF8' locale_provider icu icu_locale 'en-US'`);
          return url(name);
        } catch {
          icu = false; // a build without ICU: the cluster's own locale
        }
      }
      await admin.query(`create database "${name}" template template0 encoding 'UTF8'`);
      return url(name);
    },
    async dropDatabase(databaseUrl) {
      await adminReady;
      const name = new URL(databaseUrl).pathname.slice(1);
      await admin.query(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
    },
    async stop() {
      await admin.end().catch(() => undefined);
      if (postmaster.exitCode === null && postmaster.signalCode === null) {
        const exited = new Promise((resolve) => postmaster.once('exit', resolve));
        postmaster.kill('SIGINT'); // fast shutdown: roll back sessions, stop
        const timer = setTimeout(() => postmaster.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function findBinDir(): string | undefined {
  const hasServer = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'));
  if (hasServer(preferredBinDir)) return preferredBinDir;
  const configured = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const dir = configured.status === 0 ? configured.stdout.trim() : '';
  if (!dir || !hasServer(dir)) return undefined;
  const version = spawnSync(join(dir, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout ?? '';
  const major = Number(/(\d+)(?:\.\d+)?/.exec(version)?.[1]);
  // ICU locales per database and the SQL the suites use need 15 or later.
  return major >= 15 ? dir : undefined;
}

/** apt-get install postgresql, as root on Debian only; true when it ran. */
function installPostgres(): boolean {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return false;
  const options = { stdio: 'ignore' as const, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  try {
    execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], options);
  } catch {
    execFileSync('apt-get', ['update', '-qq'], options);
    execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], options);
  }
  return true;
}

/** The uid and gid of a system user, created when absent (the Debian package creates `postgres`). */
function systemUser(name: string): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync('id', [flag, name], { encoding: 'utf8' });
  if (id('-u').status !== 0) execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name], { stdio: 'ignore' });
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

/** The environment without libpq and locale settings of whoever runs the tests. */
function serverEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PG') && !name.startsWith('LC_')));
  return { ...env, LANG: 'C' };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
