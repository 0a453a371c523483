// The metadata port over Kysely. The queries are written once; the dialect (SQLite or PostgreSQL)
// is the only thing an adapter chooses (see sqlite/ and postgres/). What differs is the schema's
// business (migrations/) and how transactions stay serializable (serializable-transaction.ts).
import { randomInt, randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  BlobClaim,
  BlobRecord,
  LayerPartsRecord,
  ManifestRecord,
  ManifestReference,
  MetadataStore,
  Page,
  ReferrerRecord,
  RepositoryRecord,
  UploadSessionRecord,
} from './metadata-store.js';
import { defaultRepositorySettings } from '../domain/repository-settings.js';
import { settingsColumns, toRepositoryRecord } from './repository-rows.js';
import { serializableTransaction } from './serializable-transaction.js';
import type { ManifestsTable, MetadataSchema, UploadSessionsTable } from './schema.js';

export class KyselyMetadataStore implements MetadataStore {
  private cachedDefaultAccount?: string;

  constructor(private readonly db: Kysely<MetadataSchema> | Transaction<MetadataSchema>) {}

  async transaction<T>(work: (store: MetadataStore) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    return serializableTransaction(this.db, (trx) => work(new KyselyMetadataStore(trx)));
  }

  async defaultAccountId(): Promise<string> {
    if (this.cachedDefaultAccount) return this.cachedDefaultAccount;
    const existing = await this.db.selectFrom('accounts').select('id').where('is_default', '=', 1).executeTakeFirst();
    if (existing) return (this.cachedDefaultAccount = existing.id);
    // Concurrent first starts (nodes, a CLI beside the server) all insert: the partial unique index
    // accounts_one_default (migration 004) lets one row in, the others' inserts do nothing.
    // AWS account ids are 12 digits that do not start with 0.
    const id = String(randomInt(100_000, 1_000_000)) + String(randomInt(0, 1_000_000)).padStart(6, '0');
    await this.db
      .insertInto('accounts')
      .values({ id, name: 'default', is_default: 1, created_at: Date.now() })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    this.cachedDefaultAccount = undefined;
    const created = await this.db.selectFrom('accounts').select('id').where('is_default', '=', 1).orderBy('created_at').executeTakeFirstOrThrow();
    return (this.cachedDefaultAccount = created.id);
  }

  async findRepository(registryId: string, name: string): Promise<RepositoryRecord | undefined> {
    const row = await this.db
      .selectFrom('repositories')
      .selectAll()
      .where('registry_id', '=', registryId)
      .where('name', '=', name)
      .executeTakeFirst();
    return row && toRepositoryRecord(row);
  }

  async ensureRepository(registryId: string, name: string, now: number): Promise<RepositoryRecord> {
    const existing = await this.findRepository(registryId, name);
    if (existing) return existing;
    await this.db
      .insertInto('repositories')
      .values({ registry_id: registryId, name, created_at: now, ...settingsColumns(defaultRepositorySettings) })
      .onConflict((conflict) => conflict.columns(['registry_id', 'name']).doNothing())
      .execute();
    const created = await this.findRepository(registryId, name);
    if (!created) throw new Error(`repository ${name} vanished right after it was created`);
    return created;
  }

  async listRepositoryNames(registryId: string, page: Page): Promise<string[]> {
    let query = this.db.selectFrom('repositories').select('name').where('registry_id', '=', registryId);
    if (page.after !== undefined) query = query.where('name', '>', page.after);
    const rows = await query.orderBy('name').limit(page.limit).execute();
    return rows.map((row) => row.name);
  }

  async findRepositoryBlob(repositoryId: number, digest: string): Promise<BlobRecord | undefined> {
    const row = await this.db
      .selectFrom('repository_blobs')
      .innerJoin('blobs', 'blobs.digest', 'repository_blobs.digest')
      .select(['blobs.digest', 'blobs.size_bytes'])
      .where('repository_blobs.repository_id', '=', repositoryId)
      .where('repository_blobs.digest', '=', digest)
      .executeTakeFirst();
    return row && { digest: row.digest, sizeBytes: Number(row.size_bytes) };
  }

