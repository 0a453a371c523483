// The use cases both HTTP surfaces call, wired once by the composition root.
import type { MetadataStore } from '../metadata/metadata-store.js';
import type { RepositoryCatalog } from '../metadata/repository-catalog.js';
import type { BlobStore } from '../storage/blob-store.js';
import { BlobService } from './blob-service.js';
import { ListingService } from './listing-service.js';
import { ManifestService } from './manifest-service.js';
import { RepositoryResolver } from './repository-address.js';
import { RepositoryService } from './repository-service.js';
import { UploadService } from './upload-service.js';

export interface RegistryServices {
  metadata: MetadataStore;
  catalog: RepositoryCatalog;
  repositories: RepositoryResolver;
  repositoryAdmin: RepositoryService;
  blobs: BlobService;
  uploads: UploadService;
  manifests: ManifestService;
  listings: ListingService;
  limits: { maxManifestBytes: number };
}

export interface RegistryServicesOptions {
  maxManifestBytes: number;
  createRepositoryOnPush: boolean;
  now?: () => number;
}

export function createRegistryServices(
  metadata: MetadataStore,
  catalog: RepositoryCatalog,
  blobStore: BlobStore,
  options: RegistryServicesOptions,
): RegistryServices {
  const now = options.now ?? Date.now;
  const repositories = new RepositoryResolver(metadata, { createOnPush: options.createRepositoryOnPush, now });
  const uploads = new UploadService(metadata, blobStore, repositories, now);
  return {
    metadata,
    catalog,
    repositories,
    repositoryAdmin: new RepositoryService(catalog, repositories, now),
    blobs: new BlobService(metadata, blobStore, repositories),
    uploads,
    manifests: new ManifestService(metadata, repositories, uploads, { maxManifestBytes: options.maxManifestBytes, now }),
    listings: new ListingService(metadata, repositories),
    limits: { maxManifestBytes: options.maxManifestBytes },
  };
}
