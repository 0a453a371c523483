// Manifests (distribution spec "Pulling manifests", "Pushing Manifests", "Deleting Manifests").
// A manifest is stored only when everything it references is visible in its repository, checked in
// the same transaction that stores it; its bytes are kept exactly as pushed.
import { digestOf, looksLikeDigest, parseDigest, type Digest } from '../domain/digest.js';
import { negotiateManifest } from '../domain/manifest/content-negotiation.js';
import { parseManifest, referencedContent, referrerArtifactType, type ParsedManifest } from '../domain/manifest/parse-manifest.js';
import { emptyJsonBlob, isIndexMediaType } from '../domain/media-types.js';
import { validateTag } from '../domain/names.js';
import { isTagImmutable } from '../domain/repository-settings.js';
import { RegistryError } from '../domain/registry-error.js';
import type { ManifestRecord, ManifestReference, MetadataStore, RepositoryRecord } from '../metadata/metadata-store.js';
import type { RepositoryAddress, RepositoryResolver } from './repository-address.js';
import type { UploadService } from './upload-service.js';

const pullRecordIntervalMs = 24 * 60 * 60 * 1000;

export interface ManifestServiceOptions {
  maxManifestBytes: number;
  now: () => number;
}

export interface ManifestReadOptions {
  /** The client's Accept header. */
  accept?: string | string[];
  /** A pull (GET), recorded for lastRecordedPullTime; existence checks (HEAD) are not. */
  isPull?: boolean;
}

export interface PushManifestRequest {
  /** A tag or the manifest's digest. */
  reference: string;
  bytes: Buffer;
  contentType?: string;
  /** Extra tags (`?tag=` on a push by digest). */
  tags?: string[];
}

export type ConditionalDeleteOutcome = 'deleted' | 'tags-changed' | 'referenced-by-index' | 'not-found';

export interface PushedManifest {
  digest: Digest;
  /** Set when the manifest has a `subject`: the OCI-Subject response header. */
  subjectDigest?: string;
  tags: string[];
}

export class ManifestService {
  constructor(
    private readonly metadata: MetadataStore,
    private readonly repositories: RepositoryResolver,
    private readonly uploads: UploadService,
    private readonly options: ManifestServiceOptions,
  ) {}

  /** The manifest a tag or digest names, as the client's Accept header allows. */
  async get(address: RepositoryAddress, reference: string, options: ManifestReadOptions = {}): Promise<ManifestRecord> {
    const repository = await this.repositories.existing(address);
    const manifest = await this.find(repository, reference);
    const negotiation = negotiateManifest(manifest.mediaType, options.accept);
    switch (negotiation.outcome) {
      case 'serve':
        if (options.isPull) await this.recordPull(manifest);
        return manifest;
      case 'serve-platform-child': {
        const child = await this.defaultPlatformChild(repository, manifest);
        if (!child || !negotiation.accepted.includes(child.mediaType)) throw notAcceptable(manifest, negotiation.accepted);
        if (options.isPull) await this.recordPull(child);
        return child;
      }
      case 'not-acceptable':
        throw notAcceptable(manifest, negotiation.accepted);
    }
  }

