// BatchCheckLayerAvailability: which layers the repository already has, so a push skips them.
// A layer counts once it is uploaded, referenced by an image or not; the answer's shape, failures
// included, is layer-availability-shape.ts.
import { repositoryAddress } from '../../../registry/repository-address.js';
import { repositoryAccess, targetRegistry, type EcrOperation } from '../ecr-context.js';
import { layerAvailabilityShape } from './layer-availability-shape.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  layerDigests: string[];
}

export const batchCheckLayerAvailability: EcrOperation<Input> = {
  name: 'BatchCheckLayerAvailability',
  access: repositoryAccess,
  async run(input, context) {
    const registryId = targetRegistry(context, input.registryId);
    const checks = await context.services.layers.checkAvailability(repositoryAddress(registryId, input.repositoryName), input.layerDigests);
    return layerAvailabilityShape(checks);
  },
};
