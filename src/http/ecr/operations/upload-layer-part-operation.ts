// UploadLayerPart: appends one part (at most 20 MiB, already decoded from base64 by the router) at
// partFirstByte, which must be the number of bytes received so far. The part is the one piece of
// a layer held in memory, because the API carries it inside a JSON body.
import { repositoryAddress } from '../../../registry/repository-address.js';
import { repositoryAccess, targetRegistry, type EcrOperation } from '../ecr-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  uploadId: string;
  partFirstByte: number;
  partLastByte: number;
  layerPartBlob: Buffer;
}

export const uploadLayerPart: EcrOperation<Input> = {
  name: 'UploadLayerPart',
  access: repositoryAccess,
  async run(input, context) {
    const registryId = targetRegistry(context, input.registryId);
    const address = repositoryAddress(registryId, input.repositoryName);
    const lastByteReceived = await context.services.layers.uploadPart(address, input.uploadId, {
      firstByte: input.partFirstByte,
      lastByte: input.partLastByte,
      bytes: input.layerPartBlob,
    });
    return { registryId, repositoryName: address.name, uploadId: input.uploadId, lastByteReceived };
  },
};
