// BatchCheckLayerAvailability's answer, the same in ECR and ECR Public: available layers with their
// size; missing and malformed digests as failures (MissingLayerDigest, InvalidLayerDigest), not
// errors, as ECR reports them (awslabs/amazon-ecr-containerd-resolver, ecr/pusher.go, reads a
// missing layer from `failures`).
import type { LayerCheck } from '../../../registry/layer-service.js';

export function layerAvailabilityShape(checks: LayerCheck[]) {
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
}
