// Listing tags and the catalog (distribution spec "Listing Tags"; Distribution's /v2/_catalog), with
// `n`/`last` pagination and RFC 5988 `Link` headers, against a running `berth serve`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBerth, type BerthProcess } from '../support/berth-process.js';
import { API_VERSION_HEADER, MediaType, NAME_UNKNOWN_MESSAGE, OciClient, assertOciError, randomBlob, type Reply } from './oci-client.js';

/** Tags chosen to make ASCII order differ from case-insensitive and numeric order. */
const TAGS = ['latest', 'v1.0', 'V2', '1.10', '1.9', '1.2', 'A', 'a', 'Z', 'z', '_x', '0', 'b-1', 'b.1', 'b_1', 'b1', 'B', 'v1.0-rc1', 'v1.0.1'];
/** JavaScript's default sort compares UTF-16 code units: ASCII order for these. */
const SORTED = [...TAGS].sort();

const nextLink = /^<([^>]+)>;\s*rel="next"$/;

describe('listings', () => {
  let berth: BerthProcess;
  let client: OciClient;
  const repository = 'list/tags';

  before(async () => {
    berth = await startBerth();
    client = new OciClient(berth.url);
    const image = await client.pushImage(repository, TAGS[0]);
    for (const tag of TAGS.slice(1)) {
      const reply = await client.pushManifest(repository, tag, image.manifest, MediaType.ociManifest);
      assert.equal(reply.status, 201);
    }
  });
  after(async () => {
    await berth?.stop();
  });

  /** Follows Link headers from `first` until there is none; returns every page's items. */
  async function walk(first: string, key: 'tags' | 'repositories', pageSize: number): Promise<string[][]> {
    const pages: string[][] = [];
    let path: string | undefined = first;
    while (path) {
      const reply: Reply = await client.get(path);
      assert.equal(reply.status, 200, `GET ${path}: ${reply.body.toString()}`);
      const items: string[] = reply.json()[key];
      assert.ok(items.length <= pageSize, `page ${path} has at most ${pageSize} items`);
      pages.push(items);
      const link = reply.header('link');
      if (link === null) break;
      const match = nextLink.exec(link);
      assert.ok(match, `Link ${link} is <url>; rel="next"`);
      path = match[1];
      assert.ok(pages.length <= 1000, 'pagination terminates');
    }
    return pages;
  }

  describe('tags list', () => {
    test('HEAD answers like GET without a body (RFC 9110), on the tags list and the catalog', async () => {
      for (const path of [`/v2/${repository}/tags/list`, '/v2/_catalog']) {
        const get = await client.get(path);
        const head = await client.request('HEAD', path);
        assert.equal(head.status, 200, path);
        assert.equal(head.body.length, 0, path);
        assert.equal(head.header('content-length'), String(get.body.length), path);
      }
    });

    test('lists every tag, sorted ASCIIbetically, with the repository name', async () => {
      const reply = await client.get(`/v2/${repository}/tags/list`);
      assert.equal(reply.status, 200);
      assert.equal(reply.header(API_VERSION_HEADER), 'registry/2.0');
      assert.match(reply.header('content-type') ?? '', /^application\/json/);
      assert.deepEqual(reply.json(), { name: repository, tags: SORTED });
      assert.equal(reply.header('link'), null);
    });

    test('?n= returns the first n tags and a Link to the next page', async () => {
      const reply = await client.get(`/v2/${repository}/tags/list?n=3`);
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.json(), { name: repository, tags: SORTED.slice(0, 3) });
      assert.equal(reply.header('link'), `</v2/${repository}/tags/list?n=3&last=${SORTED[2]}>; rel="next"`);
    });

    test('?n=&last= returns the n tags after last, and a Link while more remain', async () => {
      const reply = await client.get(`/v2/${repository}/tags/list?n=4&last=${SORTED[5]}`);
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.json().tags, SORTED.slice(6, 10));
      assert.equal(reply.header('link'), `</v2/${repository}/tags/list?n=4&last=${SORTED[9]}>; rel="next"`);
    });

    test('the last page has no Link', async () => {
      const last = SORTED[SORTED.length - 3];
      const reply = await client.get(`/v2/${repository}/tags/list?n=5&last=${last}`);
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.json().tags, SORTED.slice(-2));
      assert.equal(reply.header('link'), null);
    });

    test('n equal to or larger than the number of tags returns them all without a Link', async () => {
      for (const n of [SORTED.length, SORTED.length + 10, 100000]) {
        const reply = await client.get(`/v2/${repository}/tags/list?n=${n}`);
        assert.equal(reply.status, 200);
        assert.deepEqual(reply.json().tags, SORTED, `n=${n}`);
        assert.equal(reply.header('link'), null, `n=${n}`);
      }
    });

    test('?last= without n returns every tag after last', async () => {
      const reply = await client.get(`/v2/${repository}/tags/list?last=${SORTED[10]}`);
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.json().tags, SORTED.slice(11));
    });

    test('n=0 returns an empty list and no Link', async () => {
      const reply = await client.get(`/v2/${repository}/tags/list?n=0`);
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.json(), { name: repository, tags: [] });
      assert.equal(reply.header('link'), null);
    });

    test('an invalid n is 400 UNSUPPORTED', async () => {
      for (const n of ['-1', 'abc', '1.5', '1e3']) {
        assertOciError(await client.get(`/v2/${repository}/tags/list?n=${n}`), 400, 'UNSUPPORTED', `n=${n}`);
      }
    });

    test('following Link from ?n=2 visits every tag exactly once, in order', async () => {
      const pages = await walk(`/v2/${repository}/tags/list?n=2`, 'tags', 2);
      assert.equal(pages.length, Math.ceil(SORTED.length / 2));
      assert.deepEqual(pages.flat(), SORTED);
      for (const page of pages.slice(0, -1)) assert.equal(page.length, 2, 'every page but the last is full');
    });

    test('following Link from ?n=1 visits every tag exactly once, in order', async () => {
      const pages = await walk(`/v2/${repository}/tags/list?n=1`, 'tags', 1);
      assert.deepEqual(pages.flat(), SORTED);
    });

    test('a repository without tags lists an empty list', async () => {
      await client.pushBlob('list/untagged', randomBlob(16));
      const reply = await client.get('/v2/list/untagged/tags/list');
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.json(), { name: 'list/untagged', tags: [] });
    });

    test('the tags list of a repository that does not exist is 404 NAME_UNKNOWN', async () => {
      const errors = assertOciError(await client.get('/v2/list/missing/tags/list'), 404, 'NAME_UNKNOWN');
      assert.match(errors[0].message, NAME_UNKNOWN_MESSAGE('list/missing'));
    });
  });

  describe('catalog', () => {
    const CATALOG = ['cat/b', 'cat/a', 'cat-z', 'cat.y', 'alpha', 'zeta/one/two', 'cat/a/sub', 'cat_x', '0zero', 'cat/a-b'];

    before(async () => {
      for (const name of CATALOG) await client.pushBlob(name, randomBlob(8));
    });

    async function fullCatalog(): Promise<string[]> {
      const reply = await client.get('/v2/_catalog');
      assert.equal(reply.status, 200);
      assert.equal(reply.header(API_VERSION_HEADER), 'registry/2.0');
      assert.equal(reply.header('link'), null);
      return reply.json().repositories;
    }

    test('lists every repository, sorted ASCIIbetically, including ones created by a first blob push', async () => {
      const repositories = await fullCatalog();
      assert.deepEqual(repositories, [...repositories].sort(), 'sorted');
      assert.equal(new Set(repositories).size, repositories.length, 'no duplicates');
      for (const name of [...CATALOG, repository, 'list/untagged']) assert.ok(repositories.includes(name), `${name} is listed`);
      assert.ok(!repositories.includes('list/missing'), 'a repository that was only asked about is not created');
    });

    test('?n= pages with a Link naming n and the last repository of the page', async () => {
      const all = await fullCatalog();
      const reply = await client.get('/v2/_catalog?n=3');
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.json().repositories, all.slice(0, 3));
      const link = reply.header('link') ?? '';
      const match = /^<\/v2\/_catalog\?n=3&last=([^>]+)>; rel="next"$/.exec(link);
      assert.ok(match, `Link ${link}`);
      assert.equal(decodeURIComponent(match[1]), all[2]);
    });

    test('?n=&last= returns the repositories after last', async () => {
      const all = await fullCatalog();
      const reply = await client.get(`/v2/_catalog?n=2&last=${encodeURIComponent(all[3])}`);
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.json().repositories, all.slice(4, 6));
    });

    test('following Link visits every repository exactly once, in order', async () => {
      const all = await fullCatalog();
      const pages = await walk('/v2/_catalog?n=2', 'repositories', 2);
      assert.deepEqual(pages.flat(), all);
    });

    test('n=0 returns an empty list and no Link', async () => {
      const reply = await client.get('/v2/_catalog?n=0');
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.json(), { repositories: [] });
      assert.equal(reply.header('link'), null);
    });

    test('an invalid n is 400 UNSUPPORTED', async () => {
      for (const n of ['-1', 'abc']) assertOciError(await client.get(`/v2/_catalog?n=${n}`), 400, 'UNSUPPORTED', `n=${n}`);
    });
  });
});
