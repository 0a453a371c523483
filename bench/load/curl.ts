// Big-blob downloads with curl when installed. On 2 cores the client's CPU competes with the
// server's: node's http client tops out near 1 GB/s here and adds per-chunk JS work, while curl
// (C, one event loop for all transfers with --parallel) leaves more of the machine to the server.
// The node client (RegistryClient.pullBlob) is the fallback.
import { execFile, spawnSync } from 'node:child_process';

export function curlAvailable(): boolean {
  return spawnSync('sh', ['-c', 'command -v curl'], { stdio: 'ignore' }).status === 0;
}

export function curlVersion(): string {
  const printed = spawnSync('curl', ['--version'], { encoding: 'utf8' }).stdout ?? '';
  return /^curl (\S+)/.exec(printed)?.[1] ? `curl ${/^curl (\S+)/.exec(printed)![1]}` : 'curl';
}

/**
 * GETs every URL at once (one connection each), discarding bodies; fails unless each answers 200
 * with `expectedBytes`. Resolves with the wall time of the whole batch in milliseconds.
 * Redirects are followed (object-storage backends may answer 307 to a signed URL).
 */
export async function curlPull(urls: string[], headers: Record<string, string | number>, expectedBytes: number): Promise<number> {
  const args = ['--silent', '--show-error', '--location', '--parallel', '--parallel-immediate', '--parallel-max', String(urls.length)];
  for (const [name, value] of Object.entries(headers)) args.push('--header', `${name}: ${value}`);
  args.push('--write-out', '%{http_code} %{size_download}\\n');
  for (const url of urls) args.push('--output', '/dev/null', url);
  const start = performance.now();
  const output = await new Promise<string>((resolvePromise, reject) => {
    execFile('curl', args, { encoding: 'utf8', timeout: 600_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`curl failed: ${error.message}\n${stderr}`));
      else resolvePromise(stdout);
    });
  });
  const elapsed = performance.now() - start;
  const results = output.trim().split('\n').filter(Boolean);
  if (results.length !== urls.length) throw new Error(`curl reported ${results.length} transfers for ${urls.length} URLs:\n${output}`);
  for (const line of results) {
    const [status, size] = line.split(' ');
    if (status !== '200' || Number(size) !== expectedBytes) throw new Error(`GET blob: HTTP ${status}, ${size} bytes (expected 200, ${expectedBytes})`);
  }
  return elapsed;
}
