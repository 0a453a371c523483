// Rate limiting on /v2/ (distribution spec "Error Codes": TOOMANYREQUESTS, 429 with Retry-After per
// RFC 6585 §4 and RFC 9110 §10.2.3). Its own server: BERTH_RATE_LIMIT_RPS=2.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBerth, type BerthProcess } from '../support/berth-process.js';
import { API_VERSION_HEADER, OciClient, assertOciError } from './oci-client.js';

describe('rate limiting', () => {
  let berth: BerthProcess;
  let client: OciClient;

  before(async () => {
    berth = await startBerth({ env: { BERTH_RATE_LIMIT_RPS: '2' } });
    client = new OciClient(berth.url);
  });
  after(async () => {
    await berth?.stop();
  });

  test('a burst of 10 requests at 2 requests a second gets 429 TOOMANYREQUESTS with Retry-After', async () => {
    const replies = await Promise.all(Array.from({ length: 10 }, () => client.get('/v2/')));
    const limited = replies.filter((reply) => reply.status === 429);
    const served = replies.filter((reply) => reply.status === 200);
    assert.ok(served.length >= 1, 'the first requests are served');
    assert.ok(limited.length >= 1, `some requests are limited (statuses: ${replies.map((reply) => reply.status).join(' ')})`);
    assert.equal(served.length + limited.length, 10, 'every request is either served or limited');
    for (const reply of limited) {
      assertOciError(reply, 429, 'TOOMANYREQUESTS');
      assert.equal(reply.header(API_VERSION_HEADER), 'registry/2.0');
      const retryAfter = reply.header('retry-after');
      assert.match(retryAfter ?? '', /^\d+$/, 'Retry-After is delay-seconds');
      assert.ok(Number(retryAfter) >= 1);
    }
  });

  test('limiting applies to every endpoint, not only /v2/', async () => {
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => client.get(`/v2/rate/app${i}/tags/list`)));
    const limited = replies.filter((reply) => reply.status === 429);
    assert.ok(limited.length >= 1, `statuses: ${replies.map((reply) => reply.status).join(' ')}`);
    for (const reply of limited) assertOciError(reply, 429, 'TOOMANYREQUESTS');
    for (const reply of replies.filter((reply) => reply.status !== 429)) assertOciError(reply, 404, 'NAME_UNKNOWN');
  });
});
