// The registry the e2e suites drive, and a skopeo runner with a timeout that shows stderr on failure.
//
// BERTH_E2E_TARGET=berth (default) starts the real `berth serve` (test/support/berth-process.ts).
// BERTH_E2E_TARGET=distribution starts the reference registry (CNCF Distribution, Debian package
// docker-registry) instead, to check that a test's expectations are what a reference registry does.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBerth } from '../support/berth-process.js';
import { requirePrograms } from '../support/system-tools.js';

export type TargetKind = 'berth' | 'distribution';

export interface RegistryTarget {
  kind: TargetKind;
  /** http://127.0.0.1:port */
  url: string;
  /** 127.0.0.1:port, as skopeo names the registry */
  host: string;
  output(): string;
  stop(): Promise<void>;
}

export function targetKind(): TargetKind {
  const kind = process.env.BERTH_E2E_TARGET ?? 'berth';
  if (kind !== 'berth' && kind !== 'distribution') throw new Error(`BERTH_E2E_TARGET must be berth or distribution, not ${kind}`);
  return kind;
}

/** Skip reason for the target's own programs (none for Berth). */
export function targetSkipReason(): string | undefined {
  return targetKind() === 'distribution' ? requirePrograms({ 'docker-registry': 'docker-registry' }) : undefined;
}

export async function startTarget(): Promise<RegistryTarget> {
  if (targetKind() === 'distribution') return startDistribution();
  const berth = await startBerth();
  return {
    kind: 'berth',
    url: berth.url,
    host: berth.host,
    output: () => berth.output(),
    stop: () => berth.stop(),
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function startDistribution(): Promise<RegistryTarget> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-distribution-'));
  const port = await freePort();
  const config = join(dir, 'config.yml');
  await writeFile(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      '',
    ].join('\n'),
  );
  // Distribution reads every REGISTRY_* variable as configuration; give it none.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('REGISTRY_')));
  const child: ChildProcess = spawn('docker-registry', ['serve', config], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}:\n${printed}`);
    const ok = await fetch(`${url}/v2/`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`docker-registry did not answer /v2/ in 20 s:\n${printed}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    kind: 'distribution',
    url,
    host: `127.0.0.1:${port}`,
    output: () => printed,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// skopeo

export interface SkopeoResult {
  command: string;
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

export interface Skopeo {
  /** Runs skopeo; throws (with the command, exit code, stderr and the registry's log tail) unless it exits 0. */
  (args: string[], options?: { timeoutMs?: number }): Promise<SkopeoResult>;
  /** Runs skopeo and returns whatever happened (for commands expected to fail). */
  attempt(args: string[], options?: { timeoutMs?: number }): Promise<SkopeoResult>;
}

/**
 * A skopeo runner isolated from the machine's configuration: its own trust policy (accept anything)
 * and an empty auth file, so no stray credentials or signature policy change what is tested.
 */
export async function makeSkopeo(target: RegistryTarget, workDir: string): Promise<Skopeo> {
  const policy = join(workDir, 'policy.json');
  const auth = join(workDir, 'auth.json');
  await writeFile(policy, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
  await writeFile(auth, JSON.stringify({ auths: {} }));
  const env = { ...process.env, REGISTRY_AUTH_FILE: auth };

  const attempt = (args: string[], options: { timeoutMs?: number } = {}) =>
    new Promise<SkopeoResult>((resolveRun, reject) => {
      const fullArgs = ['--policy', policy, ...args];
      const command = `skopeo ${fullArgs.join(' ')}`;
      const child = spawn('skopeo', fullArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timeoutMs = options.timeoutMs ?? 120_000;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        if (timedOut) stderr += `\n[harness] killed after ${timeoutMs} ms`;
        resolveRun({ command, code: timedOut ? null : code, stdout: Buffer.concat(out), stderr });
      });
    });

  const run = (async (args: string[], options: { timeoutMs?: number } = {}) => {
    const result = await attempt(args, options);
    if (result.code !== 0) {
      const log = target.output().split('\n').slice(-40).join('\n');
      throw new Error(
        `${result.command}\nexited ${result.code ?? 'by timeout'}\n--- skopeo stderr ---\n${result.stderr.slice(-6000)}\n--- ${target.kind} log (tail) ---\n${log}`,
      );
    }
    return result;
  }) as Skopeo;
  run.attempt = attempt;
  return run;
}
