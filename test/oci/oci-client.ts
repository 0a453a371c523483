// A tiny black-box client for the OCI Distribution API of a running `berth serve`: global fetch for
// ordinary requests, node:http where a test needs raw control of the wire (no Accept header, chunked
// bodies, a Content-Length that lies, a socket destroyed half way through a body).
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';

export const MediaType = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

export const EMPTY_JSON_DIGEST = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
export const EMPTY_DESCRIPTOR = { mediaType: MediaType.ociEmpty, digest: EMPTY_JSON_DIGEST, size: 2 } as const;

export const API_VERSION_HEADER = 'docker-distribution-api-version';
export const NAME_UNKNOWN_MESSAGE = (name: string) =>
  new RegExp(`^The repository with name '${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}' does not exist in the registry with id '\\d{12}'$`);

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  platform?: { architecture: string; os: string; variant?: string };
  urls?: string[];
}

export function sha256(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function sha512(bytes: Uint8Array | string): string {
  return `sha512:${createHash('sha512').update(bytes).digest('hex')}`;
}

export interface Blob {
  bytes: Buffer;
  digest: string;
  size: number;
}

export function blobOf(bytes: Buffer | string): Blob {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  return { bytes: buffer, digest: sha256(buffer), size: buffer.length };
}

export function randomBlob(size = 1024): Blob {
  return blobOf(randomBytes(size));
}

/** A digest of nothing anyone pushed. */
export function randomDigest(): string {
  return sha256(randomBytes(32));
}

export function descriptor(blob: Blob, mediaType: string, extra: Partial<Descriptor> = {}): Descriptor {
  return { mediaType, digest: blob.digest, size: blob.size, ...extra };
}

/** A fully read response: status, headers and the body as bytes. */
export interface Reply {
  status: number;
  headers: Headers;
  body: Buffer;
  json(): any;
  header(name: string): string | null;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export class OciClient {
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const init: RequestInit = { method, redirect: 'manual', headers: options.headers ?? {} };
    if (options.body !== undefined) init.body = options.body;
    const response = await fetch(this.baseUrl + path, init);
    const body = Buffer.from(await response.arrayBuffer());
    return toReply(response.status, response.headers, body);
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.request('GET', path, { headers });
  }

  head(path: string, headers: Record<string, string> = {}) {
    return this.request('HEAD', path, { headers });
  }

  delete(path: string) {
    return this.request('DELETE', path);
  }

  /** Monolithic push (POST ?digest=); asserts 201. */
  async pushBlob(repository: string, blob: Blob | Buffer): Promise<Blob> {
    const content = Buffer.isBuffer(blob) ? blobOf(blob) : blob;
    const reply = await this.request('POST', `/v2/${repository}/blobs/uploads/?digest=${content.digest}`, {
      headers: { 'content-type': 'application/octet-stream' },
      body: content.bytes,
    });
    assert.equal(reply.status, 201, `pushing blob ${content.digest} to ${repository}: ${reply.body.toString()}`);
    return content;
  }

  /** POST a new upload session; asserts 202 and returns its Location path. */
  async startUpload(repository: string, query = ''): Promise<string> {
    const reply = await this.request('POST', `/v2/${repository}/blobs/uploads/${query}`, { headers: { 'content-length': '0' } });
    assert.equal(reply.status, 202, `starting an upload in ${repository}: ${reply.body.toString()}`);
    return locationPath(reply);
  }

  patchChunk(location: string, bytes: Buffer, range?: { start: number }) {
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
    if (range) headers['content-range'] = `${range.start}-${range.start + bytes.length - 1}`;
    return this.request('PATCH', location, { headers, body: bytes });
  }

  /** PUT a manifest (object → JSON text; string/Buffer sent as is). */
  pushManifest(repository: string, reference: string, manifest: object | Buffer | string, mediaType?: string, query = '') {
    const body = Buffer.isBuffer(manifest) || typeof manifest === 'string' ? manifest : JSON.stringify(manifest);
    const type = mediaType ?? (typeof manifest === 'object' && !Buffer.isBuffer(manifest) ? (manifest as { mediaType?: string }).mediaType : undefined);
    const headers: Record<string, string> = type ? { 'content-type': type } : {};
    return this.request('PUT', `/v2/${repository}/manifests/${reference}${query}`, { headers, body });
  }

  /** Pushes config and layers, then the manifest under `tag`; asserts 201 everywhere. */
  async pushImage(repository: string, tag: string, options: ImageOptions = {}): Promise<PushedImage> {
    const config = options.config ?? blobOf(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, nonce: randomBytes(8).toString('hex') }));
    const layers = options.layers ?? [randomBlob(2048), randomBlob(777)];
    await this.pushBlob(repository, config);
    for (const layer of layers) await this.pushBlob(repository, layer);
    const docker = options.format === 'docker';
    const manifest = {
      schemaVersion: 2,
      mediaType: docker ? MediaType.dockerManifest : MediaType.ociManifest,
      config: descriptor(config, docker ? MediaType.dockerConfig : MediaType.ociConfig),
      layers: layers.map((layer) => descriptor(layer, docker ? MediaType.dockerLayer : MediaType.ociLayer)),
      ...(options.annotations && { annotations: options.annotations }),
    };
    const bytes = Buffer.from(JSON.stringify(manifest, null, options.indent));
    const reply = await this.pushManifest(repository, tag, bytes, manifest.mediaType);
    assert.equal(reply.status, 201, `pushing manifest ${repository}:${tag}: ${reply.body.toString()}`);
    return { config, layers, manifest: bytes, mediaType: manifest.mediaType, digest: sha256(bytes), size: bytes.length };
  }
}

