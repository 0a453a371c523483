// Records the metadata contract suites build their cases from.
import assert from 'node:assert/strict';
import type { BlobRecord, ManifestRecord, MetadataStore } from '../metadata-store.js';

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

/** What an upload does for a blob: claim the digest, (publish the bytes,) link it into the repository. */
export async function storeBlob(store: MetadataStore, repositoryId: number, blob: BlobRecord, now: number): Promise<void> {
  const claim = await store.claimBlob(blob.digest, now);
  assert.ok(claim, `${blob.digest} could not be claimed`);
  assert.equal(await store.linkBlob(repositoryId, blob, now, claim), true);
}
