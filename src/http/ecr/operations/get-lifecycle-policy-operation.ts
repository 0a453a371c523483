// GetLifecyclePolicy: the policy and when a lifecycle run last applied it. ECR answers the epoch
// (1970-01-01) for a policy no run has applied yet, and so does Berth.
import type { RepositoryPolicy } from '../../../registry/lifecycle/lifecycle-policy-service.js';
import { repositoryAccess, targetRepository, type EcrOperation } from '../ecr-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
}

export const getLifecyclePolicy: EcrOperation<Input> = {
  name: 'GetLifecyclePolicy',
  access: repositoryAccess,
  async run(input, context) {
    return lifecyclePolicyShape(await context.lifecycle.policies.get(targetRepository(context, input)));
  },
};

export function lifecyclePolicyShape({ repository, policy }: RepositoryPolicy) {
  return {
    registryId: repository.registryId,
    repositoryName: repository.name,
    lifecyclePolicyText: policy.text,
    lastEvaluatedAt: new Date(policy.lastEvaluatedAt ?? 0),
  };
}
