// The NOTIFY payloads: under PostgreSQL's size limit, split and coalesced, read back unchanged.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CacheInvalidation } from '../caching/cache-invalidation-bus.js';
import { decodePayload, encodePayloads, maxPayloadBytes } from './invalidation-payload.js';

const digest = `sha256:${'0'.repeat(64)}`;

describe('invalidation payloads', () => {
  it('read back what was written, duplicates dropped', () => {
    const sent: CacheInvalidation[] = [
      { kind: 'repository', repositoryId: 1 },
      { kind: 'tag', repositoryId: 2, tag: 'latest' },
      { kind: 'tag', repositoryId: 2, tag: 'latest' },
      { kind: 'manifest', repositoryId: 3, digest },
      { kind: 'blob', repositoryId: 4, digest },
    ];
    const payloads = encodePayloads('node-a', sent);
    assert.equal(payloads.length, 1);
    assert.deepEqual(decodePayload(payloads[0]), { sender: 'node-a', invalidations: [sent[0], sent[1], sent[3], sent[4]] });
    assert.deepEqual(encodePayloads('node-a', []), []);
  });

  it('carry policy and setting changes, account ids kept as written (they may start with 0)', () => {
    const sent: CacheInvalidation[] = [
      { kind: 'repository-policy', repositoryId: 7 },
      { kind: 'registry-policy', accountId: '012345678901' },
      { kind: 'account-setting', accountId: '012345678901', name: 'REGISTRY_POLICY_SCOPE' },
      { kind: 'identity-policies', accountId: '210987654321' },
    ];
    const payloads = encodePayloads('node-b', sent);
    assert.deepEqual(decodePayload(payloads[0]), { sender: 'node-b', invalidations: sent });
    for (const broken of ['1 node-b\ng 12345', '1 node-b\ns 012345678901', '1 node-b\ni']) assert.equal(decodePayload(broken), undefined, broken);
  });

  it('split a large batch into payloads under the limit, and send "everything" for a huge one', () => {
    const tags = (count: number): CacheInvalidation[] => Array.from({ length: count }, (_, n) => ({ kind: 'tag', repositoryId: 123456, tag: `${n}`.padEnd(128, 'x') }));
    const payloads = encodePayloads('node-a', tags(200));
    assert.ok(payloads.length > 1);
    for (const payload of payloads) assert.ok(Buffer.byteLength(payload) <= maxPayloadBytes);
    const decoded = payloads.flatMap((payload) => {
      const result = decodePayload(payload);
      assert.ok(result && 'invalidations' in result);
      return result.invalidations;
    });
    assert.deepEqual(decoded, tags(200));
    const huge = encodePayloads('node-a', tags(2000));
    assert.deepEqual(huge, ['1 node-a\n*']);
    assert.deepEqual(decodePayload(huge[0]), { sender: 'node-a', everything: true });
  });

  it('refuse what they cannot read', () => {
    for (const payload of ['', '2 node-a\nt 1 x', '1', '1 node-a\nt one x', '1 node-a\nt 1', '1 node-a\nz 1 x']) {
      assert.equal(decodePayload(payload), undefined, JSON.stringify(payload));
    }
  });
});
