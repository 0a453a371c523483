// GetAuthorizationToken: a 12-hour token for `docker login` (ecr-behaviour.md §1.1). The token is
// valid for every registry the principal may reach; `registryIds` only chooses the proxyEndpoints.
import { registryHostOf, type EcrOperation } from '../ecr-context.js';

interface Input {
  registryIds?: string[];
}

export const getAuthorizationToken: EcrOperation<Input> = {
  name: 'GetAuthorizationToken',
  // Only an identity policy can grant it: a repository or registry policy cannot (ecr-behaviour.md §1.1).
  access: () => ({ resource: { kind: 'identity-only' } }),
  async run(input, context) {
    const token = context.tokens.issue(context.principal);
    const registryIds = input.registryIds?.length ? input.registryIds : [context.principal.accountId];
    return {
      authorizationData: registryIds.map((registryId) => ({
        authorizationToken: token.authorizationToken,
        expiresAt: token.expiresAt,
        proxyEndpoint: `${context.requestScheme}://${registryHostOf(context, registryId)}`,
      })),
    };
  },
};
