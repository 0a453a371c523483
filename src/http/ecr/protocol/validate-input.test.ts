// Proves every constraint kind in ECR's model is enforced on real operations with the exact
// `__type` and message ECR sends (captured messages are marked "captured").

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { loadServiceModel, parseServiceModel } from './service-model.js';
import { InputValidationError, validateInput } from './validate-input.js';

const ecr = loadServiceModel('aws-ecr');
const ecrPublic = loadServiceModel('aws-ecr-public');

const REPOSITORY_NAME_REGEX = "'[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*'";
const digest = `sha256:${'a'.repeat(64)}`;

interface Case {
  name: string;
  operation: string;
  input: unknown;
  message: string;
}

const invalidParameterCases: Case[] = [
  {
    name: 'required member missing',
    operation: 'CreateRepository',
    input: {},
    message: "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'Member must not be null'",
  },
  {
    name: 'required member null',
    operation: 'DescribeImages',
    input: { repositoryName: null },
    message: "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'Member must not be null'",
  },
  {
    name: 'repository name pattern applies to the whole value: UPPER (captured wording)',
    operation: 'CreateRepository',
    input: { repositoryName: 'UPPER' },
    message: `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression ${REPOSITORY_NAME_REGEX}'`,
  },
  {
    name: 'repository name with a trailing separator',
    operation: 'CreateRepository',
    input: { repositoryName: 'team/app_' },
    message: `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression ${REPOSITORY_NAME_REGEX}'`,
  },
  {
    name: 'repository name with three underscores',
    operation: 'BatchGetImage',
    input: { repositoryName: 'a___b', imageIds: [{ imageTag: 'latest' }] },
    message: `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression ${REPOSITORY_NAME_REGEX}'`,
  },
  {
    name: 'repository name too short (captured)',
    operation: 'CreateRepository',
    input: { repositoryName: 'a' },
    message: "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must have length greater than or equal to 2'",
  },
  {
    name: 'repository name too long',
    operation: 'CreateRepository',
    input: { repositoryName: 'a'.repeat(257) },
    message: "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must have length less than or equal to 256'",
  },
  {
    name: 'repository name inside repositoryNames is reported as repositoryName',
    operation: 'DescribeRepositories',
    input: { repositoryNames: ['web', 'Team/App'] },
    message: `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression ${REPOSITORY_NAME_REGEX}'`,
  },
  {
    name: 'enum, listed in ECR’s (Java HashSet) order (captured)',
    operation: 'CreateRepository',
    input: { repositoryName: 'web', imageTagMutability: 'WRONG' },
    message:
      "Invalid parameter at 'imageTagMutability' failed to satisfy constraint: " +
      "'Member must satisfy enum value set: [IMMUTABLE, MUTABLE, MUTABLE_WITH_EXCLUSION, IMMUTABLE_WITH_EXCLUSION]'",
  },
  {
    name: 'enum in a nested structure',
    operation: 'CreateRepository',
    input: { repositoryName: 'web', encryptionConfiguration: { encryptionType: 'ROT13' } },
    message:
      "Invalid parameter at 'encryptionConfiguration.encryptionType' failed to satisfy constraint: " +
      "'Member must satisfy enum value set: [KMS, AES256, KMS_DSSE]'",
  },
  {
    name: 'required member of a nested structure',
    operation: 'CreateRepository',
    input: { repositoryName: 'web', encryptionConfiguration: {} },
    message: "Invalid parameter at 'encryptionConfiguration.encryptionType' failed to satisfy constraint: 'Member must not be null'",
  },
  {
    name: 'pattern on a plain string member',
    operation: 'CreateRepository',
    input: { repositoryName: 'web', registryId: '12345' },
    message: "Invalid parameter at 'registryId' failed to satisfy constraint: 'Member must satisfy regular expression pattern: [0-9]{12}'",
  },
  {
    name: 'required member of a structure inside a list (Coral path style)',
    operation: 'CreateRepository',
    input: { repositoryName: 'web', tags: [{ Key: 'team', Value: 'a' }, { Key: 'env' }] },
    message: "Invalid parameter at 'tags.2.member.Value' failed to satisfy constraint: 'Member must not be null'",
  },
  {
    name: 'list below its minimum size',
    operation: 'CreateRepository',
    input: { repositoryName: 'web', imageTagMutabilityExclusionFilters: [] },
    message: "Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: 'Member must have length greater than or equal to 1'",
  },
  {
    name: 'anchored pattern inside a list element',
    operation: 'CreateRepository',
    input: { repositoryName: 'web', imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'bad tag' }] },
    message:
      "Invalid parameter at 'imageTagMutabilityExclusionFilters.1.member.filter' failed to satisfy constraint: " +
      "'Member must satisfy regular expression pattern: ^[0-9a-zA-Z._*-]{1,128}$'",
  },
  {
    name: 'empty imageIds (captured)',
    operation: 'BatchGetImage',
    input: { repositoryName: 'web', imageIds: [] },
    message: "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length greater than or equal to 1'",
  },
  {
    name: 'more than 100 imageIds (captured)',
    operation: 'BatchDeleteImage',
    input: { repositoryName: 'web', imageIds: Array.from({ length: 101 }, (_, i) => ({ imageTag: `t${i}` })) },
    message: "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length less than or equal to 100'",
  },
  {
    name: 'string length inside a list element',
    operation: 'BatchGetImage',
    input: { repositoryName: 'web', imageIds: [{ imageDigest: digest }, { imageTag: '' }] },
    message: "Invalid parameter at 'imageIds.2.member.imageTag' failed to satisfy constraint: 'Member must have length greater than or equal to 1'",
  },
  {
    name: 'a null element in a list of structures',
    operation: 'BatchGetImage',
    input: { repositoryName: 'web', imageIds: [null] },
    message: "Invalid parameter at 'imageIds.1.member' failed to satisfy constraint: 'Member must not be null'",
  },
  {
    name: 'integer above its maximum (captured)',
    operation: 'DescribeImages',
    input: { repositoryName: 'web', maxResults: 1001 },
    message: "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'",
  },
  {
    name: 'integer below its minimum',
    operation: 'ListImages',
    input: { repositoryName: 'web', maxResults: 0 },
    message: "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value greater than or equal to 1'",
  },
  {
    name: 'long below its minimum',
    operation: 'UploadLayerPart',
    input: { repositoryName: 'web', uploadId: '6b1d2c3e-0000-4000-8000-000000000001', partFirstByte: -1, partLastByte: 3, layerPartBlob: 'AAAA' },
    message: "Invalid parameter at 'partFirstByte' failed to satisfy constraint: 'Member must have value greater than or equal to 0'",
  },
  {
    name: 'enum in a filter structure',
    operation: 'DescribeImages',
    input: { repositoryName: 'web', filter: { tagStatus: 'SOME' } },
    message: "Invalid parameter at 'filter.tagStatus' failed to satisfy constraint: 'Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]'",
  },
  {
    name: 'pattern on the members of a list of strings (captured)',
    operation: 'GetAuthorizationToken',
    input: { registryIds: ['123456789012', '0123'] },
    message:
      "Invalid parameter at 'registryIds' failed to satisfy constraint: " +
      "'Member must satisfy constraint: [Member must satisfy regular expression pattern: [0-9]{12}]'",
  },
  {
    name: 'list of strings above its maximum',
    operation: 'GetAuthorizationToken',
    input: { registryIds: Array.from({ length: 11 }, () => '123456789012') },
    message: "Invalid parameter at 'registryIds' failed to satisfy constraint: 'Member must have length less than or equal to 10'",
  },
  {
    name: 'empty manifest',
    operation: 'PutImage',
    input: { repositoryName: 'web', imageManifest: '' },
    message: "Invalid parameter at 'imageManifest' failed to satisfy constraint: 'Member must have length greater than or equal to 1'",
  },
  {
    name: 'manifest above 4 MiB',
    operation: 'PutImage',
    input: { repositoryName: 'web', imageManifest: 'x'.repeat(4_194_305) },
    message: "Invalid parameter at 'imageManifest' failed to satisfy constraint: 'Member must have length less than or equal to 4194304'",
  },
  {
    name: 'tag longer than 300 characters',
    operation: 'PutImage',
    input: { repositoryName: 'web', imageManifest: '{}', imageTag: 't'.repeat(301) },
    message: "Invalid parameter at 'imageTag' failed to satisfy constraint: 'Member must have length less than or equal to 300'",
  },
  {
    name: 'layer digest pattern (hyphen inside a character class, Java style)',
    operation: 'CompleteLayerUpload',
    input: { repositoryName: 'web', uploadId: '6b1d2c3e-0000-4000-8000-000000000001', layerDigests: ['sha256 abc'] },
    message:
      "Invalid parameter at 'layerDigests' failed to satisfy constraint: " +
      "'Member must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z0-9-_+.]+:[a-fA-F0-9]+]'",
  },
  {
    name: 'ECR Public uses its own repository name pattern',
    operation: 'CreateRepository',
    input: { repositoryName: 'UPPER' },
    message:
      "Invalid parameter at 'repositoryName' failed to satisfy constraint: " +
      "'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''",
  },
];

