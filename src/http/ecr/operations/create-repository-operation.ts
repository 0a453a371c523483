// CreateRepository with resource tags, tag mutability (and its exclusion filters), scan-on-push and
// encryption settings, validated the way ECR validates them.
import { RegistryError } from '../../../domain/registry-error.js';
import type { ImageTagMutability, RepositorySettings, TagMutabilityExclusionFilter } from '../../../domain/repository-settings.js';
import { repositoryAddress } from '../../../registry/repository-address.js';
import { repositoryAccess, requestTagContext, targetRegistry, type EcrOperation } from '../ecr-context.js';
import { repositoryShape } from '../ecr-shapes.js';
import { resourceTagsOf, type ModelTag } from './resource-tags.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  tags?: ModelTag[];
  imageTagMutability?: ImageTagMutability;
  imageTagMutabilityExclusionFilters?: TagMutabilityExclusionFilter[];
  imageScanningConfiguration?: { scanOnPush?: boolean };
  encryptionConfiguration?: { encryptionType: RepositorySettings['encryption']['type']; kmsKey?: string };
}

export const createRepository: EcrOperation<Input> = {
  name: 'CreateRepository',
  access: (input, context) => ({ ...repositoryAccess(input, context), context: requestTagContext(input.tags ?? []) }),
  async run(input, context) {
    const registryId = targetRegistry(context, input.registryId);
    const created = await context.services.repositoryAdmin.create({
      address: repositoryAddress(registryId, input.repositoryName),
      settings: {
        ...mutabilitySettings(input.imageTagMutability, input.imageTagMutabilityExclusionFilters),
        scanOnPush: input.imageScanningConfiguration?.scanOnPush ?? false,
        encryption: encryptionSettings(input.encryptionConfiguration),
      },
      resourceTags: resourceTagsOf(input.tags),
    });
    return { repository: repositoryShape(created, context) };
  },
};

/** Exclusion filters go with the *_WITH_EXCLUSION modes, and only with them. */
export function mutabilitySettings(
  mode: ImageTagMutability | undefined,
  filters: TagMutabilityExclusionFilter[] | undefined,
): Pick<RepositorySettings, 'imageTagMutability' | 'tagMutabilityExclusions'> {
  const imageTagMutability = mode ?? 'MUTABLE';
  const withExclusion = imageTagMutability.endsWith('_WITH_EXCLUSION');
  if (withExclusion && !filters?.length) {
    throw new RegistryError('invalid-parameter', `imageTagMutabilityExclusionFilters are required with ${imageTagMutability}`);
  }
  if (!withExclusion && filters?.length) {
    throw new RegistryError('invalid-parameter', `imageTagMutabilityExclusionFilters can only be used with MUTABLE_WITH_EXCLUSION or IMMUTABLE_WITH_EXCLUSION`);
  }
  return { imageTagMutability, tagMutabilityExclusions: filters ?? [] };
}

function encryptionSettings(configuration: Input['encryptionConfiguration']): RepositorySettings['encryption'] {
  if (!configuration) return { type: 'AES256' };
  if (configuration.encryptionType === 'AES256' && configuration.kmsKey !== undefined) {
    throw new RegistryError('invalid-parameter', 'Invalid parameter at \'encryptionConfiguration\' failed to satisfy constraint: \'kmsKey can only be specified when encryptionType is KMS or KMS_DSSE\'');
  }
  return { type: configuration.encryptionType, ...(configuration.kmsKey !== undefined && { kmsKey: configuration.kmsKey }) };
}
