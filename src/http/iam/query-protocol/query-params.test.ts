import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { QueryError } from './query-error.js';
import { QueryParams } from './query-params.js';
import { pageOf } from './query-pagination.js';

const parse = (body: string) => QueryParams.parse(Buffer.from(body));

describe('AWS Query parameters', () => {
  test('form decoding: Action, Version, percent-escapes and + as a space', () => {
    const params = parse('Action=PutUserPolicy&Version=2010-05-08&PolicyDocument=%7B%22a%22%3A+1%7D&UserName=a%2Bb');
    assert.equal(params.action, 'PutUserPolicy');
    assert.equal(params.version, '2010-05-08');
    assert.equal(params.requiredString('PolicyDocument'), '{"a": 1}');
    assert.equal(params.requiredString('UserName'), 'a+b');
  });

  test('a missing required member is ValidationError in Coral words, with the member in lower camel case', () => {
    assert.throws(() => parse('Action=CreateUser').requiredString('UserName'), {
      code: 'ValidationError',
      httpStatus: 400,
      message: "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
    });
  });

  test('member lists of structures are read in index order; gaps are refused; absent lists are undefined', () => {
    const params = parse('Tags.member.2.Key=b&Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.2.Value=2&Tags.member.3.Key=c');
    assert.deepEqual(params.structureList('Tags', ['Key', 'Value']), [
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '2' },
      { Key: 'c', Value: undefined },
    ]);
    assert.equal(parse('Action=X').structureList('Tags', ['Key', 'Value']), undefined);
    assert.throws(() => parse('Tags.member.1.Key=a&Tags.member.3.Key=c').structureList('Tags', ['Key']), QueryError);
  });

  test("integers and enums: Coral's range and enum messages", () => {
    assert.equal(parse('MaxItems=10').optionalInteger('MaxItems', { min: 1, max: 1000 }), 10);
    assert.throws(() => parse('MaxItems=0').optionalInteger('MaxItems', { min: 1, max: 1000 }), { message: /Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1/ });
    assert.throws(() => parse('MaxItems=ten').optionalInteger('MaxItems', { min: 1, max: 1000 }), { code: 'ValidationError' });
    assert.throws(() => parse('Status=Expired').requiredEnum('Status', ['Active', 'Inactive']), { message: /Member must satisfy enum value set: \[Active, Inactive\]/ });
  });

  test('parameters the operation did not read are refused by name; signature parameters are not parameters', () => {
    const params = parse('Action=CreateUser&Version=2010-05-08&UserName=a&PermissionsBoundary=arn&X-Amz-Date=20240101T000000Z');
    params.requiredString('UserName');
    assert.throws(() => params.assertAllRead('CreateUser'), { code: 'InvalidInput', message: 'Berth does not support the parameter PermissionsBoundary of CreateUser' });
    const clean = parse('Action=CreateUser&Version=2010-05-08&UserName=a');
    clean.requiredString('UserName');
    clean.assertAllRead('CreateUser');
  });

  test('pages: MaxItems per page, an opaque Marker naming the last item, IsTruncated; a bad marker is refused', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const first = pageOf(names, (name) => name, { maxItems: 2 });
    assert.deepEqual({ items: first.items, truncated: first.IsTruncated }, { items: ['a', 'b'], truncated: true });
    const second = pageOf(names, (name) => name, { maxItems: 2, marker: first.Marker! });
    assert.deepEqual(second.items, ['c', 'd']);
    const last = pageOf(names, (name) => name, { maxItems: 2, marker: second.Marker! });
    assert.deepEqual(last, { items: ['e'], IsTruncated: false });
    assert.deepEqual(pageOf(names, (name) => name, {}).items, names, '100 by default');
    assert.throws(() => pageOf(names, (name) => name, { marker: 'not base64!' }), { code: 'ValidationError' });
  });
});
