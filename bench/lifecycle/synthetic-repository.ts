// A large repository shaped like a busy CI registry's, generated deterministically: pushes spread over
// 400 days; a fifth untagged, the rest tagged main-<sha>, v<semver>, pr-<n>-<sha>, dev-<n> or two tags
// at once; one in twenty a multi-arch index listing two untagged children; half the tagged ones pulled
// at some point. Written straight into a metadata database in large batches (the benchmark measures
// lifecycle evaluation, not pushes), with a shared base layer and one layer per image.
import type { Kysely } from 'kysely';
import type { LifecycleImage } from '../../src/lifecycle/evaluate-lifecycle-policy.js';
import { dayMs } from '../../src/lifecycle/lifecycle-policy.js';
import type { MetadataSchema } from '../../src/metadata/schema.js';

export interface SyntheticImage extends LifecycleImage {
  /** The image's own layer; indexes have none. */
  layer?: { digest: string; sizeBytes: number };
}

/** The policy the benchmark evaluates: every kind of selection and count. */
export const benchmarkPolicy = JSON.stringify({
  rules: [
    { rulePriority: 1, description: 'releases: keep 500', selection: { tagStatus: 'tagged', tagPatternList: ['v*.*.*'], countType: 'imageCountMoreThan', countNumber: 500 }, action: { type: 'expire' } },
    { rulePriority: 2, description: 'multi-arch releases: keep 50', selection: { tagStatus: 'tagged', tagPrefixList: ['release-'], countType: 'imageCountMoreThan', countNumber: 50 }, action: { type: 'expire' } },
    { rulePriority: 3, description: 'main: keep 1000', selection: { tagStatus: 'tagged', tagPrefixList: ['main-'], countType: 'imageCountMoreThan', countNumber: 1000 }, action: { type: 'expire' } },
    { rulePriority: 4, description: 'pull requests: 14 days', selection: { tagStatus: 'tagged', tagPatternList: ['pr-*-*'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }, action: { type: 'expire' } },
    { rulePriority: 5, description: 'untagged: 7 days', selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 }, action: { type: 'expire' } },
    { rulePriority: 6, description: 'anything unpulled for 90 days', selection: { tagStatus: 'any', countType: 'sinceImagePulled', countUnit: 'days', countNumber: 90 }, action: { type: 'expire' } },
  ],
});

/** `firstDigest` numbers the digests, so two repositories can hold different images. */
export function syntheticImages(count: number, now: number, options: { indexes?: boolean; firstDigest?: number } = {}): SyntheticImage[] {
  const digestOf = (n: number, lead?: string) => digestNumbered(n + (options.firstDigest ?? 0), lead);
  const random = seeded(20250601);
  const hex = () => Math.floor(random() * 0xffffffff).toString(16).padStart(8, '0');
  const images: SyntheticImage[] = [];
  const spanMs = 400 * dayMs;
  const pushedAt = (i: number) => now - spanMs + Math.floor((i / count) * spanMs);
  const plain = (i: number, tags: string[]): SyntheticImage => {
    const image: SyntheticImage = { digest: digestOf(i), tags, pushedAt: pushedAt(i), layer: { digest: digestOf(i, 'e'), sizeBytes: 1_000_000 + Math.floor(random() * 50_000_000) } };
    if (tags.length > 0 && random() < 0.5) image.lastPulledAt = Math.min(now, image.pushedAt + Math.floor(random() * 200 * dayMs));
    return image;
  };
  while (images.length < count) {
    const n = images.length;
    const kind = n % 20;
    if (options.indexes !== false && kind === 16 && n + 3 <= count) {
      const children = [plain(n, []), plain(n + 1, [])];
      images.push(...children, { digest: digestOf(n + 2), tags: [`release-${n}`], pushedAt: pushedAt(n + 2), children: children.map((child) => child.digest) });
      continue;
    }
    if (kind < 4) images.push(plain(n, []));
    else if (kind < 10) images.push(plain(n, [`main-${hex()}`]));
    else if (kind < 14) images.push(plain(n, [`v${n % 7}.${n % 13}.${n}`]));
    else if (kind < 16) images.push(plain(n, [`pr-${n % 997}-${hex()}`]));
    else if (kind < 19) images.push(plain(n, [`dev-${n}`]));
    else images.push(plain(n, [`staging-${n}`, `sha-${hex()}`]));
  }
  return images;
}

/** Writes the images as manifests, tags, blobs and references of the repository. */
export async function insertImages(db: Kysely<MetadataSchema>, repositoryId: number, images: SyntheticImage[]): Promise<void> {
  const base = { digest: digestNumbered(-1), size_bytes: 30_000_000, created_at: 0, touched_at: 0, incarnation: 'initial' };
  await db.insertInto('blobs').values(base).onConflict((conflict) => conflict.doNothing()).execute();
  await db.insertInto('repository_blobs').values({ repository_id: repositoryId, digest: base.digest, linked_at: 0 }).execute();
  const content = Buffer.from('{}');
  for (let start = 0; start < images.length; start += 5000) {
    const chunk = images.slice(start, start + 5000);
    await db.transaction().execute(async (trx) => {
      for (let at = 0; at < chunk.length; at += 400) {
        const batch = chunk.slice(at, at + 400);
        const layers = batch.flatMap((image) => (image.layer ? [image.layer] : []));
        if (layers.length > 0) {
          await trx.insertInto('blobs').values(layers.map((layer) => ({ digest: layer.digest, size_bytes: layer.sizeBytes, created_at: 0, touched_at: 0, incarnation: 'initial' }))).execute();
          await trx.insertInto('repository_blobs').values(layers.map((layer) => ({ repository_id: repositoryId, digest: layer.digest, linked_at: 0 }))).execute();
        }
        await trx
          .insertInto('manifests')
          .values(
            batch.map((image) => ({
              repository_id: repositoryId,
              digest: image.digest,
              media_type: image.children ? 'application/vnd.oci.image.index.v1+json' : 'application/vnd.oci.image.manifest.v1+json',
              size_bytes: content.length,
              content,
              artifact_type: null,
              subject_digest: null,
              annotations: null,
              pushed_at: image.pushedAt,
              last_pulled_at: image.lastPulledAt ?? null,
              image_size_bytes: image.layer?.sizeBytes ?? 0,
              config_media_type: null,
            })),
          )
          .execute();
        const references = batch.flatMap((image): { repository_id: number; manifest_digest: string; referenced_digest: string; kind: 'blob' | 'manifest' }[] =>
          image.children
            ? image.children.map((child) => ({ repository_id: repositoryId, manifest_digest: image.digest, referenced_digest: child, kind: 'manifest' }))
            : [
                { repository_id: repositoryId, manifest_digest: image.digest, referenced_digest: image.layer!.digest, kind: 'blob' },
                { repository_id: repositoryId, manifest_digest: image.digest, referenced_digest: base.digest, kind: 'blob' },
              ],
        );
        if (references.length > 0) await trx.insertInto('manifest_references').values(references).execute();
        const tags = batch.flatMap((image) => image.tags.map((name) => ({ repository_id: repositoryId, name, manifest_digest: image.digest, updated_at: 0 })));
        if (tags.length > 0) await trx.insertInto('tags').values(tags).execute();
      }
    });
  }
}

/** Manifests' digests start with 0, layers' with e: never the same. */
function digestNumbered(n: number, lead = '0'): string {
  return `sha256:${lead}${(n + 2).toString(16).padStart(63, '0')}`;
}

/** mulberry32: a small deterministic generator, so every run evaluates the same repository. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
