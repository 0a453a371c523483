import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseStorageUrl, StorageUrlError } from './storage-url.js';

describe('parseStorageUrl', () => {
  test('paths and file URLs are the filesystem adapter', () => {
    assert.deepEqual(parseStorageUrl('/var/lib/berth/blobs'), { kind: 'filesystem', root: '/var/lib/berth/blobs' });
    assert.deepEqual(parseStorageUrl('./data'), { kind: 'filesystem', root: './data' });
    assert.deepEqual(parseStorageUrl('file:///var/lib/berth/my%20blobs'), { kind: 'filesystem', root: '/var/lib/berth/my blobs' });
    assert.throws(() => parseStorageUrl('file://host/share'), StorageUrlError);
  });

  test('an s3 URL names the bucket and prefix and carries the connection settings', () => {
    assert.deepEqual(parseStorageUrl('s3://registry/berth/blobs/?endpoint=http://127.0.0.1:9000&region=eu-west-1&forcePathStyle=true&partSizeMiB=16'), {
      kind: 's3',
      options: {
        bucket: 'registry',
        prefix: 'berth/blobs',
        endpoint: 'http://127.0.0.1:9000',
        region: 'eu-west-1',
        forcePathStyle: true,
        partSizeBytes: 16 * 1024 * 1024,
      },
    });
    assert.deepEqual(parseStorageUrl('s3://registry'), { kind: 's3', options: { bucket: 'registry' } });
    assert.deepEqual(parseStorageUrl('S3://registry/?forcePathStyle=0'), { kind: 's3', options: { bucket: 'registry', forcePathStyle: false } });
  });

  test('mistakes are refused with a reason, never guessed at', () => {
    const refused = (text: string, reason: RegExp) => assert.throws(() => parseStorageUrl(text), (error) => error instanceof StorageUrlError && reason.test(error.message));
    refused('', /empty/);
    refused('gs://bucket', /unsupported storage URL scheme "gs:"/);
    refused('s3:///prefix', /must name a bucket/);
    refused('s3://bucket:9000/prefix', /must name a bucket/);
    refused('s3://KEY:SECRET@bucket', /credentials do not belong/);
    refused('s3://bucket?endpont=http://x', /unknown S3 URL parameter "endpont"/);
    refused('s3://bucket?region=a&region=b', /given twice/);
    refused('s3://bucket?endpoint=minio:9000', /must be an http:\/\/ or https:\/\/ URL/);
    refused('s3://bucket?forcePathStyle=yes', /true or false/);
    refused('s3://bucket?partSizeMiB=4', /from 5 to 5120/);
    refused('s3://bucket?region=', /region is empty/);
  });
});
