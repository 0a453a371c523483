// GetRegistryCatalogData: the caller's public registry's display name, when it has one.
import type { EcrPublicOperation } from '../ecr-public-context.js';

export const getRegistryCatalogData: EcrPublicOperation<Record<string, never>> = {
  name: 'GetRegistryCatalogData',
  async run(_input, context) {
    const displayName = await context.ecrPublic.registries.displayName(context.principal.accountId);
    return { registryCatalogData: { ...(displayName !== undefined && { displayName }) } };
  },
};
