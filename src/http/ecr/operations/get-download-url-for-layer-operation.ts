// GetDownloadUrlForLayer: a URL that downloads the layer without credentials for an hour, served
// by Berth's own layer download route on the host this request came to (or the configured one).
// Only layers an image references are downloadable (LayerInaccessibleException otherwise).
import { repositoryAccess, targetRepository, type EcrOperation } from '../ecr-context.js';
import { layerDownloadLocation } from '../layer-download-route.js';

interface Input {
  registryId?: string;
  repositoryName: string;
  layerDigest: string;
}

export const getDownloadUrlForLayer: EcrOperation<Input> = {
  name: 'GetDownloadUrlForLayer',
  access: repositoryAccess,
  async run(input, context) {
    const address = targetRepository(context, input);
    const origin = `${context.requestScheme}://${context.deployment.registryHost ?? context.requestHost}`;
    const downloadUrl = await context.services.layers.downloadUrl(address, input.layerDigest, layerDownloadLocation(origin, address, input.layerDigest));
    return { downloadUrl, layerDigest: input.layerDigest };
  },
};
