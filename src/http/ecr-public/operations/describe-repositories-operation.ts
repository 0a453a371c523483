// DescribeRepositories: the caller's public repositories by name, paged with nextToken, or exactly the
// named ones (each must exist, and nextToken may not be used with them, as ECR rules).
import { RegistryError } from '../../../domain/registry-error.js';
import { splitStoredRepositoryName } from '../../../public-registry/public-repository-name.js';
import { decodeNextToken, pageOf } from '../../ecr/pagination-token.js';
import { targetAccount, type EcrPublicOperation } from '../ecr-public-context.js';
import { repositoryShape } from '../ecr-public-shapes.js';

interface Input {
  registryId?: string;
  repositoryNames?: string[];
  nextToken?: string;
  maxResults?: number;
}

export const describeRepositories: EcrPublicOperation<Input> = {
  name: 'DescribeRepositories',
  async run(input, context) {
    const accountId = await targetAccount(context, input.registryId);
    if (input.repositoryNames !== undefined && (input.nextToken !== undefined || input.maxResults !== undefined)) {
      throw new RegistryError('invalid-parameter', 'Cannot specify repositoryNames together with nextToken or maxResults');
    }
    const after = decodeNextToken(input.nextToken, 'after');
    const page = await pageOf(
      input.maxResults ?? 100,
      (limit) =>
        context.ecrPublic.repositories.list(accountId, {
          limit,
          ...(after !== undefined && { after }),
          ...(input.repositoryNames !== undefined && { names: input.repositoryNames }),
        }),
      (last) => ({ after: splitStoredRepositoryName(last.name)!.name }),
    );
    return {
      repositories: page.items.map((repository) => repositoryShape(repository, accountId, context)),
      ...(page.nextToken && { nextToken: page.nextToken }),
    };
  },
};
