// Proves handler results are shaped to the model: epoch-second timestamps, base64 blobs, no
// undefined or unmodeled members.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { loadServiceModel, parseServiceModel } from './service-model.js';
import { shapeOutput } from './shape-output.js';

const ecr = loadServiceModel('aws-ecr');

describe('shapeOutput', () => {
  it('writes timestamps as epoch seconds with fractions and drops absent members', () => {
    const output = shapeOutput(ecr, 'DescribeImages', {
      imageDetails: [
        {
          repositoryName: 'web',
          imageDigest: 'sha256:abc',
          imageTags: ['latest'],
          imageSizeInBytes: 1234,
          imagePushedAt: new Date('2024-05-01T12:00:00.250Z'),
          lastRecordedPullTime: undefined,
          imageScanStatus: null,
          internalStorageKey: 'blobs/ab/abc',
        },
      ],
      nextToken: undefined,
    });
    assert.deepEqual(output, {
      imageDetails: [
        { repositoryName: 'web', imageDigest: 'sha256:abc', imageTags: ['latest'], imageSizeInBytes: 1234, imagePushedAt: 1714564800.25 },
      ],
    });
  });

  it('accepts epoch seconds and ISO strings for timestamps', () => {
    const output = shapeOutput(ecr, 'GetAuthorizationToken', {
      authorizationData: [
        { authorizationToken: 'QVdTOnB3', expiresAt: 1714608000, proxyEndpoint: 'https://r.example' },
        { authorizationToken: 'QVdTOnB3', expiresAt: '2024-05-02T00:00:00Z' },
      ],
    });
    assert.deepEqual(output, {
      authorizationData: [
        { authorizationToken: 'QVdTOnB3', expiresAt: 1714608000, proxyEndpoint: 'https://r.example' },
        { authorizationToken: 'QVdTOnB3', expiresAt: 1714608000 },
      ],
    });
  });

  it('keeps maps and nested structures, and an operation without output members gives {}', () => {
    const output = shapeOutput(ecr, 'DescribeImageScanFindings', {
      imageScanFindings: { findingSeverityCounts: { HIGH: 2, LOW: undefined }, imageScanCompletedAt: new Date(0) },
    });
    assert.deepEqual(output, { imageScanFindings: { findingSeverityCounts: { HIGH: 2 }, imageScanCompletedAt: 0 } });
    assert.deepEqual(shapeOutput(ecr, 'TagResource', { anything: 1 }), {});
    assert.deepEqual(shapeOutput(ecr, 'DescribeRepositories', undefined), {});
  });

  it('serializes blobs as base64 (no ECR output has one, so a small model)', () => {
    const model = parseServiceModel({
      metadata: { targetPrefix: 'Test' },
      operations: { GetLogo: { name: 'GetLogo', output: { shape: 'GetLogoResponse' } } },
      shapes: {
        GetLogoResponse: { type: 'structure', members: { logo: { shape: 'Logo' }, alias: { shape: 'Text', locationName: 'displayAlias' } } },
        Logo: { type: 'blob' },
        Text: { type: 'string' },
      },
    });
    assert.deepEqual(shapeOutput(model, 'GetLogo', { logo: Buffer.from('png'), alias: 'a' }), { logo: 'cG5n', displayAlias: 'a' });
  });
});
