// Records the metadata contract suites build their cases from.
import type { ManifestRecord } from '../metadata-store.js';

/** A distinct, valid sha256 digest for each n. */
export const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

export function manifest(repositoryId: number, n: number, extra: Partial<ManifestRecord> = {}): ManifestRecord {
  const content = Buffer.from(`{"n":${n}}`);
  return {
    repositoryId,
    digest: digest(n),
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    sizeBytes: content.length,
    content,
    pushedAt: 1000 + n,
    imageSizeBytes: 100 + n,
    ...extra,
  };
}