describe('validateInput: constraint violations are InvalidParameterException (400) with ECR’s message', () => {
  for (const testCase of invalidParameterCases) {
    it(testCase.name, () => {
      const model = testCase.name.startsWith('ECR Public') ? ecrPublic : ecr;
      assert.throws(
        () => validateInput(model, testCase.operation, testCase.input),
        (error: unknown) => {
          assert.ok(error instanceof InputValidationError, String(error));
          assert.equal(error.awsType, 'InvalidParameterException');
          assert.equal(error.httpStatus, 400);
          assert.equal(error.message, testCase.message);
          return true;
        },
      );
    });
  }
});

describe('validateInput: valid input', () => {
  it('accepts the repository names the model allows', () => {
    for (const repositoryName of ['web', 'team/app', 'a__b', 'a--b', 'a---b', 'a.b_c-d/e', '0ab', 'a'.repeat(256)]) {
      validateInput(ecr, 'CreateRepository', { repositoryName });
    }
  });

  it('returns only modeled members, keeps nested values', () => {
    const input = {
      repositoryName: 'web',
      imageIds: [{ imageDigest: digest, unknownField: 1 }],
      acceptedMediaTypes: ['application/vnd.oci.image.manifest.v1+json'],
      somethingElse: { nested: true },
    };
    assert.deepEqual(validateInput(ecr, 'BatchGetImage', input), {
      repositoryName: 'web',
      imageIds: [{ imageDigest: digest }],
      acceptedMediaTypes: ['application/vnd.oci.image.manifest.v1+json'],
    });
  });

  it('decodes blobs to bytes and keeps longs as numbers', () => {
    const result = validateInput(ecr, 'UploadLayerPart', {
      repositoryName: 'web',
      uploadId: '6b1d2c3e-0000-4000-8000-000000000001',
      partFirstByte: 0,
      partLastByte: 2,
      layerPartBlob: Buffer.from('abc').toString('base64'),
    });
    assert.deepEqual(result['layerPartBlob'], Buffer.from('abc'));
    assert.equal(result['partLastByte'], 2);
  });

  it('truncates a fractional number for an integer member, as Coral does', () => {
    assert.equal(validateInput(ecr, 'DescribeImages', { repositoryName: 'web', maxResults: 10.7 })['maxResults'], 10);
  });

  it('treats a missing or null body as an empty input', () => {
    assert.deepEqual(validateInput(ecr, 'DescribeRepositories', undefined), {});
    assert.deepEqual(validateInput(ecr, 'DescribeRepositories', null), {});
  });
});

