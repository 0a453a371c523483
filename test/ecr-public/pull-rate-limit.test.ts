// ECR Public's pull rate limits on the public registry (docs/ecr-public.md "Pull rate limits"): a
// pull is a manifest GET; anonymous clients are counted by address, authenticated ones by principal,
// each in its own bucket; a refused pull is 429 TOOMANYREQUESTS with Retry-After. The limits here are
// one pull per 100 seconds (a bucket of two), so a third pull fired at once is refused whatever the
// machine's speed: nothing in this suite depends on timing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertOciError, type PushedImage } from '../oci/oci-client.js';
import { startPublicBerth, type PublicBerth } from './public-harness.js';

const manifestAccept = { accept: 'application/vnd.oci.image.manifest.v1+json' };

describe('public registry pull rate limits', () => {
  let berth: PublicBerth;
  let path: string;
  let scope: string;
  let image: PushedImage;

  before(async () => {
    berth = await startPublicBerth({ BERTH_PUBLIC_PULLS_PER_SECOND_ANONYMOUS: '0.01', BERTH_PUBLIC_PULLS_PER_SECOND_AUTHENTICATED: '0.01' });
    assert.equal((await berth.ecrPublic(['create-repository', '--repository-name', 'limited'])).status, 0);
    const alias = (await berth.ecrPublic(['describe-registries'])).json.registries[0].aliases[0].name;
    path = `/v2/${alias}/limited`;
    scope = `repository:${alias}/limited:pull,push`;
    image = await berth.client(await berth.token([scope], await berth.loginPassword())).pushImage(`${alias}/limited`, 'v1');
  });
  after(async () => {
    await berth?.stop();
  });

  test('anonymous manifest GETs fired back to back are refused once the bucket is empty; HEADs and blob GETs are not pulls', async () => {
    const anonymous = berth.client(await berth.token([scope]));
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const reply = await anonymous.get(`${path}/manifests/v1`, manifestAccept);
      statuses.push(reply.status);
      if (reply.status === 429) {
        assertOciError(reply, 429, 'TOOMANYREQUESTS');
        assert.match(reply.header('retry-after') ?? '', /^\d+$/, 'Retry-After is delay-seconds');
        assert.ok(Number(reply.header('retry-after')) >= 1);
      } else {
        assert.equal(reply.status, 200, reply.body.toString());
      }
    }
    assert.deepEqual(statuses.slice(0, 2), [200, 200], 'a bucket holds two pulls');
    assert.ok(statuses.includes(429), `statuses: ${statuses.join(' ')}`);

    assert.equal((await anonymous.head(`${path}/manifests/v1`, manifestAccept)).status, 200, 'HEAD is not a pull');
    assert.equal((await anonymous.get(`${path}/blobs/${image.layers[0]!.digest}`)).status, 200, 'a blob GET is not a pull');
    assert.equal((await anonymous.get(`${path}/tags/list`)).status, 200, 'a tag listing is not a pull');
  });

  test('an authenticated caller has its own bucket, by principal', async () => {
    const owner = berth.client(await berth.token([scope], await berth.loginPassword()));
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await owner.get(`${path}/manifests/${image.digest}`, manifestAccept)).status);
    assert.deepEqual(statuses.slice(0, 2), [200, 200], 'not refused because anonymous pulls from the same address were');
    assert.ok(statuses.includes(429), `statuses: ${statuses.join(' ')}`);
  });
});
