// BatchCheckLayerAvailability: which layers the repository already has, so a push skips them.
// A layer counts once it is uploaded, referenced by an image or not. Missing and malformed digests
// are failures (MissingLayerDigest, InvalidLayerDigest), not errors, as ECR reports them
// (awslabs/amazon-ecr-containerd-resolver, ecr/pusher.go, reads a missing layer from `failures`).
import { repositoryAddress } from '../../../registry/repository-address.js';
import { repositoryAccess, targetRegistry, type EcrOperation } from '../ecr-context.js';

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
