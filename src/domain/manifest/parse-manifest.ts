// Parses and validates a pushed manifest: OCI image manifest and index (image spec manifest.md,
// image-index.md), Docker schema 2 manifest and manifest list (docker/manifest-v2-2.md).
// The bytes are stored exactly as pushed; this only extracts what the registry must check and index.
import {
  bareMediaType,
  isManifestMediaType,
  mediaTypes,
  type ImageManifestMediaType,
  type IndexMediaType,
  type ManifestMediaType,
} from '../media-types.js';
import { RegistryError } from '../registry-error.js';
import { invalid, isObject, readAnnotations, readDescriptor, readDescriptorList, type Descriptor } from './descriptor.js';

interface ManifestCommon {
  artifactType?: string;
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export interface ImageManifest extends ManifestCommon {
  kind: 'image';
  mediaType: ImageManifestMediaType;
  config: Descriptor;
  layers: Descriptor[];
}

export interface IndexManifest extends ManifestCommon {
  kind: 'index';
  mediaType: IndexMediaType;
  manifests: Descriptor[];
}

export type ParsedManifest = ImageManifest | IndexManifest;

/** Content types that say nothing about the manifest kind; the body decides then. */
const genericContentTypes = new Set(['', 'application/json', 'application/octet-stream']);

export function parseManifest(bytes: Uint8Array, contentType: string | undefined): ParsedManifest {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (error) {
    throw invalid(`manifest is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(body)) throw invalid('manifest must be a JSON object');
  if (body.schemaVersion === 1) {
    throw new RegistryError('manifest-unsupported', 'Docker schema 1 manifests are not supported: push a schema 2 or OCI manifest');
  }
  if (body.schemaVersion !== 2) throw invalid('manifest schemaVersion must be 2');

  const mediaType = resolveMediaType(body, contentType);
  const common = readCommon(body);
  switch (mediaType) {
    case mediaTypes.ociManifest:
    case mediaTypes.dockerManifest:
      if (body.manifests !== undefined) throw invalid(`an image manifest (${mediaType}) must not have "manifests"`);
      return { kind: 'image', mediaType, config: readDescriptor(body.config, 'config'), layers: readDescriptorList(body.layers, 'layers'), ...common };
    case mediaTypes.ociIndex:
    case mediaTypes.dockerManifestList:
      if (body.config !== undefined || body.layers !== undefined) throw invalid(`an index (${mediaType}) must not have "config" or "layers"`);
      return { kind: 'index', mediaType, manifests: readDescriptorList(body.manifests, 'manifests'), ...common };
  }
}

function resolveMediaType(body: Record<string, unknown>, contentType: string | undefined): ManifestMediaType {
  const declared = body.mediaType;
  if (declared !== undefined && typeof declared !== 'string') throw invalid('manifest mediaType must be a string');
  const header = bareMediaType(contentType ?? '');
  const fromHeader = genericContentTypes.has(header) ? undefined : header;
  if (declared !== undefined && fromHeader !== undefined && declared !== fromHeader) {
    throw invalid(`Content-Type "${fromHeader}" does not match the manifest's mediaType "${declared}"`);
  }
  const mediaType = declared ?? fromHeader ?? inferOciMediaType(body);
  if (mediaType === mediaTypes.dockerSchema1 || mediaType === mediaTypes.dockerSchema1Signed) {
    throw new RegistryError('manifest-unsupported', 'Docker schema 1 manifests are not supported: push a schema 2 or OCI manifest');
  }
  if (!isManifestMediaType(mediaType)) throw invalid(`unsupported manifest media type "${mediaType}"`);
  return mediaType;
}

/** OCI manifests may omit mediaType (it is a SHOULD); their shape tells image from index. */
function inferOciMediaType(body: Record<string, unknown>): ManifestMediaType {
  if (Array.isArray(body.manifests)) return mediaTypes.ociIndex;
  if (body.config !== undefined) return mediaTypes.ociManifest;
  throw invalid('cannot tell the manifest type: set mediaType or Content-Type');
}

function readCommon(body: Record<string, unknown>): ManifestCommon {
  const common: ManifestCommon = {};
  if (body.artifactType !== undefined) {
    if (typeof body.artifactType !== 'string') throw invalid('artifactType must be a string');
    common.artifactType = body.artifactType;
  }
  if (body.subject !== undefined) common.subject = readDescriptor(body.subject, 'subject');
  const annotations = readAnnotations(body.annotations, 'manifest');
  if (annotations) common.annotations = annotations;
  return common;
}

/** What the manifest needs present in the repository before it may be stored. */
export function referencedContent(manifest: ParsedManifest): { blobs: Descriptor[]; manifests: Descriptor[] } {
  if (manifest.kind === 'index') return { blobs: [], manifests: manifest.manifests };
  // Foreign and non-distributable layers live elsewhere (their `urls`); the registry never holds them.
  const stored = manifest.layers.filter((layer) => !isExternalLayer(layer));
  return { blobs: [manifest.config, ...stored], manifests: [] };
}

function isExternalLayer(layer: Descriptor): boolean {
  const external =
    layer.mediaType === mediaTypes.dockerForeignLayer ||
    (mediaTypes.ociNondistributableLayers as readonly string[]).includes(layer.mediaType);
  return external && (layer.urls?.length ?? 0) > 0;
}

/**
 * The artifactType a referrers listing reports for this manifest (distribution spec "Listing Referrers"):
 * the manifest's own artifactType, else an image manifest's config media type, else none (an index).
 */
export function referrerArtifactType(manifest: ParsedManifest): string | undefined {
  if (manifest.artifactType) return manifest.artifactType;
  return manifest.kind === 'image' ? manifest.config.mediaType : undefined;
}
