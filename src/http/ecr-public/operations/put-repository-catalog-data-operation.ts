// PutRepositoryCatalogData: creates or updates the repository's catalog data. Members sent replace the
// stored ones, members left out keep them, empty ones clear them (catalog-data.ts).
import { targetRepository, type EcrPublicOperation } from '../ecr-public-context.js';
import { catalogDataShape } from '../ecr-public-shapes.js';
import { catalogDataChangeOf, type ModelCatalogDataInput } from './catalog-data-input.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  catalogData: ModelCatalogDataInput;
}

export const putRepositoryCatalogData: EcrPublicOperation<Input> = {
  name: 'PutRepositoryCatalogData',
  async run(input, context) {
    const ref = await targetRepository(context, input);
    const catalogData = await context.ecrPublic.repositories.putCatalogData(ref, catalogDataChangeOf(input.catalogData));
    return { catalogData: catalogDataShape(catalogData, ref.address.name, context) };
  },
};
