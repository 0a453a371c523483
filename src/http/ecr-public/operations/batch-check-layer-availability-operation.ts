// BatchCheckLayerAvailability: which layers a public repository already has, so a push skips them.
// The answer is shaped as private ECR's (../../ecr/operations/layer-availability-shape.ts).
import { layerAvailabilityShape } from '../../ecr/operations/layer-availability-shape.js';
import { inCallerTerms, targetRepository, type EcrPublicOperation } from '../ecr-public-context.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  layerDigests: string[];
}

export const batchCheckLayerAvailability: EcrPublicOperation<Input> = {
  name: 'BatchCheckLayerAvailability',
  async run(input, context) {
    const ref = await targetRepository(context, input);
    const checks = await inCallerTerms(ref, () => context.services.layers.checkAvailability(ref.address, input.layerDigests));
    return layerAvailabilityShape(checks);
  },
};