  async claimBlob(digest: string, now: number): Promise<BlobClaim | undefined> {
    // One statement: insert, or touch a live row. A deleting row is left alone and returns nothing.
    const row = await this.db
      .insertInto('blobs')
      .values({ digest, size_bytes: 0, created_at: now, touched_at: now, incarnation: randomUUID() })
      .onConflict((conflict) =>
        conflict
          .column('digest')
          .doUpdateSet({ touched_at: now })
          .where('blobs.state', '=', 'live'),
      )
      .returning('incarnation')
      .executeTakeFirst();
    return row?.incarnation as BlobClaim | undefined;
  }

  async linkBlob(repositoryId: number, blob: BlobRecord, now: number, claim?: BlobClaim): Promise<boolean> {
    // Claimed: the size becomes known with the bytes (a claim records 0). Both writes in one
    // transaction, so a collector's re-check sees the link and the touch together or neither.
    return this.transaction(async (store) => {
      const { db } = store as KyselyMetadataStore;
      let touch = db
        .updateTable('blobs')
        .set({ touched_at: now, ...(claim !== undefined && { size_bytes: blob.sizeBytes }) })
        .where('digest', '=', blob.digest)
        .where('state', '=', 'live');
      if (claim !== undefined) touch = touch.where('incarnation', '=', claim);
      const touched = await touch.executeTakeFirst();
      if (Number(touched.numUpdatedRows) === 0) return false;
      await db
        .insertInto('repository_blobs')
        .values({ repository_id: repositoryId, digest: blob.digest, linked_at: now })
        .onConflict((conflict) => conflict.columns(['repository_id', 'digest']).doUpdateSet({ linked_at: now }))
        .execute();
      return true;
    });
  }

