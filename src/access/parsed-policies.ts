// Stored policy texts → parsed documents, once per distinct text. Parsing compiles every action,
// resource and condition, which costs far more than evaluating; the same few texts apply to almost
// every request, so the authorizer asks here and parses only a text it has not seen (or has
// forgotten: the map is bounded, least recently used dropped first).
import {
  parsePolicyDocument,
  parseRegistryPolicy,
  parseRepositoryPolicy,
  type PolicyDocument,
} from '../policy/index.js';

export type StoredPolicyKind = 'identity' | 'repository' | 'registry';

export interface ParsedPolicy {
  document: PolicyDocument;
  /**
   * Whether a condition may read the repository's resource tags (`ecr:ResourceTag/…` or
   * `aws:ResourceTag/…`): only then does the authorizer load them.
   */
  readsResourceTags: boolean;
}

const mentionsResourceTags = /resourcetag\//i;

export class ParsedPolicies {
  private readonly entries = new Map<string, ParsedPolicy>();

  constructor(private readonly maxEntries = 1000) {}

  /** The parsed document; throws PolicyDocumentError when the text is not a valid policy of its kind. */
  get(kind: StoredPolicyKind, text: string): ParsedPolicy {
    const key = `${kind}\u0000${text}`;
    const known = this.entries.get(key);
    if (known) {
      this.entries.delete(key);
      this.entries.set(key, known); // most recently used goes last
      return known;
    }
    const parsed = { document: parse(kind, text), readsResourceTags: mentionsResourceTags.test(text) };
    this.entries.set(key, parsed);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return parsed;
  }
}

function parse(kind: StoredPolicyKind, text: string): PolicyDocument {
  switch (kind) {
    // IAM held the document to its own quotas when it was written (they do not count white space):
    // a stored identity policy is never refused for its length here.
    case 'identity':
      return parsePolicyDocument(text, 'identity', { maxLength: Number.MAX_SAFE_INTEGER });
    case 'repository':
      return parseRepositoryPolicy(text);
    // Parsed under V2, the wider grammar: under V1 the evaluation itself ignores what V1 does not govern.
    case 'registry':
      return parseRegistryPolicy(text, 'V2');
  }
}
