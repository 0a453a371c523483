// The OCI Distribution calls the workloads make (spec: /work/shared/specs/oci-distribution/spec.md).
// Every call checks the status the spec requires, so a target that answers fast but wrong fails
// its workload instead of posting a good figure.
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { Agent } from 'node:http';
import { send, expectStatus, type HttpResponse } from './http.js';
import type { BlobFile } from './data.js';
import { MANIFEST_ACCEPT, type SmallBlob } from './image.js';

export class RegistryClient {
  /** One keep-alive connection is reused across a push's POST/PATCH/PUT, as real clients do. */
  readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  /** @param authorization sent on every request (Berth with ECR auth), else nothing. */
  constructor(
    readonly baseUrl: string,
    private readonly authorization?: string,
  ) {}

  /** Adds the Authorization header to a request's headers. */
  headers(headers: Record<string, string | number> = {}): Record<string, string | number> {
    return this.authorization ? { ...headers, Authorization: this.authorization } : headers;
  }

  close(): void {
    this.agent.destroy();
  }

  private url(path: string): string {
    return new URL(path, this.baseUrl).toString();
  }

  /** Registries may answer with a relative or absolute Location; both resolve against the base. */
  private location(response: HttpResponse, what: string): string {
    const location = response.headers.location;
    if (!location) throw new Error(`${what}: HTTP ${response.status} without a Location header`);
    return new URL(location, this.baseUrl).toString();
  }

  private static withDigest(location: string, digest: string): string {
    const url = new URL(location);
    url.searchParams.set('digest', digest);
    return url.toString();
  }

  async startUpload(repo: string): Promise<string> {
    const response = await send({
      method: 'POST',
      url: this.url(`/v2/${repo}/blobs/uploads/`),
      headers: this.headers({ 'Content-Length': 0 }),
      collect: true,
      agent: this.agent,
    });
    expectStatus(response, [202], `POST /v2/${repo}/blobs/uploads/`);
    return this.location(response, 'POST upload');
  }

  /** POST then a single PUT carrying the whole blob, streamed from the file. */
  async pushMonolithic(repo: string, blob: BlobFile): Promise<void> {
    const location = await this.startUpload(repo);
    const response = await send({
      method: 'PUT',
      url: RegistryClient.withDigest(location, blob.digest),
      headers: this.headers({ 'Content-Type': 'application/octet-stream', 'Content-Length': blob.size }),
      body: createReadStream(blob.path, { highWaterMark: 1024 * 1024 }),
      collect: true,
      agent: this.agent,
    });
    expectStatus(response, [201], 'PUT monolithic blob');
    this.checkDigestHeader(response, blob.digest);
  }

  /**
   * POST, PATCH chunks with inclusive Content-Range, then an empty closing PUT ?digest=.
   * Returns how long the closing PUT took: the registry's commit (final hash, fsync, move).
   */
  async pushChunked(repo: string, blob: BlobFile, chunkBytes: number): Promise<{ closingPutMs: number }> {
    let location = await this.startUpload(repo);
    for (let start = 0; start < blob.size; start += chunkBytes) {
      const end = Math.min(start + chunkBytes, blob.size) - 1;
      const response = await send({
        method: 'PATCH',
        url: location,
        headers: this.headers({ 'Content-Type': 'application/octet-stream', 'Content-Length': end - start + 1, 'Content-Range': `${start}-${end}` }),
        body: createReadStream(blob.path, { start, end, highWaterMark: 1024 * 1024 }),
        collect: true,
        agent: this.agent,
      });
      expectStatus(response, [202], `PATCH chunk ${start}-${end}`);
      const range = response.headers.range;
      if (range !== undefined && range !== `0-${end}` && range !== `bytes=0-${end}`) {
        throw new Error(`PATCH chunk ${start}-${end}: Range header says ${range}`);
      }
      location = this.location(response, 'PATCH chunk');
    }
    const closingStart = performance.now();
    const response = await send({
      method: 'PUT',
      url: RegistryClient.withDigest(location, blob.digest),
      headers: this.headers({ 'Content-Length': 0 }),
      collect: true,
      agent: this.agent,
    });
    expectStatus(response, [201], 'PUT closing chunked upload');
    this.checkDigestHeader(response, blob.digest);
    return { closingPutMs: performance.now() - closingStart };
  }

