// Operations on repositories, the registry and the account.
import type { EcrOperation } from '../ecr-context.js';
import { createRepository } from './create-repository-operation.js';
import { deleteRepository } from './delete-repository-operation.js';
import { describeRegistry } from './describe-registry-operation.js';
import { describeRepositories } from './describe-repositories-operation.js';
import { getAccountSetting } from './get-account-setting-operation.js';
import { getAuthorizationToken } from './get-authorization-token-operation.js';
import { listTagsForResource } from './list-tags-for-resource-operation.js';
import { putAccountSetting } from './put-account-setting-operation.js';
import { tagResource } from './tag-resource-operation.js';
import { untagResource } from './untag-resource-operation.js';

export const repositoryOperations: EcrOperation[] = [
  getAuthorizationToken,
  createRepository,
  describeRepositories,
  deleteRepository,
  tagResource,
  untagResource,
  listTagsForResource,
  describeRegistry,
  getAccountSetting,
  putAccountSetting,
];
