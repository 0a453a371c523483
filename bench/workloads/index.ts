// The workloads in the order they run against each target, and the one-off setup before them.
import type { RegistryClient } from '../registry-client.js';
import type { SmallImage } from '../image.js';
import { pushChunked, pushMonolithic } from './blob-push.js';
import { pullBig, pullConcurrent } from './blob-pull.js';
import { blobHead, manifestGet } from './request-rate.js';
import { SMALL_REPO } from '../repositories.js';
import type { Workload } from './types.js';

// Pushes first (the pull reads what the monolithic push stored); request-rate runs last so the
// big transfers' page-cache churn is over by then.
export const WORKLOADS: Workload[] = [pushMonolithic, pushChunked, pullBig, pullConcurrent, manifestGet, blobHead];

/** Pushes the small image (config, layer, manifest tagged latest) the request-rate workloads read. */
export async function pushSmallImage(client: RegistryClient, image: SmallImage): Promise<void> {
  await client.pushSmallBlob(SMALL_REPO, image.config);
  await client.pushSmallBlob(SMALL_REPO, image.layer);
  await client.pushManifest(SMALL_REPO, 'latest', image.manifest);
}