  async pushSmallBlob(repo: string, blob: SmallBlob): Promise<void> {
    const location = await this.startUpload(repo);
    const response = await send({
      method: 'PUT',
      url: RegistryClient.withDigest(location, blob.digest),
      headers: this.headers({ 'Content-Type': 'application/octet-stream', 'Content-Length': blob.bytes.length }),
      body: blob.bytes,
      collect: true,
      agent: this.agent,
    });
    expectStatus(response, [201], `PUT blob ${blob.digest}`);
  }

  async pushManifest(repo: string, tag: string, manifest: SmallBlob): Promise<void> {
    const response = await send({
      method: 'PUT',
      url: this.url(`/v2/${repo}/manifests/${tag}`),
      headers: this.headers({ 'Content-Type': manifest.mediaType, 'Content-Length': manifest.bytes.length }),
      body: manifest.bytes,
      collect: true,
      agent: this.agent,
    });
    expectStatus(response, [201], `PUT manifest ${repo}:${tag}`);
  }

  /**
   * GETs a blob and returns the byte count, dropping the body. Follows one redirect, since a
   * registry on object storage may hand out a signed URL. `verify` hashes the body (costs CPU,
   * so the timed 1 GiB pull only checks the length).
   */
  async pullBlob(repo: string, digest: string, expectedSize: number, verify = false): Promise<number> {
    const hash = verify ? createHash('sha256') : undefined;
    let url = this.url(`/v2/${repo}/blobs/${digest}`);
    let response = await send({ method: 'GET', url, headers: this.headers(), agent: this.agent, onData: hash && ((chunk) => hash.update(chunk)) });
    if ([301, 302, 303, 307, 308].includes(response.status)) {
      // A redirect goes to storage that has its own credentials in the URL: no Authorization.
      url = this.location(response, 'blob redirect');
      response = await send({ method: 'GET', url, agent: this.agent, onData: hash && ((chunk) => hash.update(chunk)) });
    }
    expectStatus(response, [200], `GET blob ${digest}`);
    if (response.bytes !== expectedSize) throw new Error(`GET blob ${digest}: got ${response.bytes} bytes, expected ${expectedSize}`);
    if (hash && `sha256:${hash.digest('hex')}` !== digest) throw new Error(`GET blob ${digest}: body does not match its digest`);
    return response.bytes;
  }

  /** The request the manifest workload repeats, made once up front to check the answer. */
  async checkManifest(repo: string, tag: string, expected: SmallBlob): Promise<void> {
    const response = await send({ method: 'GET', url: this.url(`/v2/${repo}/manifests/${tag}`), headers: this.headers({ Accept: MANIFEST_ACCEPT }), collect: true, agent: this.agent });
    expectStatus(response, [200], `GET manifest ${repo}:${tag}`);
    if (!response.body.equals(expected.bytes)) throw new Error(`GET manifest ${repo}:${tag}: body differs from the pushed manifest`);
    if (response.headers['content-type'] !== expected.mediaType) throw new Error(`GET manifest ${repo}:${tag}: Content-Type ${response.headers['content-type']}`);
    this.checkDigestHeader(response, expected.digest);
  }

  async hasBlob(repo: string, digest: string): Promise<boolean> {
    const response = await send({ method: 'HEAD', url: this.url(`/v2/${repo}/blobs/${digest}`), headers: this.headers(), agent: this.agent });
    return response.status === 200;
  }

  /** The request the blob-HEAD workload repeats, made once up front to check the answer. */
  async checkBlobHead(repo: string, blob: SmallBlob): Promise<void> {
    const response = await send({ method: 'HEAD', url: this.url(`/v2/${repo}/blobs/${blob.digest}`), headers: this.headers(), agent: this.agent });
    expectStatus(response, [200], `HEAD blob ${blob.digest}`);
    if (Number(response.headers['content-length']) !== blob.bytes.length) throw new Error(`HEAD blob: Content-Length ${response.headers['content-length']}, expected ${blob.bytes.length}`);
  }

  private checkDigestHeader(response: HttpResponse, digest: string): void {
    const header = response.headers['docker-content-digest'];
    if (header !== undefined && header !== digest) throw new Error(`Docker-Content-Digest ${header}, expected ${digest}`);
  }
}
