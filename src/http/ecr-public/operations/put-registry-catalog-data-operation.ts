// PutRegistryCatalogData: sets the registry's display name (0–100 characters; the empty name clears
// what the gallery shows). ECR shows display names of verified accounts only; Berth verifies nobody and
// shows them all. Without `displayName` nothing changes and the current data is returned.
import type { EcrPublicOperation } from '../ecr-public-context.js';

interface Input {
  displayName?: string;
}

export const putRegistryCatalogData: EcrPublicOperation<Input> = {
  name: 'PutRegistryCatalogData',
  async run(input, context) {
    const registries = context.ecrPublic.registries;
    const accountId = context.principal.accountId;
    const displayName = input.displayName !== undefined ? await registries.putDisplayName(accountId, input.displayName) : await registries.displayName(accountId);
    return { registryCatalogData: { ...(displayName !== undefined && { displayName }) } };
  },
};
