// CompleteLayerUpload: verifies the uploaded bytes against the digest and makes them a layer of
// the repository. The model takes a list of digests, but an upload holds one layer: the first
// digest is the one checked.
import { repositoryAddress } from '../../../registry/repository-address.js';
import { repositoryAccess, targetRegistry, type EcrOperation } from '../ecr-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  uploadId: string;
  layerDigests: string[];
}

export const completeLayerUpload: EcrOperation<Input> = {
  name: 'CompleteLayerUpload',
  access: repositoryAccess,
  async run(input, context) {
    const registryId = targetRegistry(context, input.registryId);
    const address = repositoryAddress(registryId, input.repositoryName);
    const digest = await context.services.layers.completeUpload(address, input.uploadId, input.layerDigests[0]!);
    return { registryId, repositoryName: address.name, uploadId: input.uploadId, layerDigest: digest.value };
  },
};
