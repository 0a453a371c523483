// An error as the AWS Query protocol sends it: `<ErrorResponse><Error><Type>Sender</Type>
// <Code>NoSuchEntity</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>`
// with the HTTP status of the code (the IAM service model's `error.httpStatusCode`).
export class QueryError extends Error {
  override readonly name = 'QueryError';
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number,
    /** Sender: the request is at fault; Receiver: the server is. */
    readonly faultType: 'Sender' | 'Receiver' = httpStatus >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
  }
}

/** Coral's wording of a missing required member (what ValidationError says for it). */
export function missingParameter(label: string): QueryError {
  return new QueryError('ValidationError', `1 validation error detected: Value null at '${label}' failed to satisfy constraint: Member must not be null`, 400);
}