  async unlinkBlob(repositoryId: number, digest: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('repository_blobs')
      .where('repository_id', '=', repositoryId)
      .where('digest', '=', digest)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async referencedDigests(repositoryId: number, digests: string[]): Promise<string[]> {
    if (digests.length === 0) return [];
    const rows = await this.db
      .selectFrom('manifest_references')
      .select('referenced_digest')
      .distinct()
      .where('repository_id', '=', repositoryId)
      .where('referenced_digest', 'in', digests)
      .execute();
    return rows.map((row) => row.referenced_digest);
  }

  async missingBlobs(repositoryId: number, digests: string[]): Promise<string[]> {
    if (digests.length === 0) return [];
    const rows = await this.db
      .selectFrom('repository_blobs')
      .select('digest')
      .where('repository_id', '=', repositoryId)
      .where('digest', 'in', digests)
      .execute();
    const present = new Set(rows.map((row) => row.digest));
    return [...new Set(digests)].filter((digest) => !present.has(digest));
  }

  async missingManifests(repositoryId: number, digests: string[]): Promise<string[]> {
    if (digests.length === 0) return [];
    const rows = await this.db
      .selectFrom('manifests')
      .select('digest')
      .where('repository_id', '=', repositoryId)
      .where('digest', 'in', digests)
      .execute();
    const present = new Set(rows.map((row) => row.digest));
    return [...new Set(digests)].filter((digest) => !present.has(digest));
  }

  async findManifest(repositoryId: number, digest: string): Promise<ManifestRecord | undefined> {
    const row = await this.db
      .selectFrom('manifests')
      .selectAll()
      .where('repository_id', '=', repositoryId)
      .where('digest', '=', digest)
      .executeTakeFirst();
    return row && toManifestRecord(row);
  }

  async findTaggedManifest(repositoryId: number, tag: string): Promise<ManifestRecord | undefined> {
    const row = await this.db
      .selectFrom('tags')
      .innerJoin('manifests', (join) =>
        join.onRef('manifests.repository_id', '=', 'tags.repository_id').onRef('manifests.digest', '=', 'tags.manifest_digest'),
      )
      .selectAll('manifests')
      .where('tags.repository_id', '=', repositoryId)
      .where('tags.name', '=', tag)
      .executeTakeFirst();
    return row && toManifestRecord(row);
  }

  async putManifest(manifest: ManifestRecord, references: ManifestReference[]): Promise<void> {
    await this.db
      .insertInto('manifests')
      .values({
        repository_id: manifest.repositoryId,
        digest: manifest.digest,
        media_type: manifest.mediaType,
        size_bytes: manifest.sizeBytes,
        content: manifest.content,
        artifact_type: manifest.artifactType ?? null,
        subject_digest: manifest.subjectDigest ?? null,
        annotations: manifest.annotations ? JSON.stringify(manifest.annotations) : null,
        pushed_at: manifest.pushedAt,
        last_pulled_at: null,
        image_size_bytes: manifest.imageSizeBytes,
        config_media_type: manifest.configMediaType ?? null,
      })
      .onConflict((conflict) => conflict.columns(['repository_id', 'digest']).doNothing())
      .execute();
    if (references.length === 0) return;
    const unique = new Map(references.map((reference) => [reference.digest, reference]));
    await this.db
      .insertInto('manifest_references')
      .values(
        [...unique.values()].map((reference) => ({
          repository_id: manifest.repositoryId,
          manifest_digest: manifest.digest,
          referenced_digest: reference.digest,
          kind: reference.kind,
        })),
      )
      .onConflict((conflict) => conflict.columns(['repository_id', 'manifest_digest', 'referenced_digest']).doNothing())
      .execute();
  }

  async recordPull(repositoryId: number, digest: string, now: number): Promise<void> {
    await this.db
      .updateTable('manifests')
      .set({ last_pulled_at: now })
      .where('repository_id', '=', repositoryId)
      .where('digest', '=', digest)
      .where((eb) => eb.or([eb('last_pulled_at', 'is', null), eb('last_pulled_at', '<', now)]))
      .execute();
  }

  async deleteManifest(repositoryId: number, digest: string): Promise<boolean> {
    await this.db.deleteFrom('tags').where('repository_id', '=', repositoryId).where('manifest_digest', '=', digest).execute();
    await this.db
      .deleteFrom('manifest_references')
      .where('repository_id', '=', repositoryId)
      .where('manifest_digest', '=', digest)
      .execute();
    const result = await this.db.deleteFrom('manifests').where('repository_id', '=', repositoryId).where('digest', '=', digest).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async indexesReferencing(repositoryId: number, digest: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('manifest_references')
      .select('manifest_digest')
      .where('repository_id', '=', repositoryId)
      .where('referenced_digest', '=', digest)
      .where('kind', '=', 'manifest')
      .execute();
    return rows.map((row) => row.manifest_digest);
  }

  async listReferrers(repositoryId: number, subjectDigest: string, artifactType?: string): Promise<ReferrerRecord[]> {
    let query = this.db
      .selectFrom('manifests')
      .select(['digest', 'media_type', 'size_bytes', 'artifact_type', 'annotations'])
      .where('repository_id', '=', repositoryId)
      .where('subject_digest', '=', subjectDigest);
    if (artifactType !== undefined) query = query.where('artifact_type', '=', artifactType);
    const rows = await query.orderBy('pushed_at').orderBy('digest').execute();
    return rows.map((row) => ({
      digest: row.digest,
      mediaType: row.media_type,
      sizeBytes: Number(row.size_bytes),
      ...(row.artifact_type !== null && { artifactType: row.artifact_type }),
      ...(row.annotations !== null && { annotations: JSON.parse(row.annotations) as Record<string, string> }),
    }));
  }

  async findTag(repositoryId: number, tag: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('tags')
      .select('manifest_digest')
      .where('repository_id', '=', repositoryId)
      .where('name', '=', tag)
      .executeTakeFirst();
    return row?.manifest_digest;
  }

  async tagsOf(repositoryId: number, manifestDigest: string): Promise<string[]> {
    // Sorted here: an ORDER BY name would lead SQLite to walk the repository's tags in primary-key
    // order instead of looking the manifest up in tags_manifest.
    const rows = await this.db.selectFrom('tags').select('name').where('repository_id', '=', repositoryId).where('manifest_digest', '=', manifestDigest).execute();
    return rows.map((row) => row.name).sort();
  }

  async putTag(repositoryId: number, tag: string, manifestDigest: string, now: number): Promise<void> {
    await this.db
      .insertInto('tags')
      .values({ repository_id: repositoryId, name: tag, manifest_digest: manifestDigest, updated_at: now })
      .onConflict((conflict) => conflict.columns(['repository_id', 'name']).doUpdateSet({ manifest_digest: manifestDigest, updated_at: now }))
      .execute();
  }

  async deleteTag(repositoryId: number, tag: string): Promise<boolean> {
    const result = await this.db.deleteFrom('tags').where('repository_id', '=', repositoryId).where('name', '=', tag).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async listTags(repositoryId: number, page: Page): Promise<string[]> {
    let query = this.db.selectFrom('tags').select('name').where('repository_id', '=', repositoryId);
    if (page.after !== undefined) query = query.where('name', '>', page.after);
    const rows = await query.orderBy('name').limit(page.limit).execute();
    return rows.map((row) => row.name);
  }

  async createUploadSession(session: UploadSessionRecord): Promise<void> {
    await this.db
      .insertInto('upload_sessions')
      .values({
        id: session.id,
        repository_id: session.repositoryId,
        algorithm: session.algorithm,
        started_at: session.startedAt,
        updated_at: session.updatedAt,
        ...(session.layerParts && layerPartsColumns(session.layerParts)),
      })
      .execute();
  }

  async findUploadSession(id: string): Promise<UploadSessionRecord | undefined> {
    const row = await this.db.selectFrom('upload_sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUploadSessionRecord(row);
  }

  async listStaleUploadSessions(olderThan: number, limit: number): Promise<UploadSessionRecord[]> {
    // A range scan of upload_sessions_updated_at (migration 004), in its order.
    const rows = await this.db.selectFrom('upload_sessions').selectAll().where('updated_at', '<', olderThan).orderBy('updated_at').orderBy('id').limit(limit).execute();
    return rows.map(toUploadSessionRecord);
  }

  async touchUploadSession(id: string, now: number): Promise<void> {
    await this.db.updateTable('upload_sessions').set({ updated_at: now }).where('id', '=', id).execute();
  }

  async putLayerParts(id: string, parts: LayerPartsRecord): Promise<void> {
    await this.db.updateTable('upload_sessions').set(layerPartsColumns(parts)).where('id', '=', id).execute();
  }

  async deleteUploadSession(id: string): Promise<void> {
    await this.db.deleteFrom('upload_sessions').where('id', '=', id).execute();
  }
}

function toUploadSessionRecord(row: Selectable<UploadSessionsTable>): UploadSessionRecord {
  const extent = (startByte: number | null, sizeBytes: number | null) =>
    startByte === null || sizeBytes === null ? undefined : { startByte: Number(startByte), sizeBytes: Number(sizeBytes) };
  const lastPart = extent(row.last_part_start_byte, row.last_part_size_bytes);
  const undersizedPart = extent(row.undersized_part_start_byte, row.undersized_part_size_bytes);
  return {
    id: row.id,
    repositoryId: row.repository_id,
    algorithm: row.algorithm,
    startedAt: Number(row.started_at),
    updatedAt: Number(row.updated_at),
    ...(lastPart && { layerParts: { lastPart, ...(undersizedPart && { undersizedPart }) } }),
  };
}

function layerPartsColumns(parts: LayerPartsRecord) {
  return {
    last_part_start_byte: parts.lastPart.startByte,
    last_part_size_bytes: parts.lastPart.sizeBytes,
    undersized_part_start_byte: parts.undersizedPart?.startByte ?? null,
    undersized_part_size_bytes: parts.undersizedPart?.sizeBytes ?? null,
  };
}

function toManifestRecord(row: Selectable<ManifestsTable>): ManifestRecord {
  return {
    repositoryId: row.repository_id,
    digest: row.digest,
    mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes),
    content: row.content,
    ...(row.artifact_type !== null && { artifactType: row.artifact_type }),
    ...(row.subject_digest !== null && { subjectDigest: row.subject_digest }),
    ...(row.annotations !== null && { annotations: JSON.parse(row.annotations) as Record<string, string> }),
    pushedAt: Number(row.pushed_at),
    ...(row.last_pulled_at !== null && { lastPulledAt: Number(row.last_pulled_at) }),
    imageSizeBytes: Number(row.image_size_bytes),
    ...(row.config_media_type !== null && { configMediaType: row.config_media_type }),
  };
}
