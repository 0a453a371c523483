// The multipart copy for blobs over CopyObject's 5 GiB cannot run against s3rver (no UploadPartCopy);
// its ranges are checked here, the copy itself only against AWS S3 or another store that has it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyPartRanges } from './object-copy.js';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

test('copy ranges cover the object exactly, in parts of 512 MiB to 5 GiB, at most 10,000', () => {
  for (const sizeBytes of [5 * GiB + 1, 6 * GiB, 100 * GiB + 12345, 5 * 1024 * GiB]) {
    const ranges = copyPartRanges(sizeBytes);
    assert.equal(ranges[0].start, 0);
    assert.equal(ranges.at(-1)!.end, sizeBytes - 1);
    ranges.slice(1).forEach((range, index) => assert.equal(range.start, ranges[index].end + 1));
    assert.ok(ranges.length <= 10_000, `${ranges.length} parts`);
    for (const range of ranges.slice(0, -1)) {
      const partBytes = range.end - range.start + 1;
      assert.ok(partBytes >= 512 * MiB && partBytes <= 5 * GiB, `${partBytes} bytes`);
    }
  }
  assert.equal(copyPartRanges(6 * GiB).length, 12);
});
