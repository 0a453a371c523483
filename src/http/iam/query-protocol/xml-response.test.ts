import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { QueryError } from './query-error.js';
import { element, queryErrorResponse, queryResponse } from './xml-response.js';

describe('AWS Query XML', () => {
  test('structures nest in member order, lists are <member> elements, absent members are left out', () => {
    assert.equal(
      element('Result', { Users: [{ UserName: 'a', Tags: undefined }, { UserName: 'b' }], IsTruncated: false, Marker: undefined, Count: 3 }),
      '<Result><Users><member><UserName>a</UserName></member><member><UserName>b</UserName></member></Users><IsTruncated>false</IsTruncated><Count>3</Count></Result>',
    );
    assert.equal(element('Names', []), '<Names></Names>');
  });

  test('timestamps are ISO 8601 UTC to the second; text is escaped', () => {
    assert.equal(element('CreateDate', new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678))), '<CreateDate>2024-01-02T03:04:05Z</CreateDate>');
    assert.equal(element('Description', `a & <b> "c" 'd'\r\n`), `<Description>a &amp; &lt;b&gt; "c" 'd'&#13;\n</Description>`);
  });

  test('a response wraps the result and the request id in <Op>Response, in the namespace; no result element without output', () => {
    const response = queryResponse({ operation: 'GetUser', namespace: 'urn:ns', requestId: 'rid', result: { User: { UserName: 'a' } } });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.headers, { 'content-type': 'text/xml', 'x-amzn-requestid': 'rid' });
    assert.equal(
      response.body,
      '<?xml version="1.0" encoding="UTF-8"?>\n<GetUserResponse xmlns="urn:ns"><GetUserResult><User><UserName>a</UserName></User></GetUserResult><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></GetUserResponse>\n',
    );
    assert.doesNotMatch(queryResponse({ operation: 'DeleteUser', namespace: 'urn:ns', requestId: 'rid', result: undefined }).body, /DeleteUserResult/);
  });

  test('an error is <ErrorResponse> with Type, Code, Message and the RequestId, at its status; server faults are Receiver', () => {
    const sender = queryErrorResponse(new QueryError('NoSuchEntity', 'The user with name a cannot be found.', 404), { namespace: 'urn:ns', requestId: 'rid' });
    assert.equal(sender.statusCode, 404);
    assert.equal(
      sender.body,
      '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="urn:ns"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The user with name a cannot be found.</Message></Error><RequestId>rid</RequestId></ErrorResponse>\n',
    );
    assert.match(queryErrorResponse(new QueryError('ServiceFailure', 'x', 500), { namespace: 'urn:ns', requestId: 'rid' }).body, /<Type>Receiver<\/Type>/);
  });
});