describe('validateInput: maps (no ECR input has one, so a small model)', () => {
  const model = parseServiceModel({
    metadata: { targetPrefix: 'Test' },
    operations: { Label: { name: 'Label', input: { shape: 'LabelRequest' } } },
    shapes: {
      LabelRequest: {
        type: 'structure',
        members: { labels: { shape: 'Labels' }, limits: { shape: 'Limits' }, notes: { shape: 'Notes' } },
      },
      Notes: { type: 'map', key: { shape: 'Text' }, value: { shape: 'Text' } },
      Text: { type: 'string' },
      Labels: { type: 'map', key: { shape: 'LabelKey' }, value: { shape: 'LabelValue' }, max: 2 },
      Limits: { type: 'map', key: { shape: 'LabelKey' }, value: { shape: 'Limit' } },
      Limit: { type: 'structure', required: ['value'], members: { value: { shape: 'Count' } } },
      LabelKey: { type: 'string', min: 1, max: 5 },
      LabelValue: { type: 'string', pattern: '[a-z]+' },
      Count: { type: 'integer', min: 1 },
    },
  });

  it('reports map size, keys and values the Coral way', () => {
    const input = { labels: { toolong: 'ok', b: 'Bad', c: 'ok' }, limits: { cpu: {} } };
    assert.throws(
      () => validateInput(model, 'Label', input, { style: 'coral' }),
      (error: InputValidationError) => {
        assert.deepEqual(
          error.message.split('; ').map((part) => part.replace(/^.* failed to satisfy constraint: /, '')),
          [
            'Member must have length less than or equal to 2',
            'Map keys must satisfy constraint: [Member must have length less than or equal to 5]',
            'Map value must satisfy constraint: [Member must satisfy regular expression pattern: [a-z]+]',
            'Member must not be null',
          ],
        );
        assert.equal(error.violations[3]!.path, 'limits.cpu.value');
        return true;
      },
    );
  });

  it('keeps a `__proto__` key as data, never as a prototype', () => {
    const result = validateInput(model, 'Label', JSON.parse('{"notes":{"__proto__":"x"}}'));
    const labels = result['notes'] as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(labels), Object.prototype);
    assert.deepEqual(Object.keys(labels), ['__proto__']);
  });

  it('passes a valid map through', () => {
    assert.deepEqual(validateInput(model, 'Label', { labels: { a: 'x' }, limits: { cpu: { value: 2 } } }), {
      labels: { a: 'x' },
      limits: { cpu: { value: 2 } },
    });
  });
});

describe('validateInput: operation names', () => {
  it('an operation missing from the model is UnknownOperationException', () => {
    assert.throws(() => validateInput(ecr, 'LaunchRockets', {}), { awsType: 'UnknownOperationException', httpStatus: 400 });
    assert.throws(() => validateInput(ecr, 'toString', {}), { awsType: 'UnknownOperationException' });
  });
});
