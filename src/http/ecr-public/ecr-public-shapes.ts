// Records → ECR Public's output shapes (service-2.json Repository, RepositoryCatalogData, Registry).
// Public repositories are stored as `<alias>/<name>` in the public registry (public-repository-name.ts);
// the API names them `<name>` in the owner's account, and their URI is `<public host>/<alias>/<name>`.
import type { RepositoryRecord } from '../../metadata/metadata-store.js';
import type { CatalogDataSummary } from '../../public-registry/public-registry-store.js';
import type { RepositoryCatalogData } from '../../public-registry/catalog-data.js';
import { publicRegistryArn, publicRepositoryArn } from '../../public-registry/public-arn.js';
import type { PublicRegistry } from '../../public-registry/public-registry-service.js';
import { splitStoredRepositoryName } from '../../public-registry/public-repository-name.js';
import { publicHostOf, type EcrPublicContext } from './ecr-public-context.js';

export function repositoryShape(record: RepositoryRecord, accountId: string, context: EcrPublicContext) {
  const name = splitStoredRepositoryName(record.name)?.name ?? record.name;
  return {
    repositoryArn: publicRepositoryArn(accountId, name),
    registryId: accountId,
    repositoryName: name,
    repositoryUri: `${publicHostOf(context)}/${record.name}`,
    createdAt: new Date(record.createdAt),
  };
}

/** The catalog data as the API returns it: the logo as a URL of Berth's gallery, never as bytes. */
export function catalogDataShape(data: RepositoryCatalogData | CatalogDataSummary, storedName: string, context: EcrPublicContext) {
  const hasLogo = 'hasLogo' in data ? data.hasLogo : data.logo !== undefined;
  return {
    ...(data.description !== undefined && { description: data.description }),
    architectures: data.architectures,
    operatingSystems: data.operatingSystems,
    // ?v= changes with every catalog update, so caches never show an old logo.
    ...(hasLogo && { logoUrl: `${context.requestScheme}://${publicHostOf(context)}/gallery/api/logos/${storedName}?v=${data.updatedAt}` }),
    ...(data.aboutText !== undefined && { aboutText: data.aboutText }),
    ...(data.usageText !== undefined && { usageText: data.usageText }),
    marketplaceCertified: false,
  };
}

/** Berth has no AWS Marketplace: no registry is verified. */
export function registryShape(registry: PublicRegistry, context: EcrPublicContext) {
  return {
    registryId: registry.accountId,
    registryArn: publicRegistryArn(registry.accountId),
    registryUri: `${publicHostOf(context)}/${registry.primaryAlias}`,
    verified: false,
    aliases: registry.aliases.map((alias) => ({
      name: alias.name,
      status: alias.status,
      primaryRegistryAlias: alias.primary,
      defaultRegistryAlias: alias.isDefault,
    })),
  };
}
