// Drives ApacheBench (apt package apache2-utils) for HEAD: wrk 4.1 cannot measure HEAD (its
// parser waits for a body of Content-Length bytes that never comes, so it counts 0 requests).
// ab is C and single-threaded; with -k it keeps connections alive (it speaks HTTP/1.0 +
// Connection: Keep-Alive). On this machine it matches wrk's rate on the same GET.
import { execFile, spawnSync } from 'node:child_process';
import type { RateRequest, RateResult } from './rate.js';

export function abVersion(): string {
  const printed = spawnSync('ab', ['-V'], { encoding: 'utf8' });
  const match = /ApacheBench, Version (\S+)/.exec(`${printed.stdout}${printed.stderr}`);
  return match ? `ab ${match[1]}` : 'ab';
}

export async function measureWithAb(request: RateRequest): Promise<RateResult> {
  const seconds = Math.max(1, Math.round(request.durationSeconds));
  // -t first: it implies -n 50000, and the -n after it lifts that cap so the time limit rules.
  const args = ['-q', '-k', '-c', String(request.connections), '-t', String(seconds), '-n', '100000000', '-s', '10'];
  if (request.method === 'HEAD') args.push('-i');
  for (const [name, value] of Object.entries(request.headers)) args.push('-H', `${name}: ${value}`);
  args.push(request.url);
  const output = await new Promise<string>((resolvePromise, reject) => {
    execFile('ab', args, { encoding: 'utf8', timeout: (seconds + 30) * 1000, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`ab failed: ${error.message}\n${stdout}${stderr}`));
      else resolvePromise(stdout);
    });
  });
  const rps = /Requests per second:\s+([\d.]+)/.exec(output);
  const complete = /Complete requests:\s+(\d+)/.exec(output);
  if (!rps || !complete) throw new Error(`cannot parse ab output:\n${output}`);
  const failed = Number(/Failed requests:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const p50 = /^\s+50%\s+(\d+)/m.exec(output);
  const p99 = /^\s+99%\s+(\d+)/m.exec(output);
  return {
    requestsPerSecond: Number(rps[1]),
    requests: Number(complete[1]),
    failures: failed + non2xx,
    latencyMs: p50 && p99 ? { p50: Number(p50[1]), p99: Number(p99[1]) } : undefined,
    tool: 'ab',
  };
}
