// The public registry port over Kysely (SQLite or PostgreSQL): aliases, catalog data and policies in
// their own tables (migration 009), public repositories and their tags read from the core's tables.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { RepositoryCatalogData } from '../public-registry/catalog-data.js';
import type { CatalogDataSummary, GalleryEntry, GalleryQuery, ImageTagRecord, PublicRegistryStore, RepositoryPage } from '../public-registry/public-registry-store.js';
import { publicRegistryId } from '../public-registry/public-repository-name.js';
import type { RegistryAlias } from '../public-registry/registry-alias.js';
import type { RepositoryRecord } from './metadata-store.js';
import { toRepositoryRecord } from './repository-rows.js';
import type { MetadataSchema, PublicRegistryAliasesTable, PublicRepositoryCatalogDataTable } from './schema.js';

export class KyselyPublicRegistryStore implements PublicRegistryStore {
  constructor(private readonly db: Kysely<MetadataSchema>) {}

  async ensurePublicRegistry(now: number): Promise<void> {
    await this.db
      .insertInto('accounts')
      .values({ id: publicRegistryId, name: 'ECR Public (the public repositories of every account)', is_default: 0, created_at: now })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
  }

  async aliases(accountId: string): Promise<RegistryAlias[]> {
    const rows = await this.db.selectFrom('public_registry_aliases').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('name').execute();
    return rows.map(toAlias);
  }

  async findAlias(name: string): Promise<RegistryAlias | undefined> {
    const row = await this.db.selectFrom('public_registry_aliases').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toAlias(row);
  }

