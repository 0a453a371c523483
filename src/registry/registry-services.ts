// The use cases both HTTP surfaces call, wired once by the composition root.
import type { MetadataStore } from '../metadata/metadata-store.js';
import type { RepositoryCatalog } from '../metadata/repository-catalog.js';
import type { ResourcePolicyStore } from '../metadata/resource-policy-store.js';
import type { BlobStore } from '../storage/blob-store.js';
import { AccountSettingsService } from './account-settings-service.js';
import { BlobService } from './blob-service.js';
import { ImageService } from './image-service.js';
import { LayerService, type DownloadUrlSigner } from './layer-service.js';
import { ListingService } from './listing-service.js';
import { ManifestService } from './manifest-service.js';
import { RepositoryResolver } from './repository-address.js';
import { RepositoryService } from './repository-service.js';
import { ResourcePolicyService } from './resource-policy-service.js';
import { UploadService } from './upload-service.js';

export interface RegistryServices {
  metadata: MetadataStore;
  catalog: RepositoryCatalog;
  repositories: RepositoryResolver;
  repositoryAdmin: RepositoryService;
  accountSettings: AccountSettingsService;
  resourcePolicies: ResourcePolicyService;
  blobs: BlobService;
  uploads: UploadService;
  layers: LayerService;
  manifests: ManifestService;
  images: ImageService;
  listings: ListingService;
  limits: { maxManifestBytes: number };
}

export interface RegistryServicesOptions {
  maxManifestBytes: number;
  createRepositoryOnPush: boolean;
  /** Answer blob pulls with a redirect to the store's presigned URL where it has one. */
  redirectPulls?: boolean;
  /** Signs GetDownloadUrlForLayer's URLs. */
  layerDownloadSigner: DownloadUrlSigner;
  /** Where repository and registry policies are kept. */
  resourcePolicies: ResourcePolicyStore;
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
  const accountSettings = new AccountSettingsService(catalog);
  const uploads = new UploadService({
    metadata,
    blobs: blobStore,
    repositories,
    now,
    mountingAllowed: (registryId) => accountSettings.allowsBlobMounting(registryId),
  });
  const manifests = new ManifestService(metadata, repositories, uploads, { maxManifestBytes: options.maxManifestBytes, now });
  return {
    metadata,
    catalog,
    repositories,
    repositoryAdmin: new RepositoryService(catalog, repositories, now),
    accountSettings,
    resourcePolicies: new ResourcePolicyService(options.resourcePolicies, repositories, accountSettings, now),
    blobs: new BlobService(metadata, blobStore, repositories, options.redirectPulls ?? false),
    uploads,
    layers: new LayerService(metadata, uploads, repositories, options.layerDownloadSigner),
    manifests,
    images: new ImageService(metadata, catalog, repositories, manifests),
    listings: new ListingService(metadata, repositories),
    limits: { maxManifestBytes: options.maxManifestBytes },
  };
}