export interface ImageOptions {
  config?: Blob;
  layers?: Blob[];
  format?: 'oci' | 'docker';
  annotations?: Record<string, string>;
  indent?: number;
}

export interface PushedImage {
  config: Blob;
  layers: Blob[];
  manifest: Buffer;
  mediaType: string;
  digest: string;
  size: number;
}

export function manifestDescriptor(image: PushedImage, extra: Partial<Descriptor> = {}): Descriptor {
  return { mediaType: image.mediaType, digest: image.digest, size: image.size, ...extra };
}

function toReply(status: number, headers: Headers, body: Buffer): Reply {
  return {
    status,
    headers,
    body,
    json: () => JSON.parse(body.toString('utf8')),
    header: (name: string) => headers.get(name),
  };
}

export interface OciErrorEntry {
  code: string;
  message: string;
  detail?: any;
}

/**
 * Asserts an OCI error response: the status, the API version header, a JSON body
 * `{"errors":[{code,message,detail?}]}` whose every entry has `code`. Returns the entries.
 */
export function assertOciError(reply: Reply, status: number, code: string, what = ''): OciErrorEntry[] {
  const context = `${what ? what + ': ' : ''}${reply.status} ${reply.body.toString('utf8').slice(0, 500)}`;
  assert.equal(reply.status, status, context);
  assert.equal(reply.header(API_VERSION_HEADER), 'registry/2.0', `API version header on ${context}`);
  let body: any;
  assert.doesNotThrow(() => (body = reply.json()), `error body is JSON: ${context}`);
  assert.ok(Array.isArray(body.errors) && body.errors.length > 0, `errors is a non-empty list: ${context}`);
  for (const entry of body.errors) {
    assert.match(entry.code, /^[A-Z_]+$/, context);
    assert.equal(typeof entry.message, 'string', context);
    assert.deepEqual(
      Object.keys(entry).filter((key) => !['code', 'message', 'detail'].includes(key)),
      [],
      `only code, message and detail in an error entry: ${context}`,
    );
  }
  assert.ok(
    body.errors.every((entry: OciErrorEntry) => entry.code === code),
    `every error is ${code}: ${context}`,
  );
  return body.errors;
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Written in order; with no content-length header, Node sends them chunked. */
  chunks?: Buffer[];
  /** Destroy the socket after writing the chunks instead of ending the request. */
  destroyAfterWrite?: boolean;
}

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * One request over a fresh connection, exactly as described (node:http adds only Host and, without
 * a content-length, Transfer-Encoding: chunked). With destroyAfterWrite the promise resolves with
 * undefined once the socket is closed.
 */
export function rawRequest(baseUrl: string, options: RawRequest): Promise<RawReply | undefined> {
  const url = new URL(options.path, baseUrl);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: url.hostname, port: url.port, method: options.method, path: url.pathname + url.search, headers: options.headers ?? {}, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    if (options.destroyAfterWrite) {
      request.on('error', () => undefined);
      request.on('close', () => resolve(undefined));
      request.flushHeaders();
      const chunks = options.chunks ?? [];
      let pending = chunks.length;
      if (pending === 0) request.destroy();
      for (const chunk of chunks) {
        request.write(chunk, () => {
          pending -= 1;
          // Give the bytes a moment to leave the socket before it is torn down.
          if (pending === 0) setTimeout(() => request.destroy(), 50);
        });
      }
      return;
    }
    request.on('error', reject);
    for (const chunk of options.chunks ?? []) request.write(chunk);
    request.end();
  });
}

export function rawJson(reply: RawReply): any {
  return JSON.parse(reply.body.toString('utf8'));
}

/** A raw reply as a Reply, so assertOciError works on it. */
export function fromRaw(reply: RawReply): Reply {
  const headers = new Headers();
  for (const [name, value] of Object.entries(reply.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return toReply(reply.status, headers, reply.body);
}

/** Appends query parameters to a location that may already carry some. */
export function withQuery(location: string, query: string): string {
  return location + (location.includes('?') ? '&' : '?') + query;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Location path of a reply as a path (drops scheme and host if the registry sent an absolute URL). */
export function locationPath(reply: Reply): string {
  const location = reply.header('location');
  assert.ok(location, 'Location header present');
  return location.startsWith('http') ? new URL(location).pathname + new URL(location).search : location;
}
