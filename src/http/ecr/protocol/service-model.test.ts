// Proves the models ship inside the package and load from the compiled code's location.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { loadServiceModel, parseServiceModel } from './service-model.js';

describe('loadServiceModel', () => {
  it('loads ECR from <package root>/specs, once', () => {
    const model = loadServiceModel('aws-ecr');
    assert.equal(model.metadata.targetPrefix, 'AmazonEC2ContainerRegistry_V20150921');
    assert.equal(model.metadata.signingName, 'ecr');
    assert.equal(model.metadata.jsonVersion, '1.1');
    assert.equal(Object.keys(model.operations).length, 58);
    assert.equal(loadServiceModel('aws-ecr'), model);
  });

  it('loads ECR Public', () => {
    const model = loadServiceModel('aws-ecr-public');
    assert.equal(model.metadata.targetPrefix, 'SpencerFrontendService');
    assert.equal(model.metadata.signingName, 'ecr-public');
  });

  it('rejects a file that is not a service model, or refers to missing shapes', () => {
    assert.throws(() => parseServiceModel({ hello: 'world' }), /not a botocore JSON service model/);
    assert.throws(
      () => parseServiceModel({ metadata: { targetPrefix: 'X' }, operations: { Op: { name: 'Op', input: { shape: 'Nope' } } }, shapes: {} }),
      /operation Op refers to unknown shape Nope/,
    );
  });
});
