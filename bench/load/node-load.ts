// Fallback load generator in plain node:http: `connections` loops, each sending its next request
// as soon as the previous response ends, over a keep-alive agent with exactly that many sockets.
// It shares the harness's single JS thread, so on 2 cores it under-reports fast servers; the
// report names the tool so figures from the two are not compared.
import { Agent, request } from 'node:http';
import type { RateRequest, RateResult } from './rate.js';

export async function measureWithNode(options: RateRequest): Promise<RateResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let ok = 0;
  let failures = 0;
  const start = performance.now();
  const end = start + options.durationSeconds * 1000;

  const once = () =>
    new Promise<void>((resolvePromise) => {
      const sent = performance.now();
      const req = request(options.url, { method: options.method, headers: options.headers, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode && res.statusCode < 400) ok++;
          else failures++;
          if (latencies.length < 1_000_000) latencies.push(performance.now() - sent);
          resolvePromise();
        });
      });
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        failures++;
        resolvePromise();
      });
      req.end();
    });

  const loop = async () => {
    while (performance.now() < end) await once();
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requestsPerSecond: ok / elapsed,
    requests: ok + failures,
    failures,
    latencyMs: { p50: pick(0.5), p99: pick(0.99) },
    tool: 'node',
  };
}
