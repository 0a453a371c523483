// Operations on layers: availability, the API upload flow, download URLs.
import type { EcrOperation } from '../ecr-context.js';

export const layerOperations: EcrOperation[] = [];
