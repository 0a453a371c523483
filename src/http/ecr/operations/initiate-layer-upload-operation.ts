// InitiateLayerUpload: starts an upload session, the same kind /v2/ POST starts, in a repository
// that must already exist (the API never creates one on push).
import { repositoryAddress } from '../../../registry/repository-address.js';
import { repositoryAccess, targetRegistry, type EcrOperation } from '../ecr-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
}

export const initiateLayerUpload: EcrOperation<Input> = {
  name: 'InitiateLayerUpload',
  access: repositoryAccess,
  async run(input, context) {
    const registryId = targetRegistry(context, input.registryId);
    const upload = await context.services.layers.initiateUpload(repositoryAddress(registryId, input.repositoryName));
    return { uploadId: upload.uploadId, partSize: upload.partSizeBytes };
  },
};
