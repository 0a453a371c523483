// Per-repository settings ECR defines (CreateRepository, PutImageTagMutability, …) and the tag
// mutability rule they imply (ecr-behaviour.md §3).

export type ImageTagMutability = 'MUTABLE' | 'IMMUTABLE' | 'MUTABLE_WITH_EXCLUSION' | 'IMMUTABLE_WITH_EXCLUSION';

export interface TagMutabilityExclusionFilter {
  filterType: 'WILDCARD';
  /** Tag pattern where `*` matches any run of characters. */
  filter: string;
}

export interface RepositorySettings {
  imageTagMutability: ImageTagMutability;
  tagMutabilityExclusions: TagMutabilityExclusionFilter[];
  scanOnPush: boolean;
  encryption: { type: 'AES256' | 'KMS' | 'KMS_DSSE'; kmsKey?: string };
}

export const defaultRepositorySettings: RepositorySettings = {
  imageTagMutability: 'MUTABLE',
  tagMutabilityExclusions: [],
  scanOnPush: false,
  encryption: { type: 'AES256' },
};

function matchesWildcard(filter: string, tag: string): boolean {
  const pattern = filter.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}$`).test(tag);
}

/** Whether an existing `tag` may not be moved: IMMUTABLE, or an exception to MUTABLE, by filter. */
export function isTagImmutable(settings: RepositorySettings, tag: string): boolean {
  const excluded = settings.tagMutabilityExclusions.some((exclusion) => matchesWildcard(exclusion.filter, tag));
  switch (settings.imageTagMutability) {
    case 'MUTABLE':
      return false;
    case 'IMMUTABLE':
      return true;
    case 'IMMUTABLE_WITH_EXCLUSION':
      return !excluded;
    case 'MUTABLE_WITH_EXCLUSION':
      return excluded;
  }
}
