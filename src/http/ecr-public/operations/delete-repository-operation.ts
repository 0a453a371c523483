// DeleteRepository: a public repository that still holds images needs `force`, which deletes them with
// it (RepositoryNotEmptyException otherwise). Its catalog data and policy go with it.
import { targetRepository, type EcrPublicOperation } from '../ecr-public-context.js';
import { repositoryShape } from '../ecr-public-shapes.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  force?: boolean;
}

export const deleteRepository: EcrPublicOperation<Input> = {
  name: 'DeleteRepository',
  async run(input, context) {
    const ref = await targetRepository(context, input);
    const deleted = await context.ecrPublic.repositories.delete(ref, { force: input.force ?? false });
    return { repository: repositoryShape(deleted, ref.accountId, context) };
  },
};
