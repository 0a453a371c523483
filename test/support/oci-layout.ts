// Reading and writing OCI image layouts (image-spec image-layout.md) for the black-box suites:
// content-addressed blobs under blobs/<alg>/<encoded>, an `oci-layout` marker and an index.json
// whose descriptors carry the `org.opencontainers.image.ref.name` annotation as the tag.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile, access } from 'node:fs/promises';
import { join } from 'node:path';

export const MediaType = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  layoutHeader: 'application/vnd.oci.layout.header.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

/** The empty descriptor of image-spec manifest.md "Guidance for an Empty Descriptor". */
export const EMPTY_JSON = Buffer.from('{}');
export const EMPTY_DESCRIPTOR: Descriptor = {
  mediaType: MediaType.ociEmpty,
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
};

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  platform?: Platform;
  annotations?: Record<string, string>;
  urls?: string[];
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export function sha256Digest(content: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

export function descriptorFor(mediaType: string, content: Uint8Array): Descriptor {
  return { mediaType, digest: sha256Digest(content), size: content.byteLength };
}

function blobPath(layout: string, digest: string): string {
  const match = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/.exec(digest);
  if (!match) throw new Error(`not a digest: ${digest}`);
  return join(layout, 'blobs', match[1], match[2]);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Creates the `oci-layout` marker, an empty blobs/sha256 and an empty index.json. */
export async function initLayout(layout: string): Promise<void> {
  await mkdir(join(layout, 'blobs', 'sha256'), { recursive: true });
  await writeFile(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  if (!(await exists(join(layout, 'index.json')))) {
    await writeIndexJson(layout, []);
  }
}

export async function writeIndexJson(layout: string, manifests: Descriptor[]): Promise<void> {
  const index: ImageIndex = { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests };
  await writeFile(join(layout, 'index.json'), JSON.stringify(index));
}

/** Stores content under its sha256 digest (write to a temporary name, then rename) and describes it. */
export async function writeBlob(layout: string, mediaType: string, content: Uint8Array): Promise<Descriptor> {
  const descriptor = descriptorFor(mediaType, content);
  const path = blobPath(layout, descriptor.digest);
  if (!(await exists(path))) {
    await mkdir(join(path, '..'), { recursive: true });
    const temporary = `${path}.tmp-${process.pid}`;
    await writeFile(temporary, content);
    await rename(temporary, path);
  }
  return descriptor;
}

/** Serialises a manifest/index/config exactly once, so the bytes stored are the bytes digested. */
export async function writeJsonBlob(layout: string, mediaType: string, value: unknown): Promise<Descriptor> {
  return writeBlob(layout, mediaType, Buffer.from(JSON.stringify(value)));
}

export async function readBlob(layout: string, digest: string): Promise<Buffer> {
  return readFile(blobPath(layout, digest));
}

export async function readJsonBlob<T>(layout: string, digest: string): Promise<T> {
  return JSON.parse((await readBlob(layout, digest)).toString('utf8')) as T;
}

export async function readIndexJson(layout: string): Promise<ImageIndex> {
  return JSON.parse(await readFile(join(layout, 'index.json'), 'utf8')) as ImageIndex;
}

/** The descriptor index.json gives for a tag (the ref.name annotation). */
export async function resolveRef(layout: string, ref: string): Promise<Descriptor> {
  const index = await readIndexJson(layout);
  const found = index.manifests.filter((d) => d.annotations?.[REF_NAME_ANNOTATION] === ref);
  if (found.length !== 1) {
    throw new Error(`${layout}: expected exactly one descriptor tagged ${ref}, found ${found.length}`);
  }
  return found[0];
}

/** Whether the stored blob's content hashes to its name (so a layout cannot lie about a digest). */
export async function blobIsIntact(layout: string, digest: string): Promise<boolean> {
  const content = await readBlob(layout, digest);
  return sha256Digest(content) === digest;
}

export interface ReachableBlob {
  digest: string;
  mediaType: string;
  size: number;
}

/**
 * Every blob reachable from a root descriptor: indexes, manifests, configs, layers, in a stable
 * order (sorted by digest). Verifies each blob's content against its digest and size on the way.
 */
export async function reachableBlobs(layout: string, root: Descriptor): Promise<ReachableBlob[]> {
  const seen = new Map<string, ReachableBlob>();
  const visit = async (descriptor: Descriptor): Promise<void> => {
    if (seen.has(descriptor.digest)) return;
    const content = await readBlob(layout, descriptor.digest);
    const actual = sha256Digest(content);
    if (actual !== descriptor.digest) throw new Error(`${layout}: blob ${descriptor.digest} hashes to ${actual}`);
    if (content.byteLength !== descriptor.size) {
      throw new Error(`${layout}: blob ${descriptor.digest} has ${content.byteLength} bytes, descriptor says ${descriptor.size}`);
    }
    seen.set(descriptor.digest, { digest: descriptor.digest, mediaType: descriptor.mediaType, size: descriptor.size });
    if (descriptor.mediaType === MediaType.ociIndex || descriptor.mediaType === MediaType.dockerManifestList) {
      const index = JSON.parse(content.toString('utf8')) as ImageIndex;
      for (const child of index.manifests) await visit(child);
    } else if (descriptor.mediaType === MediaType.ociManifest || descriptor.mediaType === MediaType.dockerManifest) {
      const manifest = JSON.parse(content.toString('utf8')) as ImageManifest;
      await visit(manifest.config);
      for (const layer of manifest.layers) await visit(layer);
    }
  };
  await visit(root);
  return [...seen.values()].sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0));
}

/** Every blob file present in the layout (names only). */
export async function listBlobDigests(layout: string): Promise<string[]> {
  const digests: string[] = [];
  for (const algorithm of await readdir(join(layout, 'blobs'))) {
    for (const encoded of await readdir(join(layout, 'blobs', algorithm))) {
      if (!encoded.includes('.tmp-')) digests.push(`${algorithm}:${encoded}`);
    }
  }
  return digests.sort();
}
