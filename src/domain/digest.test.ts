import assert from 'node:assert/strict';
import { test } from 'node:test';
import { digestOf, looksLikeDigest, parseDigest } from './digest.js';
import { isRegistryError } from './registry-error.js';

test('sha256 and sha512 digests parse; the wire form is kept', () => {
  const sha256 = `sha256:${'a'.repeat(64)}`;
  assert.deepEqual(parseDigest(sha256), { algorithm: 'sha256', hex: 'a'.repeat(64), value: sha256 });
  assert.equal(parseDigest(`sha512:${'0'.repeat(128)}`).algorithm, 'sha512');
});

test('malformed digests and unverifiable algorithms are digest-invalid', () => {
  for (const text of ['sha256', 'sha256:', `sha256:${'A'.repeat(64)}`, `sha256:${'a'.repeat(63)}`, `md5:${'a'.repeat(32)}`, `blake3:${'a'.repeat(64)}`, 'latest', ':abc']) {
    assert.throws(() => parseDigest(text), (error) => isRegistryError(error, 'digest-invalid'), text);
  }
});

test('digestOf hashes bytes with the asked algorithm', () => {
  assert.equal(digestOf(Buffer.from('{}')).value, 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  assert.equal(digestOf(Buffer.from(''), 'sha512').hex.length, 128);
});

test('tags never look like digests', () => {
  assert.equal(looksLikeDigest('v1.2.3'), false);
  assert.equal(looksLikeDigest(`sha256:${'a'.repeat(64)}`), true);
});
