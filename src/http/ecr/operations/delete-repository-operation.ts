// DeleteRepository: a repository that still holds images needs `force`, which deletes them with it
// (RepositoryNotEmptyException otherwise, worded as ECR words it). Returns the deleted repository.
import { repositoryAddress } from '../../../registry/repository-address.js';
import { repositoryAccess, targetRegistry, type EcrOperation } from '../ecr-context.js';
import { repositoryShape } from '../ecr-shapes.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  force?: boolean;
}

export const deleteRepository: EcrOperation<Input> = {
  name: 'DeleteRepository',
  access: repositoryAccess,
  async run(input, context) {
    const registryId = targetRegistry(context, input.registryId);
    const deleted = await context.services.repositoryAdmin.delete(repositoryAddress(registryId, input.repositoryName), { force: input.force ?? false });
    return { repository: repositoryShape(deleted, context) };
  },
};
