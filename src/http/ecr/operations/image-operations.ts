// Operations on images: listings, details, manifests, deletion, retagging.
import type { EcrOperation } from '../ecr-context.js';

export const imageOperations: EcrOperation[] = [];
