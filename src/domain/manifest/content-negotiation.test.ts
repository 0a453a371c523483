import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mediaTypes } from '../media-types.js';
import { negotiateManifest } from './content-negotiation.js';

test('no Accept, */* or a matching type serves what is stored', () => {
  assert.equal(negotiateManifest(mediaTypes.ociManifest, undefined).outcome, 'serve');
  assert.equal(negotiateManifest(mediaTypes.ociManifest, '*/*').outcome, 'serve');
  assert.equal(negotiateManifest(mediaTypes.ociManifest, 'application/json').outcome, 'serve');
  assert.equal(negotiateManifest(mediaTypes.ociIndex, `${mediaTypes.dockerManifest}, ${mediaTypes.ociIndex};q=0.5`).outcome, 'serve');
  assert.equal(negotiateManifest(mediaTypes.ociManifest, [mediaTypes.dockerManifest, mediaTypes.ociManifest]).outcome, 'serve');
});

test('an index for a client that reads only single manifests falls back to a platform child', () => {
  assert.equal(negotiateManifest(mediaTypes.dockerManifestList, mediaTypes.dockerManifest).outcome, 'serve-platform-child');
});

test('a manifest type the client does not accept is not acceptable', () => {
  assert.deepEqual(negotiateManifest(mediaTypes.ociManifest, mediaTypes.dockerManifest), { outcome: 'not-acceptable', accepted: [mediaTypes.dockerManifest] });
});
