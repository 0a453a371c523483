// Every ECR operation Berth serves, by name: one file per operation, grouped by what they manage.
import type { EcrOperation } from '../ecr-context.js';
import { imageOperations } from './image-operations.js';
import { layerOperations } from './layer-operations.js';
import { lifecycleOperations } from './lifecycle-operations.js';
import { policyOperations } from './policy-operations.js';
import { repositoryOperations } from './repository-operations.js';

const operations: EcrOperation[] = [...repositoryOperations, ...imageOperations, ...layerOperations, ...lifecycleOperations, ...policyOperations];

export const ecrOperations: ReadonlyMap<string, EcrOperation> = new Map(operations.map((operation) => [operation.name, operation]));
