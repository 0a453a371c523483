// Every ECR operation Berth serves, by name: one file per operation.
import type { EcrOperation } from '../ecr-context.js';
import { createRepository } from './create-repository-operation.js';
import { describeRepositories } from './describe-repositories-operation.js';
import { getAuthorizationToken } from './get-authorization-token-operation.js';

const operations: EcrOperation[] = [getAuthorizationToken, createRepository, describeRepositories];

export const ecrOperations: ReadonlyMap<string, EcrOperation> = new Map(operations.map((operation) => [operation.name, operation]));
