// Requests-per-second measurement. A C load generator when installed — on 2 cores the load
// generator competes with the server, and a JS client burns about a core to produce half the
// rate — else a node:http fallback. All keep `connections` keep-alive connections busy for the
// whole duration, after an unmeasured warm-up run.
//   GET:  wrk (multi-threaded, epoll).
//   HEAD: ab, because wrk 4.1 never completes a HEAD response that carries Content-Length.
import { spawnSync } from 'node:child_process';
import { abVersion, measureWithAb } from './ab.js';
import { measureWithNode } from './node-load.js';
import { measureWithWrk, wrkVersion } from './wrk.js';

export interface RateRequest {
  url: string;
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface RateResult {
  requestsPerSecond: number;
  /** Responses counted in the measured window. */
  requests: number;
  /** Non-2xx/3xx responses plus socket errors and timeouts: any of these taints the figure. */
  failures: number;
  latencyMs?: { p50: number; p99: number };
  tool: string;
}

export type RateTool = 'wrk' | 'ab' | 'node';
export type RateTools = Record<RateRequest['method'], RateTool>;

function onPath(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

export function chooseRateTools(forceNode: boolean): { tools: RateTools; description: string } {
  const get: RateTool = !forceNode && onPath('wrk') ? 'wrk' : 'node';
  const head: RateTool = !forceNode && onPath('ab') ? 'ab' : 'node';
  const describe = (tool: RateTool, aptPackage: string) =>
    tool === 'wrk'
      ? `${wrkVersion()} (2 threads)`
      : tool === 'ab'
        ? abVersion()
        : `node:http keep-alive agent (${forceNode ? '--node-load' : `fallback: apt-get install ${aptPackage} for figures not limited by the JS client`})`;
  return { tools: { GET: get, HEAD: head }, description: `GET: ${describe(get, 'wrk')}; HEAD: ${describe(head, 'apache2-utils')}` };
}

export async function measureRate(tool: RateTool, request: RateRequest): Promise<RateResult> {
  const measure = tool === 'wrk' ? measureWithWrk : tool === 'ab' ? measureWithAb : measureWithNode;
  if (request.warmupSeconds > 0) await measure({ ...request, durationSeconds: request.warmupSeconds });
  return measure(request);
}