  async put(address: RepositoryAddress, request: PushManifestRequest): Promise<PushedManifest> {
    if (request.bytes.length > this.options.maxManifestBytes) {
      throw new RegistryError('manifest-too-large', `manifest of ${request.bytes.length} bytes exceeds the limit of ${this.options.maxManifestBytes} bytes`);
    }
    const byDigest = looksLikeDigest(request.reference);
    const tags = [...(byDigest ? [] : [request.reference]), ...(request.tags ?? [])].map(validateTag);
    const digest = digestOf(request.bytes, byDigest ? parseDigest(request.reference).algorithm : 'sha256');
    if (byDigest && digest.value !== request.reference) {
      throw new RegistryError('digest-mismatch', `the manifest has digest ${digest.value}, not ${request.reference}`);
    }
    const manifest = parseManifest(request.bytes, request.contentType);
    const repository = await this.repositories.forPush(address);
    const { blobs, manifests } = referencedContent(manifest);
    if (blobs.some((blob) => blob.digest === emptyJsonBlob.digest)) {
      // Artifacts point their config at the well-known `{}` blob; not every client pushes it first.
      await this.uploads.storeKnownBlob(repository, parseDigest(emptyJsonBlob.digest), emptyJsonBlob.bytes);
    }
    const references: ManifestReference[] = [
      ...blobs.map((blob) => ({ digest: blob.digest, kind: 'blob' as const })),
      ...manifests.map((child) => ({ digest: child.digest, kind: 'manifest' as const })),
    ];
    const now = this.options.now();
    await this.metadata.transaction(async (metadata) => {
      // An image manifest references only blobs, an index only manifests: ECR tells the two apart
      // (LayersNotFoundException, ReferencedImagesNotFoundException).
      const missingBlobs = await metadata.missingBlobs(repository.id, blobs.map((blob) => blob.digest));
      if (missingBlobs.length > 0) {
        throw new RegistryError('manifest-references-missing', `manifest references content unknown to '${address.name}': ${missingBlobs.join(', ')}`, {
          missing: missingBlobs,
        });
      }
      const missingManifests = await metadata.missingManifests(repository.id, manifests.map((child) => child.digest));
      if (missingManifests.length > 0) {
        throw new RegistryError('referenced-images-missing', `index references manifests unknown to '${address.name}': ${missingManifests.join(', ')}`, {
          missing: missingManifests,
        });
      }
      const imageSizeBytes = await this.imageSize(metadata, repository, manifest);
      await metadata.putManifest(toRecord({ repository, digest, bytes: request.bytes, manifest, imageSizeBytes, now }), references);
      for (const tag of tags) {
        // ECR refuses even re-pushing the same digest to an immutable tag (ecr-behaviour.md §3).
        if (isTagImmutable(repository.settings, tag) && (await metadata.findTag(repository.id, tag)) !== undefined) {
          throw new RegistryError(
            'tag-immutable',
            `The image tag '${tag}' already exists in the '${address.name}' repository and cannot be overwritten because the tag is immutable.`,
            { tag },
          );
        }
        await metadata.putTag(repository.id, tag, digest.value, now);
      }
    });
    return { digest, tags, ...(manifest.subject && { subjectDigest: manifest.subject.digest }) };
  }

  /** By tag: removes the tag only. By digest: removes the manifest and every tag on it. */
  async delete(address: RepositoryAddress, reference: string): Promise<void> {
    const repository = await this.repositories.existing(address);
    if (!looksLikeDigest(reference)) {
      validateTag(reference);
      if (!(await this.metadata.deleteTag(repository.id, reference))) throw manifestNotFound(address, reference);
      return;
    }
    const digest = parseDigest(reference);
    await this.metadata.transaction(async (metadata) => {
      const parents = await metadata.indexesReferencing(repository.id, digest.value);
      if (parents.length > 0) {
        throw new RegistryError('manifest-referenced-by-index', `manifest ${digest.value} is listed by index ${parents.join(', ')}: delete the index first`, {
          indexes: parents,
        });
      }
      if (!(await metadata.deleteManifest(repository.id, digest.value))) throw manifestNotFound(address, reference);
    });
  }

  /**
   * Lifecycle expirations, several in one transaction: each manifest is deleted by digest, with its
   * tags, only if the tags on it are still exactly the `tags` given (sorted) — an expiration decided
   * on a snapshot must not take along a tag pushed since — and no index lists it. One image's outcome
   * never fails the others; each is reported in order.
   */
  async deleteIfUnchanged(address: RepositoryAddress, images: readonly { digest: string; tags: readonly string[] }[]): Promise<ConditionalDeleteOutcome[]> {
    const repository = await this.repositories.existing(address);
    return this.metadata.transaction(async (metadata) => {
      const outcomes: ConditionalDeleteOutcome[] = [];
      for (const image of images) {
        if ((await metadata.indexesReferencing(repository.id, image.digest)).length > 0) {
          outcomes.push('referenced-by-index');
          continue;
        }
        const tags = await metadata.tagsOf(repository.id, image.digest);
        if (tags.length !== image.tags.length || tags.some((tag, index) => tag !== image.tags[index])) {
          outcomes.push('tags-changed');
          continue;
        }
        outcomes.push((await metadata.deleteManifest(repository.id, image.digest)) ? 'deleted' : 'not-found');
      }
      return outcomes;
    });
  }

