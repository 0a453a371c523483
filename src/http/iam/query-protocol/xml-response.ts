// AWS Query responses: `<{Op}Response xmlns="…"><{Op}Result>…</{Op}Result><ResponseMetadata>
// <RequestId>…</RequestId></ResponseMetadata></{Op}Response>` (the result element only when the
// operation has output), and `<ErrorResponse>` for errors. Values are written as botocore's query
// parser reads them: structures as nested elements in member order, lists as `<member>` elements,
// timestamps ISO 8601 in UTC, booleans `true`/`false`.
import type { QueryError } from './query-error.js';

export type XmlValue = string | number | boolean | Date | undefined | readonly XmlValue[] | XmlObject;
export interface XmlObject {
  readonly [member: string]: XmlValue;
}

export interface QueryHttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function queryResponse(options: { operation: string; namespace: string; requestId: string; result: XmlObject | undefined }): QueryHttpResponse {
  const result = options.result === undefined ? '' : element(`${options.operation}Result`, options.result);
  const metadata = element('ResponseMetadata', { RequestId: options.requestId });
  return {
    statusCode: 200,
    headers: headersFor(options.requestId),
    body: `${declaration}<${options.operation}Response xmlns="${options.namespace}">${result}${metadata}</${options.operation}Response>\n`,
  };
}

export function queryErrorResponse(error: QueryError, options: { namespace: string; requestId: string }): QueryHttpResponse {
  const detail = element('Error', { Type: error.faultType, Code: error.code, Message: error.message });
  return {
    statusCode: error.httpStatus,
    headers: headersFor(options.requestId),
    body: `${declaration}<ErrorResponse xmlns="${options.namespace}">${detail}${element('RequestId', options.requestId)}</ErrorResponse>\n`,
  };
}

function headersFor(requestId: string): Record<string, string> {
  return { 'content-type': 'text/xml', 'x-amzn-requestid': requestId };
}

/** One element; undefined members are left out, as AWS leaves out absent optional members. */
export function element(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return `<${name}>${value.map((item) => element('member', item)).join('')}</${name}>`;
  if (value instanceof Date) return `<${name}>${value.toISOString().replace(/\.\d{3}Z$/, 'Z')}</${name}>`;
  if (typeof value === 'object') {
    const members = Object.entries(value as XmlObject).map(([member, inner]) => element(member, inner));
    return `<${name}>${members.join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** Character data: `&`, `<` and `>` escaped, and `\r`, which XML parsers would otherwise turn into `\n`. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>\r]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' })[char]!);
}
