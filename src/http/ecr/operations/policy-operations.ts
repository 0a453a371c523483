// Operations on resource policies: the repository policy and the registry policy.
import type { EcrOperation } from '../ecr-context.js';
import { deleteRegistryPolicy } from './delete-registry-policy-operation.js';
import { deleteRepositoryPolicy } from './delete-repository-policy-operation.js';
import { getRegistryPolicy } from './get-registry-policy-operation.js';
import { getRepositoryPolicy } from './get-repository-policy-operation.js';
import { putRegistryPolicy } from './put-registry-policy-operation.js';
import { setRepositoryPolicy } from './set-repository-policy-operation.js';

export const policyOperations: EcrOperation[] = [
  setRepositoryPolicy,
  getRepositoryPolicy,
  deleteRepositoryPolicy,
  putRegistryPolicy,
  getRegistryPolicy,
  deleteRegistryPolicy,
];
