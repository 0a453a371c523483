// The public registry port: what ECR Public keeps beyond the registry core — registry aliases,
// registry and repository catalog data, repository policies — and the reads the public API and the
// gallery need over public repositories (rows of the core's `repositories` in `publicRegistryId`,
// named `<alias>/<name>`, see public-repository-name.ts).
// Contract (metadata/testing/public-registry-store-contract.ts, on SQLite and PostgreSQL):
// - an alias name is taken once across all accounts; an account has at most one default alias;
// - catalog data and policies go with their repository: deleting the repository row removes them;
// - listings are in byte order of stored names, like every listing of the core.
import type { RepositoryRecord } from '../metadata/metadata-store.js';
import type { RepositoryCatalogData } from './catalog-data.js';
import type { RegistryAlias } from './registry-alias.js';

/** A tag of a public repository with what DescribeImageTags reports about its image. */
export interface ImageTagRecord {
  tag: string;
  /** When the tag was last moved to its image. */
  taggedAt: number;
  digest: string;
  mediaType: string;
  imageSizeBytes: number;
  pushedAt: number;
  configMediaType?: string;
}

export interface GalleryQuery {
  /** Case-insensitive substring of the stored name (`alias/name`) or the description. */
  text?: string;
  /** Exact badge values, as stored. */
  architecture?: string;
  operatingSystem?: string;
  /** Stored name of the last entry of the previous page. */
  after?: string;
  limit: number;
}

/** Catalog data without the logo's bytes, for listings. */
export type CatalogDataSummary = Omit<RepositoryCatalogData, 'logo'> & { hasLogo: boolean };

export interface GalleryEntry {
  repository: RepositoryRecord;
  catalogData?: CatalogDataSummary;
}

export interface RepositoryPage {
  /** Stored name after which the page starts. */
  after?: string;
  limit: number;
  /** Exactly these stored names (missing ones are simply absent). */
  names?: string[];
}

export interface PublicRegistryStore {
  /** Creates the `accounts` row public repositories belong to, once; safe to call from many nodes. */
  ensurePublicRegistry(now: number): Promise<void>;

  aliases(accountId: string): Promise<RegistryAlias[]>;
  findAlias(name: string): Promise<RegistryAlias | undefined>;
  /** Adds an alias; false when its name is taken or the account already has a default alias. */
  addAlias(alias: RegistryAlias): Promise<boolean>;

  registryDisplayName(accountId: string): Promise<string | undefined>;
  putRegistryDisplayName(accountId: string, displayName: string, now: number): Promise<void>;

  /** Public repositories whose stored name starts with `prefix` (`<alias>/`), by name. */
  listRepositories(prefix: string, page: RepositoryPage): Promise<RepositoryRecord[]>;

  catalogData(repositoryId: number): Promise<RepositoryCatalogData | undefined>;
  /** Replaces the repository's catalog data (the service merges changes before). */
  putCatalogData(repositoryId: number, data: RepositoryCatalogData): Promise<void>;

  policy(repositoryId: number): Promise<string | undefined>;
  putPolicy(repositoryId: number, policyText: string, now: number): Promise<void>;
  /** Whether there was a policy to delete. */
  deletePolicy(repositoryId: number): Promise<boolean>;

  /** Tags of a repository by name (byte order), after `after`, each with its image. */
  listImageTags(repositoryId: number, page: { after?: string; limit: number }): Promise<ImageTagRecord[]>;

  /** Public repositories matching the query, by stored name. */
  search(query: GalleryQuery): Promise<GalleryEntry[]>;
}
