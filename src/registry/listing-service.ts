// Tags, the catalog and referrers: listings answered from metadata alone.
import { parseDigest } from '../domain/digest.js';
import type { MetadataStore, ReferrerRecord } from '../metadata/metadata-store.js';
import { listPage, type ListingPage, type ListingRequest } from './pagination.js';
import type { RepositoryAddress, RepositoryResolver } from './repository-address.js';

export class ListingService {
  constructor(
    private readonly metadata: MetadataStore,
    private readonly repositories: RepositoryResolver,
  ) {}

  async tags(address: RepositoryAddress, request: ListingRequest): Promise<ListingPage> {
    const repository = await this.repositories.existing(address);
    return listPage(request, (page) => this.metadata.listTags(repository.id, page));
  }

  async catalog(registryId: string, request: ListingRequest): Promise<ListingPage> {
    return listPage(request, (page) => this.metadata.listRepositoryNames(registryId, page));
  }

  /** Manifests of the repository whose `subject` is `digestText`, optionally of one artifactType. */
  async referrers(address: RepositoryAddress, digestText: string, artifactType?: string): Promise<ReferrerRecord[]> {
    const digest = parseDigest(digestText);
    const repository = await this.repositories.existing(address);
    return this.metadata.listReferrers(repository.id, digest.value, artifactType);
  }
}
