// A thin node:http client: the workloads need streaming bodies, byte counting without buffering,
// and exact control over headers, which fetch() (undici) hides or buffers.
import { request, Agent, type IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Collected body (only when `collect` was asked for). */
  body: Buffer;
  /** Bytes received, counted whether or not they were collected. */
  bytes: number;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string | number>;
  body?: Buffer | Readable;
  /** Keep the body in memory; otherwise it is counted and dropped (the pulls must not buffer 1 GiB). */
  collect?: boolean;
  agent?: Agent;
  /** Fail when the socket is idle this long: a stuck server must not hang the whole run. */
  idleTimeoutMs?: number;
  /** Called for every body chunk received (e.g. to hash it). */
  onData?: (chunk: Buffer) => void;
}

export function send(options: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolvePromise, reject) => {
    const req = request(options.url, { method: options.method, headers: options.headers, agent: options.agent }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        options.onData?.(chunk);
        if (options.collect) chunks.push(chunk);
      });
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), bytes }));
      res.on('error', reject);
    });
    req.setTimeout(options.idleTimeoutMs ?? 120_000, () => req.destroy(new Error(`${options.method} ${options.url}: no progress for ${(options.idleTimeoutMs ?? 120_000) / 1000} s`)));
    req.on('error', reject);
    const body = options.body;
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else {
      body.on('error', (error) => req.destroy(error));
      body.pipe(req);
    }
  });
}

/** Throws with the status and the start of the body, which is where registries put their error code. */
export function expectStatus(response: HttpResponse, expected: number[], what: string): void {
  if (!expected.includes(response.status)) {
    const detail = response.body.length > 0 ? `: ${response.body.subarray(0, 300).toString()}` : '';
    throw new Error(`${what}: HTTP ${response.status}, expected ${expected.join('/')}${detail}`);
  }
}
