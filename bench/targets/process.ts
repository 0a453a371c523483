// Starting and stopping a server child process: free port, readiness, stop by pid.
// Every started pid is remembered so an interrupted run (Ctrl-C, a thrown error) still ends
// exactly the processes it started and nothing else.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { TargetName } from '../options.js';

export interface RunningTarget {
  name: TargetName;
  /** Human description, e.g. "CNCF Distribution 2.8.2". */
  label: string;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** Authorization header value every registry request must carry, if the target needs one. */
  authorization?: string;
  /** The registry's processes (one per node): their memory, summed, is the memory figure. */
  pids: number[];
  /**
   * Processes the target runs on besides the registry (database, object store, load balancer): their
   * CPU is the target's own, not background noise, but their memory is not the registry's.
   */
  helperPids: number[];
  /** Everything it printed (for error reports). */
  output(): string;
  stop(): Promise<void>;
}

const live = new Map<number, ChildProcess>();

function killAllSync(): void {
  for (const pid of live.keys()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
let handlersInstalled = false;

/** Installed on the first spawn, not at import: importing runBenchmarks() must not take over Ctrl-C. */
function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once('exit', killAllSync);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAllSync();
      process.exit(130);
    });
  }
}

/** Asks the kernel for a free loopback port (tiny race until the server binds it; fine here). */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

export interface SpawnedServer {
  child: ChildProcess;
  pid: number;
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** SIGTERM by pid, SIGKILL after 5 s. */
  stop(): Promise<void>;
}

export function spawnServer(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): SpawnedServer {
  installExitHandlers();
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  live.set(pid, child);
  let printed = '';
  // Keep only the tail: a chatty server must not grow the harness's own memory.
  const keep = (chunk: Buffer) => {
    printed = (printed + chunk.toString()).slice(-64 * 1024);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => {
    live.delete(pid);
    resolveExit();
  }));
  return {
    child,
    pid,
    output: () => printed,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // exited meanwhile
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits for a `listening on http://…` line (what Berth and the bare server print). */
export function waitForListening(server: SpawnedServer, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const check = () => {
      const match = /listening on (http:\/\/[^\s]+)/i.exec(server.output());
      if (match) {
        done();
        resolvePromise(match[1].replace(/\/$/, ''));
      }
    };
    const onExit = () => {
      done();
      reject(new Error(`exited before listening:\n${server.output()}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`not listening after ${timeoutMs / 1000} s:\n${server.output()}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      server.child.stdout!.off('data', check);
      server.child.stderr!.off('data', check);
      server.child.off('exit', onExit);
    };
    server.child.stdout!.on('data', check);
    server.child.stderr!.on('data', check);
    server.child.once('exit', onExit);
    check();
  });
}

/** Polls GET /v2/ until it answers 200 (the reference registry prints nothing useful at warn). */
export async function waitForV2(server: SpawnedServer, url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`exited with ${server.child.exitCode}:\n${server.output()}`);
    try {
      const response = await fetch(`${url}/v2/`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`GET /v2/ did not answer 200 within ${timeoutMs / 1000} s:\n${server.output()}`);
}
