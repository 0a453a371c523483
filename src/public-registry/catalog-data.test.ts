import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRegistryError } from '../domain/registry-error.js';
import { applyCatalogDataChange, logoMediaType, type RepositoryCatalogData } from './catalog-data.js';

const stored: RepositoryCatalogData = {
  description: 'd',
  aboutText: 'a',
  usageText: 'u',
  architectures: ['x86-64'],
  operatingSystems: ['Linux'],
  logo: { bytes: Buffer.from('<svg/>'), mediaType: 'image/svg+xml' },
  updatedAt: 1,
};

test('a change replaces what it names, keeps what it leaves out, and empty values clear', () => {
  assert.deepEqual(applyCatalogDataChange(stored, { description: 'new' }, 2), { ...stored, description: 'new', updatedAt: 2 });
  const { description: _d, aboutText: _a, logo: _l, ...rest } = stored;
  assert.deepEqual(applyCatalogDataChange(stored, { description: '', aboutText: '', architectures: [], logo: Buffer.alloc(0) }, 3), { ...rest, architectures: [], updatedAt: 3 });
  assert.deepEqual(applyCatalogDataChange(undefined, {}, 4), { architectures: [], operatingSystems: [], updatedAt: 4 });
});

test('limits of the model are checked again: description, markdown, badges, logo bytes', () => {
  const refused = (change: Parameters<typeof applyCatalogDataChange>[1]) =>
    assert.throws(() => applyCatalogDataChange(undefined, change, 0), (error) => isRegistryError(error, 'invalid-parameter'));
  refused({ description: 'd'.repeat(1025) });
  refused({ usageText: 'u'.repeat(25_601) });
  refused({ architectures: Array.from({ length: 51 }, (_, i) => `a${i}`) });
  refused({ operatingSystems: ['o'.repeat(51)] });
  refused({ operatingSystems: [''] });
  refused({ logo: Buffer.alloc(512_001) });
  assert.equal(applyCatalogDataChange(undefined, { logo: Buffer.alloc(512_000) }, 0).logo?.bytes.length, 512_000);
  assert.equal(applyCatalogDataChange(undefined, { description: '€'.repeat(1024) }, 0).description?.length, 1024, 'characters, not bytes');
});

test('logos are typed by their first bytes', () => {
  assert.equal(logoMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), 'image/png');
  assert.equal(logoMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
  assert.equal(logoMediaType(Buffer.from('GIF89a...')), 'image/gif');
  assert.equal(logoMediaType(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')])), 'image/webp');
  assert.equal(logoMediaType(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')), 'image/svg+xml');
  assert.equal(logoMediaType(Buffer.from('<html><script>')), 'application/octet-stream');
});
