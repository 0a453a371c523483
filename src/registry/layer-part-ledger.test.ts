// Proves the part-size rule sees exactly the non-final parts: a small part only counts once
// another part follows it, and a /v2/ chunk in between breaks the chain rather than blaming a part.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LayerPartLedger } from './layer-part-ledger.js';

describe('LayerPartLedger', () => {
  it('accepts a small last part, and flags a small part once another follows it', () => {
    const ledger = new LayerPartLedger(100);
    ledger.record('u', { startByte: 0, sizeBytes: 100 });
    ledger.record('u', { startByte: 100, sizeBytes: 10 });
    assert.equal(ledger.undersizedPart('u'), undefined, 'the small part is the last one so far');
    ledger.record('u', { startByte: 110, sizeBytes: 100 });
    assert.deepEqual(ledger.undersizedPart('u'), { startByte: 100, sizeBytes: 10 });
    ledger.record('u', { startByte: 210, sizeBytes: 5 });
    assert.deepEqual(ledger.undersizedPart('u'), { startByte: 100, sizeBytes: 10 }, 'the first offence is kept');
  });

  it('does not judge a part when bytes arrived in between through /v2/', () => {
    const ledger = new LayerPartLedger(100);
    ledger.record('u', { startByte: 0, sizeBytes: 10 });
    ledger.record('u', { startByte: 50, sizeBytes: 100 });
    assert.equal(ledger.undersizedPart('u'), undefined);
  });

  it('forgets uploads, and the oldest ones beyond its capacity', () => {
    const ledger = new LayerPartLedger(100, 2);
    for (const id of ['a', 'b', 'c']) {
      ledger.record(id, { startByte: 0, sizeBytes: 1 });
      ledger.record(id, { startByte: 1, sizeBytes: 1 });
    }
    assert.equal(ledger.undersizedPart('a'), undefined, 'evicted');
    assert.ok(ledger.undersizedPart('c'));
    ledger.forget('c');
    assert.equal(ledger.undersizedPart('c'), undefined);
  });
});
