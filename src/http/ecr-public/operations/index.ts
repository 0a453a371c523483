// Every ECR Public operation, by name: one file per operation. All 23 of the model are served.
import type { EcrPublicOperation } from '../ecr-public-context.js';
import { batchCheckLayerAvailability } from './batch-check-layer-availability-operation.js';
import { batchDeleteImage } from './batch-delete-image-operation.js';
import { completeLayerUpload } from './complete-layer-upload-operation.js';
import { createRepository } from './create-repository-operation.js';
import { deleteRepository } from './delete-repository-operation.js';
import { deleteRepositoryPolicy } from './delete-repository-policy-operation.js';
import { describeImageTags } from './describe-image-tags-operation.js';
import { describeImages } from './describe-images-operation.js';
import { describeRegistries } from './describe-registries-operation.js';
import { describeRepositories } from './describe-repositories-operation.js';
import { getAuthorizationToken } from './get-authorization-token-operation.js';
import { getRegistryCatalogData } from './get-registry-catalog-data-operation.js';
import { getRepositoryCatalogData } from './get-repository-catalog-data-operation.js';
import { getRepositoryPolicy } from './get-repository-policy-operation.js';
import { initiateLayerUpload } from './initiate-layer-upload-operation.js';
import { listTagsForResource } from './list-tags-for-resource-operation.js';
import { putImage } from './put-image-operation.js';
import { putRegistryCatalogData } from './put-registry-catalog-data-operation.js';
import { putRepositoryCatalogData } from './put-repository-catalog-data-operation.js';
import { setRepositoryPolicy } from './set-repository-policy-operation.js';
import { tagResource } from './tag-resource-operation.js';
import { untagResource } from './untag-resource-operation.js';
import { uploadLayerPart } from './upload-layer-part-operation.js';

const repositories = [createRepository, describeRepositories, deleteRepository, getRepositoryCatalogData, putRepositoryCatalogData];
const policies = [setRepositoryPolicy, getRepositoryPolicy, deleteRepositoryPolicy];
const resourceTags = [tagResource, untagResource, listTagsForResource];
const registries = [getAuthorizationToken, describeRegistries, getRegistryCatalogData, putRegistryCatalogData];
const images = [describeImages, describeImageTags, batchDeleteImage, putImage];
const layers = [batchCheckLayerAvailability, initiateLayerUpload, uploadLayerPart, completeLayerUpload];

const operations: EcrPublicOperation[] = [...repositories, ...policies, ...resourceTags, ...registries, ...images, ...layers];

export const ecrPublicOperations: ReadonlyMap<string, EcrPublicOperation> = new Map(operations.map((operation) => [operation.name, operation]));
