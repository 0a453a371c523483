// The "bare Node" target: the least a node:http server can do to answer the benchmark's requests.
// No routing framework, storage, hashing or validation: its figures are the ceiling for any
// Node server on this machine (and, for big blobs, the socket/page-cache limit).
// Run as: node dist/bench/targets/bare-server.js <config.json> <port>
import { createReadStream, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface BareServerConfig {
  /** The manifest returned for every GET/HEAD /v2/<name>/manifests/<reference>. */
  manifest: { mediaType: string; digest: string; base64: string };
  /** Blobs answered by GET/HEAD: small ones inline, big ones streamed from the cached file. */
  blobs: { digest: string; size: number; path?: string; base64?: string }[];
}

const API_VERSION = { 'Docker-Distribution-Api-Version': 'registry/2.0' };

function serve(config: BareServerConfig, port: number): void {
  const manifest = Buffer.from(config.manifest.base64, 'base64');
  const blobs = new Map(config.blobs.map((blob) => [blob.digest, { ...blob, bytes: blob.base64 ? Buffer.from(blob.base64, 'base64') : undefined }]));
  const uploads = new Map<string, number>();
  let nextUpload = 0;

  /** Reads and drops a request body, then answers: the push ceiling is "socket to nowhere". */
  const drain = (req: IncomingMessage, then: (bytes: number) => void) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => then(bytes));
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    let match: RegExpExecArray | null;
    if (path === '/v2/' || path === '/v2') {
      res.writeHead(200, { ...API_VERSION, 'Content-Type': 'application/json', 'Content-Length': 2 }).end('{}');
    } else if ((match = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path))) {
      if (req.method === 'PUT') {
        drain(req, () => res.writeHead(201, { ...API_VERSION, Location: path, 'Docker-Content-Digest': config.manifest.digest, 'Content-Length': 0 }).end());
        return;
      }
      res.writeHead(200, {
        ...API_VERSION,
        'Content-Type': config.manifest.mediaType,
        'Content-Length': manifest.length,
        'Docker-Content-Digest': config.manifest.digest,
        ETag: `"${config.manifest.digest}"`,
      });
      res.end(req.method === 'HEAD' ? undefined : manifest);
    } else if ((match = /^\/v2\/(.+)\/blobs\/uploads\/?([^/]*)$/.exec(path))) {
      const [, name, id] = match;
      if (req.method === 'POST') {
        const uploadId = String(nextUpload++);
        uploads.set(uploadId, 0);
        drain(req, () => res.writeHead(202, { ...API_VERSION, Location: `/v2/${name}/blobs/uploads/${uploadId}`, Range: '0-0', 'Docker-Upload-UUID': uploadId, 'Content-Length': 0 }).end());
      } else if (req.method === 'PATCH') {
        drain(req, (bytes) => {
          const total = (uploads.get(id) ?? 0) + bytes;
          uploads.set(id, total);
          res.writeHead(202, { ...API_VERSION, Location: `/v2/${name}/blobs/uploads/${id}`, Range: `0-${total - 1}`, 'Docker-Upload-UUID': id, 'Content-Length': 0 }).end();
        });
      } else if (req.method === 'PUT') {
        const digest = url.searchParams.get('digest') ?? '';
        drain(req, () => {
          uploads.delete(id);
          res.writeHead(201, { ...API_VERSION, Location: `/v2/${name}/blobs/${digest}`, 'Docker-Content-Digest': digest, 'Content-Length': 0 }).end();
        });
      } else {
        res.writeHead(405, { 'Content-Length': 0 }).end();
      }
    } else if ((match = /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]{64})$/.exec(path))) {
      const blob = blobs.get(match[2]);
      if (!blob) {
        res.writeHead(404, { ...API_VERSION, 'Content-Length': 0 }).end();
        return;
      }
      res.writeHead(200, {
        ...API_VERSION,
        'Content-Type': 'application/octet-stream',
        'Content-Length': blob.size,
        'Docker-Content-Digest': blob.digest,
        ETag: `"${blob.digest}"`,
        'Accept-Ranges': 'bytes',
        'Cache-Control': 'max-age=31536000',
      });
      if (req.method === 'HEAD') res.end();
      else if (blob.bytes) res.end(blob.bytes);
      else createReadStream(blob.path!, { highWaterMark: 1024 * 1024 }).pipe(res);
    } else {
      res.writeHead(404, { 'Content-Length': 0 }).end();
    }
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

const [configPath, port] = process.argv.slice(2);
if (configPath && port) serve(JSON.parse(readFileSync(configPath, 'utf8')) as BareServerConfig, Number(port));
