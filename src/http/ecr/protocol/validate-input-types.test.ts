// validateInput on JSON of the wrong types: Coral's deserializer answers SerializationException
// before any constraint is looked at (the constraint cases are in validate-input.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { AwsJsonError } from './aws-json-error.js';
import { loadServiceModel } from './service-model.js';
import { InputValidationError, validateInput } from './validate-input.js';

const ecr = loadServiceModel('aws-ecr');

describe('validateInput: wrong JSON types are SerializationException (400), before any constraint', () => {
  const cases: Array<[string, string, unknown, string]> = [
    ['number for a string', 'CreateRepository', { repositoryName: 5 }, 'class java.lang.Short can not be converted to an String'],
    ['large number for a string', 'CreateRepository', { repositoryName: 2147483648 }, 'class java.lang.Long can not be converted to an String'],
    ['boolean for a string', 'CreateRepository', { repositoryName: true }, 'class java.lang.Boolean can not be converted to an String'],
    ['string for a boolean', 'CreateRepository', { repositoryName: 'web', imageScanningConfiguration: { scanOnPush: 'yes' } }, 'class java.lang.String can not be converted to an Boolean'],
    ['string for an integer', 'DescribeImages', { repositoryName: 'web', maxResults: '10' }, 'class java.lang.String can not be converted to an Integer'],
    ['string for a long', 'UploadLayerPart', { partFirstByte: '0' }, 'class java.lang.String can not be converted to an Long'],
    ['scalar for a structure', 'CreateRepository', { repositoryName: 'web', imageScanningConfiguration: 'x' }, 'Expected null'],
    ['list for a structure', 'CreateRepository', { repositoryName: 'web', encryptionConfiguration: [] }, 'Start of list found where not expected'],
    ['object for a list', 'CreateRepository', { repositoryName: 'web', tags: {} }, 'Start of structure or map found where not expected.'],
    ['scalar for a list', 'BatchGetImage', { repositoryName: 'web', imageIds: 'latest' }, 'Expected list or null'],
    ['list for a string inside a list', 'GetAuthorizationToken', { registryIds: [['123456789012']] }, 'Start of list found where not expected'],
    ['blob of the wrong length', 'UploadLayerPart', { layerPartBlob: 'abcde' }, "'abcde' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 5"],
    ['blob with a bad character', 'UploadLayerPart', { layerPartBlob: '=+/=' }, "'=+/=' can not be converted to a Blob: Invalid Base64 character: '='"],
    ['a whole body that is a list', 'CreateRepository', [], 'Start of list found where not expected'],
  ];
  for (const [name, operation, input, message] of cases) {
    it(name, () => {
      assert.throws(
        () => validateInput(ecr, operation, input),
        (error: unknown) => {
          assert.ok(error instanceof AwsJsonError);
          assert.equal(error.awsType, 'SerializationException');
          assert.equal(error.httpStatus, 400);
          assert.equal(error.message, message);
          return true;
        },
      );
    });
  }

  it('a type error wins over an earlier constraint violation', () => {
    assert.throws(() => validateInput(ecr, 'DescribeImages', { maxResults: 'x' }), { awsType: 'SerializationException' });
  });
});

describe('validateInput: several violations', () => {
  const input = { repositoryName: 'UPPER', maxResults: 1001, filter: { tagStatus: 'SOME' } };

  it('ECR reports the first, in model member order', () => {
    assert.throws(() => validateInput(ecr, 'DescribeImages', input), (error: InputValidationError) => {
      assert.equal(error.violations.length, 3);
      assert.match(error.message, /^Invalid parameter at 'repositoryName'/);
      return true;
    });
  });

  it("style 'coral' gives ValidationException with every violation, Coral's wording", () => {
    assert.throws(
      () => validateInput(ecr, 'DescribeImages', input, { style: 'coral' }),
      (error: InputValidationError) => {
        assert.equal(error.awsType, 'ValidationException');
        assert.equal(
          error.message,
          '3 validation errors detected: ' +
            "Value 'UPPER' at 'repositoryName' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
            '[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*; ' +
            "Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000; " +
            "Value 'SOME' at 'filter.tagStatus' failed to satisfy constraint: Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]",
        );
        return true;
      },
    );
    assert.throws(() => validateInput(ecr, 'CreateRepository', {}, { style: 'coral' }), {
      message: "1 validation error detected: Value null at 'repositoryName' failed to satisfy constraint: Member must not be null",
    });
  });
});

