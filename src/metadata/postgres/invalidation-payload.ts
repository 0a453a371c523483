// The NOTIFY payloads of postgres-cache-invalidation-bus.ts: compact text, one invalidation a line.
//
//   1 <sender node id>       version and sender (a node skips its own messages)
//   t <repository id> <tag>  a tag
//   m <repository id> <digest>
//   b <repository id> <digest>
//   r <repository id>        a repository and everything under it
//   p <repository id>        a repository's policy
//   g <account id>           an account's registry policy
//   s <account id> <name>    an account setting
//   i <account id>           the identity policies of the account's users
//   *                        everything
//
// Tags ([A-Za-z0-9_.-], the distribution spec's grammar), digests, account ids (12 digits, kept as
// text: they may start with 0) and setting names (A-Z_) contain no spaces or newlines, so no quoting
// is needed. A node that does not know a line's kind forgets everything, which is always safe. PostgreSQL refuses payloads of 8000 bytes or more: a batch is split into
// several messages, and a batch that would need many is sent as one `*` instead (a burst of writes,
// e.g. a repository of thousands of tags deleted, costs the other nodes a cold cache rather than a
// flood of notifications every node must parse).
import { invalidationKey, type CacheInvalidation } from '../caching/cache-invalidation-bus.js';

const version = '1';
/** Under PostgreSQL's limit (payloads must be shorter than 8000 bytes), with room to spare. */
export const maxPayloadBytes = 7900;
/** Beyond this many messages for one batch, everything is forgotten instead. */
export const maxMessagesPerBatch = 8;

export type DecodedPayload =
  | { sender: string; invalidations: CacheInvalidation[] }
  | { sender: string; everything: true };

export function encodePayloads(sender: string, invalidations: readonly CacheInvalidation[], limits = { maxPayloadBytes, maxMessagesPerBatch }): string[] {
  const header = `${version} ${sender}`;
  const lines = [...new Set(invalidations.map(invalidationKey))];
  if (lines.length === 0) return [];
  const payloads: string[] = [];
  let current = header;
  for (const line of lines) {
    if (Buffer.byteLength(current) + 1 + Buffer.byteLength(line) > limits.maxPayloadBytes) {
      payloads.push(current);
      current = header;
      if (payloads.length === limits.maxMessagesPerBatch) return [`${header}\n*`];
    }
    current += `\n${line}`;
  }
  payloads.push(current);
  return payloads;
}

/** The payload's sender and invalidations; undefined when it cannot be read (the caller forgets everything). */
export function decodePayload(payload: string): DecodedPayload | undefined {
  const [header, ...lines] = payload.split('\n');
  const [payloadVersion, sender] = header.split(' ');
  if (payloadVersion !== version || !sender) return undefined;
  const invalidations: CacheInvalidation[] = [];
  for (const line of lines) {
    if (line === '*') return { sender, everything: true };
    const [kind, idText, name] = line.split(' ');
    const account = accountInvalidation(kind, idText, name);
    if (account !== undefined) {
      if (account === 'malformed') return undefined;
      invalidations.push(account);
      continue;
    }
    const repositoryId = Number(idText);
    if (!Number.isSafeInteger(repositoryId)) return undefined;
    if (kind === 'r') invalidations.push({ kind: 'repository', repositoryId });
    else if (kind === 'p') invalidations.push({ kind: 'repository-policy', repositoryId });
    else if (name === undefined) return undefined;
    else if (kind === 't') invalidations.push({ kind: 'tag', repositoryId, tag: name });
    else if (kind === 'm') invalidations.push({ kind: 'manifest', repositoryId, digest: name });
    else if (kind === 'b') invalidations.push({ kind: 'blob', repositoryId, digest: name });
    else return undefined;
  }
  return { sender, invalidations };
}

const accountId = /^\d{12}$/;

/** The account-scoped kinds (g, s, i), 'malformed' when such a line is broken, undefined for other kinds. */
function accountInvalidation(kind: string | undefined, id: string | undefined, name: string | undefined): CacheInvalidation | 'malformed' | undefined {
  if (kind !== 'g' && kind !== 's' && kind !== 'i') return undefined;
  if (id === undefined || !accountId.test(id)) return 'malformed';
  if (kind === 'g') return { kind: 'registry-policy', accountId: id };
  if (kind === 'i') return { kind: 'identity-policies', accountId: id };
  return name === undefined ? 'malformed' : { kind: 'account-setting', accountId: id, name };
}
