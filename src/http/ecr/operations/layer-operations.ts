// Operations on layers: availability, the API upload flow, download URLs.
import type { EcrOperation } from '../ecr-context.js';
import { batchCheckLayerAvailability } from './batch-check-layer-availability-operation.js';
import { completeLayerUpload } from './complete-layer-upload-operation.js';
import { getDownloadUrlForLayer } from './get-download-url-for-layer-operation.js';
import { initiateLayerUpload } from './initiate-layer-upload-operation.js';
import { uploadLayerPart } from './upload-layer-part-operation.js';

export const layerOperations: EcrOperation[] = [batchCheckLayerAvailability, initiateLayerUpload, uploadLayerPart, completeLayerUpload, getDownloadUrlForLayer];
