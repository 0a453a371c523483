// GetRepositoryCatalogData: what the gallery shows about the repository; RepositoryCatalogDataNotFound
// for a repository that has none (one a /v2/ push created, where the deployment allows that).
import { targetRepository, type EcrPublicOperation } from '../ecr-public-context.js';
import { catalogDataShape } from '../ecr-public-shapes.js';

interface Input {
  registryId?: string;
  repositoryName: string;
}

export const getRepositoryCatalogData: EcrPublicOperation<Input> = {
  name: 'GetRepositoryCatalogData',
  async run(input, context) {
    const ref = await targetRepository(context, input);
    const catalogData = await context.ecrPublic.repositories.catalogData(ref);
    return { catalogData: catalogDataShape(catalogData, ref.address.name, context) };
  },
};
