// /v2/ requests the way an ECR client makes them: HTTP Basic with the GetAuthorizationToken token
// on every request, and, for accounts other than the default one, the host name
// `<account>.dkr.ecr.<region>.<domain>` (sent as an explicit Host header over loopback, so no DNS
// is needed). Plus the smallest pushes the control-plane suites need: a blob, an image.
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface V2Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON (OCI error bodies, tag lists). */
  json(): any;
}

export interface V2Target {
  /** http://127.0.0.1:<port> of the running server. */
  url: string;
  /** GetAuthorizationToken's `authorizationToken` (base64 of `AWS:<password>`), or none. */
  token?: string;
  /** The Host header to send, e.g. `<account>.dkr.ecr.us-east-1.localhost:<port>`; the URL's host by default. */
  host?: string;
}

export function v2(target: V2Target, method: string, path: string, options: { body?: Buffer; headers?: Record<string, string> } = {}): Promise<V2Response> {
  const url = new URL(path, target.url);
  const headers: Record<string, string> = {
    host: target.host ?? url.host,
    ...(target.token && { authorization: `Basic ${target.token}` }),
    ...(options.body && { 'content-length': String(options.body.length) }),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body, json: () => JSON.parse(body.toString('utf8')) });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

export function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Pushes a blob monolithically (POST ?digest=); returns its digest. Throws unless 201. */
export async function pushBlob(target: V2Target, repository: string, bytes: Buffer): Promise<string> {
  const digest = sha256(bytes);
  const response = await v2(target, 'POST', `/v2/${repository}/blobs/uploads/?digest=${digest}`, {
    body: bytes,
    headers: { 'content-type': 'application/octet-stream' },
  });
  if (response.status !== 201) throw new Error(`blob push to ${repository} answered ${response.status}: ${response.body.toString()}`);
  return digest;
}

export interface PushedImage {
  manifestDigest: string;
  configDigest: string;
  layerDigest: string;
  layerSizeBytes: number;
}

/** A one-layer OCI image (random layer bytes, so every call makes a new image) under `tag`. */
export async function pushImage(target: V2Target, repository: string, tag: string, layerSizeBytes = 512): Promise<PushedImage> {
  const layer = randomBytes(layerSizeBytes);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256(layer)] } }));
  const layerDigest = await pushBlob(target, repository, layer);
  const configDigest = await pushBlob(target, repository, config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layer.length }],
    }),
  );
  const response = await v2(target, 'PUT', `/v2/${repository}/manifests/${tag}`, {
    body: manifest,
    headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
  });
  if (response.status !== 201) throw new Error(`manifest push to ${repository}:${tag} answered ${response.status}: ${response.body.toString()}`);
  return { manifestDigest: sha256(manifest), configDigest, layerDigest, layerSizeBytes };
}
