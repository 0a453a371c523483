// Starts the real `berth serve` as a child process on a free loopback port, the way a user runs it,
// and stops it by process id. Black-box suites talk to it over HTTP only.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const berthBin = join(repoRoot, 'bin/berth.js');

export interface BerthProcess {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** host:port, as skopeo and docker name the registry */
  host: string;
  dataDir: string;
  child: ChildProcess;
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
}

export async function startBerth(options: StartBerthOptions = {}): Promise<BerthProcess> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'berth-test-')));
  const listen = `127.0.0.1:${options.port ?? 0}`;
  const child = spawn(process.execPath, [berthBin, 'serve', '--listen', listen, '--data', dataDir, ...(options.args ?? [])], {
    env: { ...process.env, BERTH_LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
    child,
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
