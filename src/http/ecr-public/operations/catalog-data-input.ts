// RepositoryCatalogDataInput as the model spells it → a catalog data change (catalog-data.ts). The
// router has already decoded logoImageBlob from base64 and checked the model's sizes.
import type { CatalogDataChange } from '../../../public-registry/catalog-data.js';

export interface ModelCatalogDataInput {
  description?: string;
  architectures?: string[];
  operatingSystems?: string[];
  logoImageBlob?: Buffer;
  aboutText?: string;
  usageText?: string;
}

export function catalogDataChangeOf(input: ModelCatalogDataInput | undefined): CatalogDataChange {
  if (!input) return {};
  return {
    ...(input.description !== undefined && { description: input.description }),
    ...(input.architectures !== undefined && { architectures: input.architectures }),
    ...(input.operatingSystems !== undefined && { operatingSystems: input.operatingSystems }),
    ...(input.logoImageBlob !== undefined && { logo: input.logoImageBlob }),
    ...(input.aboutText !== undefined && { aboutText: input.aboutText }),
    ...(input.usageText !== undefined && { usageText: input.usageText }),
  };
}
