// The URLs GetDownloadUrlForLayer hands out: SigV4-presigned like the S3 URLs ECR returns
// (scope `s3`, host signed, X-Amz-Expires=3600: aws-cli examples/ecr/get-download-url-for-layer.rst),
// but served by Berth itself. They are signed with a key derived from the master key
// (SecretBox.deriveKey), never with a caller's secret: a valid URL proves Berth
// issued it, for one method, host, path and lifetime, and needs no other credential.
import { createHmac } from 'node:crypto';
import { presignUrl, verifyPresignedRequest, type SigV4Request } from './sigv4/index.js';

/** How long a download URL works, as ECR's do. */
export const layerDownloadLifetimeSeconds = 3600;
const service = 's3';

export interface LayerDownloadSignerOptions {
  region: string;
  lifetimeSeconds?: number;
  now?: () => number;
}

export class LayerDownloadSigner {
  private readonly credentials: { accessKeyId: string; secretAccessKey: string };

  constructor(
    signingKey: Buffer,
    private readonly options: LayerDownloadSignerOptions,
  ) {
    this.credentials = { accessKeyId: accessKeyIdOf(signingKey), secretAccessKey: signingKey.toString('base64') };
  }

  presign(url: URL): Promise<string> {
    return presignUrl({
      url,
      credentials: this.credentials,
      region: this.options.region,
      service,
      expiresInSeconds: this.options.lifetimeSeconds ?? layerDownloadLifetimeSeconds,
      now: new Date(this.now()),
    });
  }

  /** Throws the SigV4Error S3 would answer with when the request is not a URL this signer issued, or it expired. */
  async verify(request: Pick<SigV4Request, 'method' | 'path' | 'headers'>): Promise<void> {
    await verifyPresignedRequest(
      { ...request, body: undefined, now: new Date(this.now()) },
      {
        services: [service],
        regions: [this.options.region],
        lookupSecret: async (accessKeyId) => (accessKeyId === this.credentials.accessKeyId ? { secretAccessKey: this.credentials.secretAccessKey } : undefined),
      },
    );
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/**
 * An AWS-shaped key id that names the signing key without revealing it: URLs signed before the
 * master key changed then fail as an unknown key, not as a bad signature.
 */
function accessKeyIdOf(signingKey: Buffer): string {
  const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const fingerprint = createHmac('sha256', signingKey).update('access-key-id').digest();
  return `AKIA${Array.from(fingerprint.subarray(0, 16), (byte) => base32[byte % 32]).join('')}`;
}
