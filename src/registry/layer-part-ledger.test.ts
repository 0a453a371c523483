// Proves the part-size rule sees exactly the non-final parts: a small part only counts once
// another part follows it, and a /v2/ chunk in between breaks the chain rather than blaming a part.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LayerPartsRecord, PartExtent } from '../metadata/metadata-store.js';
import { recordLayerPart } from './layer-part-ledger.js';

const replay = (parts: PartExtent[], start?: LayerPartsRecord) =>
  parts.reduce<LayerPartsRecord | undefined>((known, part) => recordLayerPart(known, part, 100), start);

describe('recordLayerPart', () => {
  it('accepts a small last part, and flags a small part once another follows it', () => {
    const sizes = [{ startByte: 0, sizeBytes: 100 }, { startByte: 100, sizeBytes: 10 }];
    assert.equal(replay(sizes)?.undersizedPart, undefined, 'the small part is the last one so far');
    const followed = replay([...sizes, { startByte: 110, sizeBytes: 100 }]);
    assert.deepEqual(followed, { lastPart: { startByte: 110, sizeBytes: 100 }, undersizedPart: { startByte: 100, sizeBytes: 10 } });
    const more = replay([{ startByte: 210, sizeBytes: 5 }, { startByte: 215, sizeBytes: 5 }], followed);
    assert.deepEqual(more?.undersizedPart, { startByte: 100, sizeBytes: 10 }, 'the first offence is kept');
  });

  it('does not judge a part when bytes arrived in between through /v2/', () => {
    assert.equal(replay([{ startByte: 0, sizeBytes: 10 }, { startByte: 50, sizeBytes: 100 }])?.undersizedPart, undefined);
  });

  it('ignores a part recorded after a later one', () => {
    const known = replay([{ startByte: 0, sizeBytes: 100 }, { startByte: 100, sizeBytes: 100 }])!;
    assert.equal(recordLayerPart(known, { startByte: 0, sizeBytes: 100 }, 100), known);
  });
});