  async addAlias(alias: RegistryAlias): Promise<boolean> {
    // No conflict target: the primary key (name) and the one-default index both make it a no-op.
    const result = await this.db
      .insertInto('public_registry_aliases')
      .values({
        name: alias.name,
        account_id: alias.accountId,
        status: alias.status,
        is_primary: alias.primary ? 1 : 0,
        is_default: alias.isDefault ? 1 : 0,
        created_at: alias.createdAt,
      })
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async registryDisplayName(accountId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('public_registry_catalog_data').select('display_name').where('account_id', '=', accountId).executeTakeFirst();
    return row?.display_name;
  }

  async putRegistryDisplayName(accountId: string, displayName: string, now: number): Promise<void> {
    await this.db
      .insertInto('public_registry_catalog_data')
      .values({ account_id: accountId, display_name: displayName, updated_at: now })
      .onConflict((conflict) => conflict.column('account_id').doUpdateSet({ display_name: displayName, updated_at: now }))
      .execute();
  }

  async listRepositories(prefix: string, page: RepositoryPage): Promise<RepositoryRecord[]> {
    if (page.names?.length === 0) return [];
    let query = this.db.selectFrom('repositories').selectAll().where('registry_id', '=', publicRegistryId);
    query = query.where('name', '>=', prefix).where('name', '<', prefixEnd(prefix));
    if (page.names !== undefined) query = query.where('name', 'in', page.names);
    if (page.after !== undefined) query = query.where('name', '>', page.after);
    const rows = await query.orderBy('name').limit(page.limit).execute();
    return rows.map(toRepositoryRecord);
  }

  async catalogData(repositoryId: number): Promise<RepositoryCatalogData | undefined> {
    const row = await this.db.selectFrom('public_repository_catalog_data').selectAll().where('repository_id', '=', repositoryId).executeTakeFirst();
    if (!row) return undefined;
    const { hasLogo: _hasLogo, ...summary } = toSummary(row);
    return { ...summary, ...(row.logo !== null && { logo: { bytes: Buffer.from(row.logo), mediaType: row.logo_media_type ?? 'application/octet-stream' } }) };
  }

  async putCatalogData(repositoryId: number, data: RepositoryCatalogData): Promise<void> {
    const columns = {
      description: data.description ?? null,
      about_text: data.aboutText ?? null,
      usage_text: data.usageText ?? null,
      architectures: JSON.stringify(data.architectures),
      operating_systems: JSON.stringify(data.operatingSystems),
      logo: data.logo?.bytes ?? null,
      logo_media_type: data.logo?.mediaType ?? null,
      updated_at: data.updatedAt,
    };
    await this.db
      .insertInto('public_repository_catalog_data')
      .values({ repository_id: repositoryId, ...columns })
      .onConflict((conflict) => conflict.column('repository_id').doUpdateSet(columns))
      .execute();
  }

  async policy(repositoryId: number): Promise<string | undefined> {
    const row = await this.db.selectFrom('public_repository_policies').select('policy_text').where('repository_id', '=', repositoryId).executeTakeFirst();
    return row?.policy_text;
  }

  async putPolicy(repositoryId: number, policyText: string, now: number): Promise<void> {
    await this.db
      .insertInto('public_repository_policies')
      .values({ repository_id: repositoryId, policy_text: policyText, updated_at: now })
      .onConflict((conflict) => conflict.column('repository_id').doUpdateSet({ policy_text: policyText, updated_at: now }))
      .execute();
  }

  async deletePolicy(repositoryId: number): Promise<boolean> {
    const result = await this.db.deleteFrom('public_repository_policies').where('repository_id', '=', repositoryId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async listImageTags(repositoryId: number, page: { after?: string; limit: number }): Promise<ImageTagRecord[]> {
    let query = this.db
      .selectFrom('tags')
      .innerJoin('manifests', (join) => join.onRef('manifests.repository_id', '=', 'tags.repository_id').onRef('manifests.digest', '=', 'tags.manifest_digest'))
      .select([
        'tags.name as tag',
        'tags.updated_at as tagged_at',
        'manifests.digest',
        'manifests.media_type',
        'manifests.image_size_bytes',
        'manifests.pushed_at',
        'manifests.config_media_type',
      ])
      .where('tags.repository_id', '=', repositoryId);
    if (page.after !== undefined) query = query.where('tags.name', '>', page.after);
    const rows = await query.orderBy('tags.name').limit(page.limit).execute();
    return rows.map((row) => ({
      tag: row.tag,
      taggedAt: Number(row.tagged_at),
      digest: row.digest,
      mediaType: row.media_type,
      imageSizeBytes: Number(row.image_size_bytes),
      pushedAt: Number(row.pushed_at),
      ...(row.config_media_type !== null && { configMediaType: row.config_media_type }),
    }));
  }

  async search(query: GalleryQuery): Promise<GalleryEntry[]> {
    let select = this.db
      .selectFrom('repositories')
      .leftJoin('public_repository_catalog_data as catalog', 'catalog.repository_id', 'repositories.id')
      .selectAll('repositories')
      .select([
        'catalog.repository_id as catalog_repository_id',
        'catalog.description',
        'catalog.about_text',
        'catalog.usage_text',
        'catalog.architectures',
        'catalog.operating_systems',
        // The logo's presence, not its bytes: a page of results stays small.
        sql<number>`case when catalog.logo is null then 0 else 1 end`.as('has_logo'),
        'catalog.updated_at as catalog_updated_at',
      ])
      .where('repositories.registry_id', '=', publicRegistryId);
    if (query.text) {
      const pattern = `%${escapeLike(query.text.toLowerCase())}%`;
      select = select.where((eb) =>
        eb.or([
          eb(sql`lower(repositories.name)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(catalog.description)`, 'like', sql`${pattern} escape '\\'`),
        ]),
      );
    }
    // Exact values inside the JSON list text, quotes included, so `x86` never matches `x86-64`.
    if (query.architecture !== undefined) select = select.where('catalog.architectures', 'like', sql<string>`${`%${escapeLike(JSON.stringify(query.architecture))}%`} escape '\\'`);
    if (query.operatingSystem !== undefined) {
      select = select.where('catalog.operating_systems', 'like', sql<string>`${`%${escapeLike(JSON.stringify(query.operatingSystem))}%`} escape '\\'`);
    }
    if (query.after !== undefined) select = select.where('repositories.name', '>', query.after);
    const rows = await select.orderBy('repositories.name').limit(query.limit).execute();
    return rows.map((row) => {
      const { catalog_repository_id, description, about_text, usage_text, architectures, operating_systems, has_logo, catalog_updated_at, ...repository } = row;
      const catalogData =
        catalog_repository_id === null
          ? undefined
          : toSummary({ description, about_text, usage_text, architectures: architectures!, operating_systems: operating_systems!, logo: Number(has_logo) === 1 ? Buffer.alloc(0) : null, updated_at: catalog_updated_at! });
      return { repository: toRepositoryRecord(repository), ...(catalogData && { catalogData }) };
    });
  }
}

/** The smallest string above every string starting with `prefix` (`alias/` → `alias0`). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function toAlias(row: Selectable<PublicRegistryAliasesTable>): RegistryAlias {
  return {
    name: row.name,
    accountId: row.account_id,
    status: row.status,
    primary: row.is_primary === 1,
    isDefault: row.is_default === 1,
    createdAt: Number(row.created_at),
  };
}

type CatalogRow = Pick<Selectable<PublicRepositoryCatalogDataTable>, 'description' | 'about_text' | 'usage_text' | 'architectures' | 'operating_systems' | 'logo' | 'updated_at'>;

function toSummary(row: CatalogRow): CatalogDataSummary {
  return {
    ...(row.description !== null && { description: row.description }),
    ...(row.about_text !== null && { aboutText: row.about_text }),
    ...(row.usage_text !== null && { usageText: row.usage_text }),
    architectures: JSON.parse(row.architectures) as string[],
    operatingSystems: JSON.parse(row.operating_systems) as string[],
    hasLogo: row.logo !== null,
    updatedAt: Number(row.updated_at),
  };
}
