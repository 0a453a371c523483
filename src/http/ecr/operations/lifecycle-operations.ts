// Operations on lifecycle policies and their previews.
import type { EcrOperation } from '../ecr-context.js';
import { deleteLifecyclePolicy } from './delete-lifecycle-policy-operation.js';
import { getLifecyclePolicyPreview } from './get-lifecycle-policy-preview-operation.js';
import { getLifecyclePolicy } from './get-lifecycle-policy-operation.js';
import { putLifecyclePolicy } from './put-lifecycle-policy-operation.js';
import { startLifecyclePolicyPreview } from './start-lifecycle-policy-preview-operation.js';

export const lifecycleOperations: EcrOperation[] = [putLifecyclePolicy, getLifecyclePolicy, deleteLifecyclePolicy, startLifecyclePolicyPreview, getLifecyclePolicyPreview];
