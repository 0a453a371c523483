// PutImageTagMutability: the repository's tag mutability mode and its exclusion filters, validated as
// CreateRepository validates them (ecr-behaviour.md §3).
import type { ImageTagMutability, TagMutabilityExclusionFilter } from '../../../domain/repository-settings.js';
import { repositoryAccess, targetRepository, type EcrOperation } from '../ecr-context.js';
import { mutabilitySettings } from './create-repository-operation.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  imageTagMutability: ImageTagMutability;
  imageTagMutabilityExclusionFilters?: TagMutabilityExclusionFilter[];
}

export const putImageTagMutability: EcrOperation<Input> = {
  name: 'PutImageTagMutability',
  access: repositoryAccess,
  async run(input, context) {
    const address = targetRepository(context, input);
    const updated = await context.services.repositoryAdmin.updateSettings(
      address,
      mutabilitySettings(input.imageTagMutability, input.imageTagMutabilityExclusionFilters),
    );
    const { imageTagMutability, tagMutabilityExclusions } = updated.settings;
    return {
      registryId: updated.registryId,
      repositoryName: updated.name,
      imageTagMutability,
      ...(tagMutabilityExclusions.length > 0 && { imageTagMutabilityExclusionFilters: tagMutabilityExclusions }),
    };
  },
};
