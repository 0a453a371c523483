// CreatePolicy: a customer managed policy (version v1, the default), checked now and held to IAM's
// 6,144-character quota; attachable to users and groups by its ARN.
import { policyArn } from '../../../identity/iam-arns.js';
import type { NewManagedPolicy } from '../../../identity/permissions-service.js';
import type { QueryOperation } from '../iam-context.js';
import { policyShape, readTags } from '../iam-shapes.js';

export const createPolicy: QueryOperation<NewManagedPolicy> = {
  name: 'CreatePolicy',
  input: (params) => ({
    policyName: params.requiredString('PolicyName'),
    path: params.optionalString('Path'),
    document: params.requiredString('PolicyDocument'),
    description: params.optionalString('Description'),
    tags: readTags(params),
  }),
  resource: async (input, { principal }) => policyArn(principal.accountId, input.path ?? '/', input.policyName),
  async run(input, { principal, permissions }) {
    return { Policy: policyShape(await permissions.createPolicy(principal.accountId, input), 0) };
  },
};
