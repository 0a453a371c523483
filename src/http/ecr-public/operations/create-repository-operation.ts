// CreateRepository: a repository in the caller's public registry, with its catalog data and resource
// tags. The account's default registry alias is assigned here the first time (as ECR assigns it with
// the first public repository).
import { resourceTagsOf, type ModelTag } from '../../ecr/operations/resource-tags.js';
import { targetRepository, type EcrPublicOperation } from '../ecr-public-context.js';
import { catalogDataShape, repositoryShape } from '../ecr-public-shapes.js';
import { catalogDataChangeOf, type ModelCatalogDataInput } from './catalog-data-input.js';

interface Input {
  repositoryName: string;
  catalogData?: ModelCatalogDataInput;
  tags?: ModelTag[];
}

export const createRepository: EcrPublicOperation<Input> = {
  name: 'CreateRepository',
  async run(input, context) {
    const ref = await targetRepository(context, input);
    const created = await context.ecrPublic.repositories.create(ref, {
      catalogData: catalogDataChangeOf(input.catalogData),
      resourceTags: resourceTagsOf(input.tags),
    });
    return {
      repository: repositoryShape(created.repository, ref.accountId, context),
      catalogData: catalogDataShape(created.catalogData, created.repository.name, context),
    };
  },
};
