// UploadLayerPart: appends one part (at most 20 MiB, decoded from base64 by the router) at
// partFirstByte, which must be the number of bytes received so far.
import { inCallerTerms, targetRepository, type EcrPublicOperation } from '../ecr-public-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  uploadId: string;
  partFirstByte: number;
  partLastByte: number;
  layerPartBlob: Buffer;
}

export const uploadLayerPart: EcrPublicOperation<Input> = {
  name: 'UploadLayerPart',
  async run(input, context) {
    const ref = await targetRepository(context, input);
    const lastByteReceived = await inCallerTerms(ref, () =>
      context.services.layers.uploadPart(ref.address, input.uploadId, { firstByte: input.partFirstByte, lastByte: input.partLastByte, bytes: input.layerPartBlob }),
    );
    return { registryId: ref.accountId, repositoryName: ref.name, uploadId: input.uploadId, lastByteReceived };
  },
};
