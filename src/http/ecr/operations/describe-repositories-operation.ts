// DescribeRepositories: by name order, paged with nextToken, or exactly the named repositories
// (then each must exist, and nextToken may not be used, as ECR rules).
import { RegistryError } from '../../../domain/registry-error.js';
import { validateRepositoryName } from '../../../domain/names.js';
import { repositoryAccess, targetRegistry, type EcrOperation, type OperationAccess } from '../ecr-context.js';
import { repositoryShape } from '../ecr-shapes.js';
import { decodeNextToken, pageOf } from '../pagination-token.js';

interface Input {
  registryId?: string;
  repositoryNames?: string[];
  nextToken?: string;
  maxResults?: number;
}

export const describeRepositories: EcrOperation<Input> = {
  name: 'DescribeRepositories',
  // Named repositories are decided one by one; a listing of them all on `…:repository/*`.
  access: (input, context): OperationAccess | OperationAccess[] =>
    input.repositoryNames !== undefined
      ? input.repositoryNames.map((repositoryName) => repositoryAccess({ ...(input.registryId !== undefined && { registryId: input.registryId }), repositoryName }, context))
      : { resource: { kind: 'repositories', registryId: targetRegistry(context, input.registryId) } },
  async run(input, context) {
    const registryId = targetRegistry(context, input.registryId);
    if (input.repositoryNames !== undefined && (input.nextToken !== undefined || input.maxResults !== undefined)) {
      throw new RegistryError('invalid-parameter', 'Cannot specify repositoryNames together with nextToken or maxResults');
    }
    const names = input.repositoryNames?.map(validateRepositoryName);
    const after = decodeNextToken(input.nextToken, 'after');
    const page = await pageOf(
      input.maxResults ?? 100,
      (limit) => context.services.repositoryAdmin.list(registryId, { limit, ...(after !== undefined && { after }), ...(names && { names }) }),
      (last) => ({ after: last.name }),
    );
    return { repositories: page.items.map((repository) => repositoryShape(repository, context)), ...(page.nextToken && { nextToken: page.nextToken }) };
  },
};
