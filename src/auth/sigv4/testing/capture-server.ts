// A loopback HTTP server that records each request exactly as received (raw target, lowercased
// headers, body) and answers with a fixed JSON body, so real clients (AWS CLI, JS SDK) can be
// pointed at it and their signatures checked afterwards.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export interface CaptureServer {
  endpoint: string;
  requests: CapturedRequest[];
  close(): Promise<void>;
}

export async function startCaptureServer(responseBody: unknown): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      requests.push({ method: req.method ?? '', path: req.url ?? '/', headers: rawHeaders(req), body });
      const payload = JSON.stringify(responseBody);
      res.writeHead(200, {
        'content-type': 'application/x-amz-json-1.1',
        'content-length': Buffer.byteLength(payload),
        'x-amzn-requestid': '00000000-0000-4000-8000-000000000000',
      });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Headers as sent, names lowercased, repeats kept apart (the verifier joins them per SigV4). */
function rawHeaders(req: IncomingMessage): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values === undefined) continue;
    headers[name] = values.length === 1 ? values[0]! : values;
  }
  return headers;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
