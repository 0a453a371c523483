// CompleteLayerUpload: verifies the uploaded bytes against the (first) digest and makes them a layer
// of the public repository.
import { inCallerTerms, targetRepository, type EcrPublicOperation } from '../ecr-public-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  uploadId: string;
  layerDigests: string[];
}

export const completeLayerUpload: EcrPublicOperation<Input> = {
  name: 'CompleteLayerUpload',
  async run(input, context) {
    const ref = await targetRepository(context, input);
    const digest = await inCallerTerms(ref, () => context.services.layers.completeUpload(ref.address, input.uploadId, input.layerDigests[0]!));
    return { registryId: ref.accountId, repositoryName: ref.name, uploadId: input.uploadId, layerDigest: digest.value };
  },
};
