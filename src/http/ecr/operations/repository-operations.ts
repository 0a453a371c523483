// Operations on repositories, the registry and the account.
import type { EcrOperation } from '../ecr-context.js';
import { createRepository } from './create-repository-operation.js';
import { describeRepositories } from './describe-repositories-operation.js';
import { getAuthorizationToken } from './get-authorization-token-operation.js';

export const repositoryOperations: EcrOperation[] = [getAuthorizationToken, createRepository, describeRepositories];
