// Publishing a verified upload under its blob key: a server-side copy, so the bytes never travel
// through Berth again. CopyObject takes sources up to 5 GiB; larger ones are copied as a multipart
// upload of UploadPartCopy ranges (AWS S3 API, "Copying objects": CopyObject limit and UploadPartCopy).
// Either way the target appears whole or not at all.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ByteRange } from '../blob-store.js';

export const copyObjectMaxBytes = 5 * 1024 ** 3;
/** A copy part: large enough that 10,000 of them cover S3's 5 TiB object limit. */
const copyPartMinBytes = 512 * 1024 ** 2;
const maxParts = 10_000;
const partsAtOnce = 4;

export interface ObjectCopy {
  bucket: string;
  sourceKey: string;
  targetKey: string;
  sizeBytes: number;
}

export async function copyObject(client: S3Client, copy: ObjectCopy): Promise<void> {
  const copySource = `${copy.bucket}/${copy.sourceKey.split('/').map(encodeURIComponent).join('/')}`;
  if (copy.sizeBytes <= copyObjectMaxBytes) {
    await client.send(new CopyObjectCommand({ Bucket: copy.bucket, Key: copy.targetKey, CopySource: copySource }));
    return;
  }
  const { UploadId: uploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: copy.bucket, Key: copy.targetKey }));
  try {
    const ranges = copyPartRanges(copy.sizeBytes);
    const etags: string[] = new Array(ranges.length);
    let next = 0;
    const worker = async () => {
      while (next < ranges.length) {
        const index = next++;
        const range = ranges[index];
        const output = await client.send(
          new UploadPartCopyCommand({
            Bucket: copy.bucket,
            Key: copy.targetKey,
            UploadId: uploadId,
            PartNumber: index + 1,
            CopySource: copySource,
            CopySourceRange: `bytes=${range.start}-${range.end}`,
          }),
        );
        etags[index] = output.CopyPartResult?.ETag ?? '';
      }
    };
    await Promise.all(Array.from({ length: Math.min(partsAtOnce, ranges.length) }, worker));
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: copy.bucket,
        Key: copy.targetKey,
        UploadId: uploadId,
        MultipartUpload: { Parts: etags.map((ETag, index) => ({ ETag, PartNumber: index + 1 })) },
      }),
    );
  } catch (error) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: copy.bucket, Key: copy.targetKey, UploadId: uploadId })).catch(() => undefined);
    throw error;
  }
}

/** Inclusive ranges covering `sizeBytes` in as few parts of at least 512 MiB as S3's 10,000 allow. */
export function copyPartRanges(sizeBytes: number): ByteRange[] {
  const partBytes = Math.max(copyPartMinBytes, Math.ceil(sizeBytes / maxParts));
  const ranges: ByteRange[] = [];
  for (let start = 0; start < sizeBytes; start += partBytes) {
    ranges.push({ start, end: Math.min(start + partBytes, sizeBytes) - 1 });
  }
  return ranges;
}
