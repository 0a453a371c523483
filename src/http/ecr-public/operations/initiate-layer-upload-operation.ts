// InitiateLayerUpload: starts an upload session, the same kind a /v2/ POST starts, in a public
// repository that must exist. `registryId` may be the account id or its alias.
import { inCallerTerms, targetRepository, type EcrPublicOperation } from '../ecr-public-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
}

export const initiateLayerUpload: EcrPublicOperation<Input> = {
  name: 'InitiateLayerUpload',
  async run(input, context) {
    const ref = await targetRepository(context, input);
    const upload = await inCallerTerms(ref, () => context.services.layers.initiateUpload(ref.address));
    return { uploadId: upload.uploadId, partSize: upload.partSizeBytes };
  },
};
