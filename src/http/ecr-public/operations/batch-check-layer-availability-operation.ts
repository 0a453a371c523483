// BatchCheckLayerAvailability: which layers a public repository already has, so a push skips them.
// Missing and malformed digests are failures, not errors (see ../../ecr/operations/).
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
    const layers = [];
    const failures = [];
    for (const check of checks) {
      if (check.availability === 'available') {
        layers.push({ layerDigest: check.digest, layerAvailability: 'AVAILABLE', layerSize: check.sizeBytes });
      } else {
        const failureCode = check.availability === 'invalid' ? 'InvalidLayerDigest' : 'MissingLayerDigest';
        failures.push({ layerDigest: check.digest, failureCode, failureReason: check.reason });
      }
    }
    return { layers, failures };
  },
};
