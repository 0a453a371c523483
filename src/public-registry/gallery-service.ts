// The gallery: search and browse public repositories by their catalog data, without credentials, as
// https://gallery.ecr.aws does. Filters take the gallery's badges only (catalog-data.ts); badges
// outside that list are stored and returned by the API but are not discoverable here, as on ECR.
import { RegistryError } from '../domain/registry-error.js';
import type { RepositoryRecord } from '../metadata/metadata-store.js';
import { galleryArchitectures, galleryOperatingSystems, type RepositoryCatalogData, type RepositoryLogo } from './catalog-data.js';
import type { PublicRegistryService } from './public-registry-service.js';
import type { CatalogDataSummary, PublicRegistryStore } from './public-registry-store.js';
import { splitStoredRepositoryName, storedRepositoryName, validatePublicRepositoryName } from './public-repository-name.js';
import { isRegistryAlias } from './registry-alias.js';

export interface GalleryRepository {
  accountId: string;
  alias: string;
  name: string;
  createdAt: number;
  /** The registry's display name, when it has one. */
  registryDisplayName?: string;
  catalogData?: CatalogDataSummary;
}

export interface GallerySearchRequest {
  text?: string;
  architecture?: string;
  operatingSystem?: string;
  /** `<alias>/<name>` of the last result of the previous page. */
  after?: string;
  limit: number;
}

export const maxSearchTextChars = 256;

export class GalleryService {
  constructor(
    private readonly store: PublicRegistryStore,
    private readonly registries: PublicRegistryService,
  ) {}

  async search(request: GallerySearchRequest): Promise<GalleryRepository[]> {
    if (request.text !== undefined && [...request.text].length > maxSearchTextChars) {
      throw new RegistryError('invalid-parameter', `the search text is at most ${maxSearchTextChars} characters`);
    }
    checkBadge('architecture', request.architecture, galleryArchitectures);
    checkBadge('operatingSystem', request.operatingSystem, galleryOperatingSystems);
    const entries = await this.store.search({
      limit: request.limit,
      ...(request.text && { text: request.text }),
      ...(request.architecture !== undefined && { architecture: request.architecture }),
      ...(request.operatingSystem !== undefined && { operatingSystem: request.operatingSystem }),
      ...(request.after !== undefined && { after: request.after }),
    });
    const displayNames = new Map<string, string | undefined>();
    const found: GalleryRepository[] = [];
    for (const entry of entries) {
      const repository = await this.describe(entry.repository, entry.catalogData, displayNames);
      if (repository) found.push(repository);
    }
    return found;
  }

  async repository(alias: string, name: string): Promise<GalleryRepository> {
    const repository = await this.find(alias, name);
    const catalogData = await this.store.catalogData(repository.id);
    const described = await this.describe(repository, catalogData && summaryOf(catalogData), new Map());
    if (!described) throw notFound(alias, name);
    return described;
  }

  async logo(alias: string, name: string): Promise<RepositoryLogo> {
    const repository = await this.find(alias, name);
    const logo = (await this.store.catalogData(repository.id))?.logo;
    if (!logo) throw new RegistryError('catalog-data-not-found', `the repository ${alias}/${name} has no logo`);
    return logo;
  }

  private async find(alias: string, name: string): Promise<RepositoryRecord> {
    if (!isRegistryAlias(alias)) throw notFound(alias, name);
    const stored = storedRepositoryName(alias, validatePublicRepositoryName(name));
    const [repository] = await this.store.listRepositories(`${alias}/`, { names: [stored], limit: 1 });
    if (!repository) throw notFound(alias, name);
    return repository;
  }

  private async describe(repository: RepositoryRecord, catalogData: CatalogDataSummary | undefined, displayNames: Map<string, string | undefined>) {
    const parts = splitStoredRepositoryName(repository.name);
    const accountId = parts && (await this.registries.ownerOf(repository.name));
    if (!parts || accountId === undefined) return undefined;
    if (!displayNames.has(accountId)) displayNames.set(accountId, await this.registries.displayName(accountId));
    const registryDisplayName = displayNames.get(accountId);
    return {
      accountId,
      alias: parts.alias,
      name: parts.name,
      createdAt: repository.createdAt,
      ...(registryDisplayName && { registryDisplayName }),
      ...(catalogData && {
        catalogData: {
          ...catalogData,
          architectures: catalogData.architectures.filter((value) => galleryArchitectures.includes(value)),
          operatingSystems: catalogData.operatingSystems.filter((value) => galleryOperatingSystems.includes(value)),
        },
      }),
    } satisfies GalleryRepository;
  }
}

function summaryOf({ logo, ...rest }: RepositoryCatalogData): CatalogDataSummary {
  return { ...rest, hasLogo: logo !== undefined };
}

function checkBadge(filter: string, value: string | undefined, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new RegistryError('invalid-parameter', `${filter} must be one of ${allowed.map((badge) => `'${badge}'`).join(', ')}`);
  }
}

function notFound(alias: string, name: string): RegistryError {
  return new RegistryError('repository-not-found', `no public repository ${alias}/${name}`, { name: `${alias}/${name}` });
}
