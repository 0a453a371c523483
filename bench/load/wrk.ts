// Drives wrk. A Lua script sets the method and headers (wrk's -H cannot change the method);
// --latency adds the percentile table we parse for p50/p99.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RateRequest, RateResult } from './rate.js';

export function wrkVersion(): string {
  // `wrk -v` prints "wrk 4.1.0 [epoll] Copyright ..." and exits non-zero.
  const printed = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  const match = /wrk (\S+)/.exec(`${printed.stdout}${printed.stderr}`);
  return match ? `wrk ${match[1]}` : 'wrk';
}

function luaString(value: string): string {
  return JSON.stringify(value); // a JSON string literal is a valid Lua string literal for ASCII
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n;
}

export async function measureWithWrk(request: RateRequest): Promise<RateResult> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-bench-wrk-'));
  try {
    const script = join(dir, 'request.lua');
    const lines = [`wrk.method = ${luaString(request.method)}`];
    for (const [name, value] of Object.entries(request.headers)) lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`);
    await writeFile(script, `${lines.join('\n')}\n`);
    const threads = Math.min(2, request.connections);
    const args = ['-t', String(threads), '-c', String(request.connections), '-d', `${Math.max(1, Math.round(request.durationSeconds))}s`, '--timeout', '10s', '--latency', '-s', script, request.url];
    const output = await new Promise<string>((resolvePromise, reject) => {
      execFile('wrk', args, { encoding: 'utf8', timeout: (request.durationSeconds + 30) * 1000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`wrk failed: ${error.message}\n${stdout}${stderr}`));
        else resolvePromise(stdout);
      });
    });
    const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
    const total = /(\d+) requests in/.exec(output);
    if (!rps || !total) throw new Error(`cannot parse wrk output:\n${output}`);
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
    const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
    const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
    const p50 = /^\s+50%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(output);
    const p99 = /^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(output);
    return {
      requestsPerSecond: Number(rps[1]),
      requests: Number(total[1]),
      failures: non2xx + socketErrors,
      latencyMs: p50 && p99 ? { p50: toMs(p50[1], p50[2]), p99: toMs(p99[1], p99[2]) } : undefined,
      tool: 'wrk',
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