  /**
   * ECR's lastRecordedPullTime, "refreshed at least once every 24 hours" (ImageDetail in service-2.json):
   * decided from the record the pull already loaded, so most pulls write nothing. A pull never fails
   * for this bookkeeping.
   */
  async recordPull(manifest: ManifestRecord): Promise<void> {
    const now = this.options.now();
    if (manifest.lastPulledAt !== undefined && now - manifest.lastPulledAt < pullRecordIntervalMs) return;
    await this.metadata.recordPull(manifest.repositoryId, manifest.digest, now).catch(() => undefined);
  }

  private async find(repository: RepositoryRecord, reference: string): Promise<ManifestRecord> {
    const address = { registryId: repository.registryId, name: repository.name };
    const manifest = looksLikeDigest(reference)
      ? await this.metadata.findManifest(repository.id, parseDigest(reference).value)
      : await this.metadata.findTaggedManifest(repository.id, validateTag(reference));
    if (!manifest) throw manifestNotFound(address, reference);
    return manifest;
  }

  /** ECR's imageSizeInBytes: an image's layers in total; an index's largest child. */
  private async imageSize(metadata: MetadataStore, repository: RepositoryRecord, manifest: ParsedManifest): Promise<number> {
    if (manifest.kind === 'image') return manifest.layers.reduce((total, layer) => total + layer.sizeBytes, 0);
    let largest = 0;
    for (const child of manifest.manifests) {
      const stored = await metadata.findManifest(repository.id, child.digest);
      largest = Math.max(largest, stored?.imageSizeBytes ?? 0);
    }
    return largest;
  }

  /** linux/amd64, the platform Distribution serves to clients that cannot read an index. */
  private async defaultPlatformChild(repository: RepositoryRecord, index: ManifestRecord): Promise<ManifestRecord | undefined> {
    const parsed = parseManifest(index.content, index.mediaType);
    if (parsed.kind !== 'index') return undefined;
    const child = parsed.manifests.find((entry) => entry.platform?.os === 'linux' && entry.platform.architecture === 'amd64');
    return child && this.metadata.findManifest(repository.id, child.digest);
  }
}

interface RecordInput {
  repository: RepositoryRecord;
  digest: Digest;
  bytes: Buffer;
  manifest: ParsedManifest;
  imageSizeBytes: number;
  now: number;
}

function toRecord({ repository, digest, bytes, manifest, imageSizeBytes, now }: RecordInput): ManifestRecord {
  const artifactType = referrerArtifactType(manifest);
  return {
    repositoryId: repository.id,
    digest: digest.value,
    mediaType: manifest.mediaType,
    sizeBytes: bytes.length,
    content: bytes,
    ...(artifactType !== undefined && { artifactType }),
    ...(manifest.subject && { subjectDigest: manifest.subject.digest }),
    ...(manifest.annotations && { annotations: manifest.annotations }),
    pushedAt: now,
    imageSizeBytes,
    ...(manifest.kind === 'image' && { configMediaType: manifest.config.mediaType }),
  };
}

function manifestNotFound(address: RepositoryAddress, reference: string): RegistryError {
  return new RegistryError('manifest-not-found', `manifest '${reference}' is not in repository '${address.name}'`, { reference });
}

function notAcceptable(manifest: ManifestRecord, accepted: string[]): RegistryError {
  const kind = isIndexMediaType(manifest.mediaType) ? 'an index' : 'a manifest';
  return new RegistryError(
    'manifest-not-acceptable',
    `${kind} of type ${manifest.mediaType} was found, but the Accept header allows only ${accepted.join(', ')}`,
  );
}
