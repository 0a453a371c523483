// GetAuthorizationToken: a 12-hour token for `docker login` to the public registry (`aws ecr-public
// get-login-password`). It is sealed with ECR Public's own key, so it logs in to the public registry's
// token endpoint only, as an ECR token logs in to private registries only.
import type { EcrPublicOperation } from '../ecr-public-context.js';

export const getAuthorizationToken: EcrPublicOperation<Record<string, never>> = {
  name: 'GetAuthorizationToken',
  async run(_input, context) {
    const token = context.ecrPublic.tokens.issue(context.principal);
    return { authorizationData: { authorizationToken: token.authorizationToken, expiresAt: token.expiresAt } };
  },
};
