import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPublicRegistryHost, publicRegistryHostFor, publicRegistryHostPattern } from './public-registry-host.js';

test('a configured host without a port matches any port and URIs take the request port', () => {
  const options = { configured: 'localhost' };
  const pattern = publicRegistryHostPattern(options);
  assert.ok(pattern.test('localhost:5000') && pattern.test('localhost') && pattern.test('LOCALHOST:1'));
  assert.ok(!pattern.test('127.0.0.1:5000') && !pattern.test('localhost.evil:5000') && !pattern.test('xlocalhost'));
  assert.equal(publicRegistryHostFor(options, '127.0.0.1:5000'), 'localhost:5000');
  assert.equal(publicRegistryHostFor(options, 'api.example.com'), 'localhost');
});

test('a configured host with a port matches that port only and is the URI host', () => {
  const options = { configured: 'public.example.com:8443' };
  const pattern = publicRegistryHostPattern(options);
  assert.ok(pattern.test('public.example.com:8443'));
  assert.ok(!pattern.test('public.example.com:8444') && !pattern.test('public.example.com') && !pattern.test('publicXexample.com:8443'));
  assert.equal(publicRegistryHostFor(options, '127.0.0.1:5000'), 'public.example.com:8443');
});

test('unconfigured: hosts named public.ecr.<…>, URIs under the registry host', () => {
  const pattern = publicRegistryHostPattern({});
  assert.ok(pattern.test('public.ecr.registry.example.com') && pattern.test('public.ecr.localhost:5000'));
  assert.ok(!pattern.test('123456789012.dkr.ecr.us-east-1.localhost:5000') && !pattern.test('registry.example.com'));
  assert.equal(publicRegistryHostFor({ registryHost: 'registry.example.com' }, '127.0.0.1:5000'), 'public.ecr.registry.example.com');
  assert.equal(publicRegistryHostFor({}, 'registry.example.com:5000'), 'public.ecr.registry.example.com:5000');
});

test('one host cannot be both registries', () => {
  assert.throws(() => checkPublicRegistryHost({ configured: 'registry.example.com', registryHost: 'registry.example.com:5000' }), /must differ/);
  checkPublicRegistryHost({ configured: 'public.example.com', registryHost: 'registry.example.com' });
  checkPublicRegistryHost({ registryHost: 'registry.example.com' });
});
