// Records → the model's output shapes (service-2.json). Timestamps are Dates here; the router's
// shapeOutput turns them into epoch seconds, as the protocol wants.
import { repositoryArn } from '../../domain/arn.js';
import type { RepositoryRecord } from '../../metadata/metadata-store.js';
import { registryHostOf, type EcrContext } from './ecr-context.js';

export function repositoryShape(record: RepositoryRecord, context: EcrContext) {
  const { settings } = record;
  return {
    repositoryArn: repositoryArn(context.deployment.region, record.registryId, record.name),
    registryId: record.registryId,
    repositoryName: record.name,
    repositoryUri: `${registryHostOf(context, record.registryId)}/${record.name}`,
    createdAt: new Date(record.createdAt),
    imageTagMutability: settings.imageTagMutability,
    ...(settings.tagMutabilityExclusions.length > 0 && { imageTagMutabilityExclusionFilters: settings.tagMutabilityExclusions }),
    imageScanningConfiguration: { scanOnPush: settings.scanOnPush },
    encryptionConfiguration: {
      encryptionType: settings.encryption.type,
      ...(settings.encryption.kmsKey !== undefined && { kmsKey: settings.encryption.kmsKey }),
    },
  };
}
