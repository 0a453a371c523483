// HAProxy (Debian's haproxy package) in front of several Berth nodes, as a deployment's load balancer:
// HTTP mode, round robin per request (an HTTP-mode proxy balances every request, not every
// connection, unless told to stick), keep-alive on both sides, no logging, no health checks (they
// would add requests the nodes must answer during the measurements). Run in the foreground (-db)
// so that it is our child and is stopped by pid like every other server.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort, spawnServer, type SpawnedServer } from './process.js';

export const LOAD_BALANCER_BINARY = 'haproxy';

export interface LoadBalancer {
  url: string;
  pid: number;
  /** e.g. "HAProxy 2.6.12". */
  label: string;
  output(): string;
  stop(): Promise<void>;
}

function haproxyVersion(): string {
  try {
    const printed = execFileSync(LOAD_BALANCER_BINARY, ['-v'], { encoding: 'utf8' });
    return /version (\S+)/i.exec(printed)?.[1] ?? 'unknown';
  } catch {
    throw new Error(`${LOAD_BALANCER_BINARY} is not installed (apt-get install haproxy)`);
  }
}

/** Starts HAProxy balancing over `backends` (base URLs like http://127.0.0.1:1234). */
export async function startLoadBalancer(backends: string[]): Promise<LoadBalancer> {
  const version = haproxyVersion();
  const workDir = await mkdtemp(join(tmpdir(), 'haproxy-bench-'));
  const port = await freePort();
  const config = [
    'global',
    '  maxconn 4096',
    // No nbthread: one thread per core, HAProxy's default.
    'defaults',
    '  mode http',
    '  option http-keep-alive',
    '  timeout connect 5s',
    // Long enough for a 1 GiB push's closing PUT (hash and commit) and for slow pulls.
    '  timeout client 10m',
    '  timeout server 10m',
    '  timeout http-keep-alive 60s',
    'frontend registry',
    `  bind 127.0.0.1:${port}`,
    '  default_backend berth',
    'backend berth',
    '  balance roundrobin',
    ...backends.map((backend, index) => `  server node${index + 1} ${new URL(backend).host}`),
    '',
  ].join('\n');
  const configPath = join(workDir, 'haproxy.cfg');
  await writeFile(configPath, config);
  let server: SpawnedServer | undefined;
  const stop = async () => {
    await server?.stop();
    await rm(workDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    server = spawnServer(LOAD_BALANCER_BINARY, ['-db', '-f', configPath], process.env);
    await waitForBackends(server, url);
  } catch (error) {
    await stop();
    throw new Error(`haproxy: ${(error as Error).message}`);
  }
  return { url, pid: server.pid, label: `HAProxy ${version}`, output: server.output, stop };
}

/** Until GET /v2/ through the proxy reaches a node (any answer but HAProxy's own 503; 401 with ECR auth). */
async function waitForBackends(server: SpawnedServer, url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`exited with ${server.child.exitCode}:\n${server.output()}`);
    try {
      const response = await fetch(`${url}/v2/`);
      await response.arrayBuffer();
      if (response.status !== 503) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no node reachable through it within ${timeoutMs / 1000} s:\n${server.output()}`);
    await delay(100);
  }
}
