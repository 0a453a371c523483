// Operations on images: listings, details, manifests, deletion, retagging.
import type { EcrOperation } from '../ecr-context.js';
import { batchDeleteImage } from './batch-delete-image-operation.js';
import { batchGetImage } from './batch-get-image-operation.js';
import { describeImages } from './describe-images-operation.js';
import { listImages } from './list-images-operation.js';
import { putImage } from './put-image-operation.js';
import { putImageTagMutability } from './put-image-tag-mutability-operation.js';

export const imageOperations: EcrOperation[] = [listImages, describeImages, batchGetImage, batchDeleteImage, putImage, putImageTagMutability];
