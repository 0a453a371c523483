// The repository catalog port over Kysely (SQLite or PostgreSQL).
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { RepositorySettings } from '../domain/repository-settings.js';
import type { RepositoryRecord } from './metadata-store.js';
import type { ImageRecord, NewRepository, RepositoryCatalog, ResourceTag, TagStatus } from './repository-catalog.js';
import { settingsColumns, toRepositoryRecord } from './repository-rows.js';
import type { ManifestsTable, MetadataSchema } from './schema.js';
import { serializableTransaction } from './serializable-transaction.js';

type ImageRow = Pick<
  Selectable<ManifestsTable>,
  'digest' | 'media_type' | 'size_bytes' | 'image_size_bytes' | 'artifact_type' | 'config_media_type' | 'subject_digest' | 'pushed_at' | 'last_pulled_at'
>;

export class KyselyRepositoryCatalog implements RepositoryCatalog {
  constructor(private readonly db: Kysely<MetadataSchema>) {}

  async createRepository(repository: NewRepository): Promise<RepositoryRecord | undefined> {
    return serializableTransaction(this.db, async (trx) => {
      const inserted = await trx
        .insertInto('repositories')
        .values({ registry_id: repository.registryId, name: repository.name, created_at: repository.createdAt, ...settingsColumns(repository.settings) })
        .onConflict((conflict) => conflict.columns(['registry_id', 'name']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted) return undefined;
      if (repository.resourceTags.length > 0) {
        await trx
          .insertInto('repository_resource_tags')
          .values(repository.resourceTags.map((tag) => ({ repository_id: inserted.id, key: tag.key, value: tag.value })))
          .execute();
      }
      return toRepositoryRecord(inserted);
    });
  }

  async listRepositories(registryId: string, page: { after?: string; limit: number; names?: string[] }): Promise<RepositoryRecord[]> {
    let query = this.db.selectFrom('repositories').selectAll().where('registry_id', '=', registryId);
    if (page.names !== undefined) {
      if (page.names.length === 0) return [];
      query = query.where('name', 'in', page.names);
    }
    if (page.after !== undefined) query = query.where('name', '>', page.after);
    const rows = await query.orderBy('name').limit(page.limit).execute();
    return rows.map(toRepositoryRecord);
  }

  async updateSettings(repositoryId: number, settings: RepositorySettings): Promise<void> {
    await this.db.updateTable('repositories').set(settingsColumns(settings)).where('id', '=', repositoryId).execute();
  }

  async deleteRepository(repositoryId: number): Promise<void> {
    // Children first, explicitly: PostgreSQL and SQLite agree on that whatever the foreign keys do.
    await serializableTransaction(this.db, async (trx) => {
      await trx.deleteFrom('tags').where('repository_id', '=', repositoryId).execute();
      await trx.deleteFrom('manifest_references').where('repository_id', '=', repositoryId).execute();
      await trx.deleteFrom('manifests').where('repository_id', '=', repositoryId).execute();
      await trx.deleteFrom('repository_blobs').where('repository_id', '=', repositoryId).execute();
      await trx.deleteFrom('upload_sessions').where('repository_id', '=', repositoryId).execute();
      await trx.deleteFrom('repository_resource_tags').where('repository_id', '=', repositoryId).execute();
      await trx.deleteFrom('repository_policies').where('repository_id', '=', repositoryId).execute();
      await trx.deleteFrom('lifecycle_preview_results').where('repository_id', '=', repositoryId).execute();
      await trx.deleteFrom('lifecycle_previews').where('repository_id', '=', repositoryId).execute();
      await trx.deleteFrom('lifecycle_policies').where('repository_id', '=', repositoryId).execute();
      await trx.deleteFrom('repositories').where('id', '=', repositoryId).execute();
    });
  }

  async countManifests(repositoryId: number): Promise<number> {
    const row = await this.db
      .selectFrom('manifests')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('repository_id', '=', repositoryId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async listResourceTags(repositoryId: number): Promise<ResourceTag[]> {
    return this.db.selectFrom('repository_resource_tags').select(['key', 'value']).where('repository_id', '=', repositoryId).orderBy('key').execute();
  }

  async putResourceTags(repositoryId: number, tags: ResourceTag[]): Promise<void> {
    if (tags.length === 0) return;
    await this.db
      .insertInto('repository_resource_tags')
      .values(tags.map((tag) => ({ repository_id: repositoryId, key: tag.key, value: tag.value })))
      .onConflict((conflict) => conflict.columns(['repository_id', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute();
  }

  async removeResourceTags(repositoryId: number, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.deleteFrom('repository_resource_tags').where('repository_id', '=', repositoryId).where('key', 'in', keys).execute();
  }

  async getAccountSetting(accountId: string, name: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('account_settings').select('value').where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
    return row?.value;
  }

  async putAccountSetting(accountId: string, name: string, value: string): Promise<void> {
    await this.db
      .insertInto('account_settings')
      .values({ account_id: accountId, name, value })
      .onConflict((conflict) => conflict.columns(['account_id', 'name']).doUpdateSet({ value }))
      .execute();
  }

  async listImages(repositoryId: number, query: { tagStatus: TagStatus; afterDigest?: string; limit: number }): Promise<ImageRecord[]> {
    let select = this.db.selectFrom('manifests').select(imageColumns).where('repository_id', '=', repositoryId);
    if (query.afterDigest !== undefined) select = select.where('digest', '>', query.afterDigest);
    const tagged = (eb: ExpressionBuilder<MetadataSchema, 'manifests'>) =>
      eb.exists(
        eb
          .selectFrom('tags')
          .select('tags.name')
          .whereRef('tags.repository_id', '=', 'manifests.repository_id')
          .whereRef('tags.manifest_digest', '=', 'manifests.digest'),
      );
    if (query.tagStatus === 'TAGGED') select = select.where((eb) => tagged(eb));
    if (query.tagStatus === 'UNTAGGED') select = select.where((eb) => eb.not(tagged(eb)));
    const rows = await select.orderBy('digest').limit(query.limit).execute();
    return this.withTags(repositoryId, rows);
  }

  async findImages(repositoryId: number, digests: string[]): Promise<ImageRecord[]> {
    if (digests.length === 0) return [];
    const rows = await this.db
      .selectFrom('manifests')
      .select(imageColumns)
      .where('repository_id', '=', repositoryId)
      .where('digest', 'in', digests)
      .orderBy('digest')
      .execute();
    return this.withTags(repositoryId, rows);
  }

  private async withTags(repositoryId: number, rows: ImageRow[]): Promise<ImageRecord[]> {
    if (rows.length === 0) return [];
    const tagRows = await this.db
      .selectFrom('tags')
      .select(['name', 'manifest_digest'])
      .where('repository_id', '=', repositoryId)
      .where(
        'manifest_digest',
        'in',
        rows.map((row) => row.digest),
      )
      .orderBy('name')
      .execute();
    const tagsByDigest = new Map<string, string[]>();
    for (const tag of tagRows) tagsByDigest.set(tag.manifest_digest, [...(tagsByDigest.get(tag.manifest_digest) ?? []), tag.name]);
    return rows.map((row) => ({
      digest: row.digest,
      mediaType: row.media_type,
      manifestSizeBytes: Number(row.size_bytes),
      imageSizeBytes: Number(row.image_size_bytes),
      ...(row.artifact_type !== null && { artifactType: row.artifact_type }),
      ...(row.config_media_type !== null && { configMediaType: row.config_media_type }),
      ...(row.subject_digest !== null && { subjectDigest: row.subject_digest }),
      pushedAt: Number(row.pushed_at),
      ...(row.last_pulled_at !== null && { lastPulledAt: Number(row.last_pulled_at) }),
      tags: tagsByDigest.get(row.digest) ?? [],
    }));
  }
}

const imageColumns = [
  'digest',
  'media_type',
  'size_bytes',
  'image_size_bytes',
  'artifact_type',
  'config_media_type',
  'subject_digest',
  'pushed_at',
  'last_pulled_at',
] as const;
