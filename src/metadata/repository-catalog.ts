// The repository catalog port: what the ECR control plane manages about repositories and accounts
// beyond the registry core (metadata-store.ts): creation with settings, listings of full records,
// resource tags, account settings, and image listings with their tags.
import type { RepositorySettings } from '../domain/repository-settings.js';
import type { RepositoryRecord } from './metadata-store.js';

export interface ResourceTag {
  key: string;
  value: string;
}

export interface NewRepository {
  registryId: string;
  name: string;
  createdAt: number;
  settings: RepositorySettings;
  resourceTags: ResourceTag[];
}

/** A manifest of a repository as ECR describes an image: facts plus every tag on it. */
export interface ImageRecord {
  digest: string;
  mediaType: string;
  manifestSizeBytes: number;
  imageSizeBytes: number;
  artifactType?: string;
  configMediaType?: string;
  /** The `subject` of a referrer (ECR's subjectManifestDigest). */
  subjectDigest?: string;
  pushedAt: number;
  lastPulledAt?: number;
  /** Sorted. */
  tags: string[];
}

export type TagStatus = 'TAGGED' | 'UNTAGGED' | 'ANY';

export interface RepositoryCatalog {
  /** Creates the repository, or returns undefined when the name is taken in the registry. */
  createRepository(repository: NewRepository): Promise<RepositoryRecord | undefined>;
  /** Repositories by name order; `names` restricts to those (missing ones are simply absent). */
  listRepositories(registryId: string, page: { after?: string; limit: number; names?: string[] }): Promise<RepositoryRecord[]>;
  updateSettings(repositoryId: number, settings: RepositorySettings): Promise<void>;
  /** Removes the repository with its images, tags, blob links, upload sessions, resource tags, policy, and lifecycle policy and preview. */
  deleteRepository(repositoryId: number): Promise<void>;
  countManifests(repositoryId: number): Promise<number>;

  listResourceTags(repositoryId: number): Promise<ResourceTag[]>;
  /** Adds or overwrites tags by key. */
  putResourceTags(repositoryId: number, tags: ResourceTag[]): Promise<void>;
  removeResourceTags(repositoryId: number, keys: string[]): Promise<void>;

  getAccountSetting(accountId: string, name: string): Promise<string | undefined>;
  putAccountSetting(accountId: string, name: string, value: string): Promise<void>;

  /** Images in digest order, after `afterDigest`, filtered by whether they carry tags. */
  listImages(repositoryId: number, query: { tagStatus: TagStatus; afterDigest?: string; limit: number }): Promise<ImageRecord[]>;
  /** The images among `digests` (absent ones are simply missing from the result). */
  findImages(repositoryId: number, digests: string[]): Promise<ImageRecord[]>;
}
