// Policy strings compiled once, matched many times: `*` (any run of characters, also none) and `?`
// (exactly one character) in Action, Resource, StringLike and ArnLike values, and policy variables
// `${aws:username}` (IAM User Guide, "Policy variables") in Resource and condition values.
//
// Matching runs over a segment list with the classic two-pointer backtracking walk: linear in
// practice, never exponential (no regular expression is built, so a hostile policy cannot cause
// catastrophic backtracking), and nothing is compiled per request: a variable is substituted as
// literal text, so `${aws:username}` of a user named `a*` never acts as a wildcard.

export type VariableLookup = (key: string) => string | undefined;

type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'star' }
  | { kind: 'one' }
  | { kind: 'variable'; key: string; fallback?: string };

export interface PatternOptions {
  /** `*` and `?` are wildcards (Action, Resource, *Like); otherwise literal (StringEquals). */
  wildcards: boolean;
  /** `${…}` is a policy variable: only in documents of Version 2012-10-17. */
  variables: boolean;
  /** Compare case-insensitively (actions, *IgnoreCase operators). */
  ignoreCase: boolean;
}

// `${aws:username}`, `${aws:username, 'default'}` and the escapes `${*}`, `${?}`, `${$}`.
const VARIABLE = /\$\{([^}]*)\}/g;
const VARIABLE_BODY = /^\s*([A-Za-z0-9_.:/+=@-]+)\s*(?:,\s*'([^']*)'\s*)?$/;
const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };

export class WildcardPattern {
  /** Whether the pattern uses policy variables (and so needs a lookup to match). */
  readonly hasVariables: boolean;

  private constructor(
    readonly source: string,
    private readonly segments: readonly Segment[],
    private readonly ignoreCase: boolean,
    /** Set when the pattern is plain text: matching is one string comparison. */
    private readonly exact: string | undefined,
    /** Set when the pattern is `*` alone: everything matches. */
    readonly matchesEverything: boolean,
  ) {
    this.hasVariables = segments.some((segment) => segment.kind === 'variable');
  }

  static compile(source: string, options: PatternOptions): WildcardPattern {
    const segments = parseSegments(source, options);
    const plain = segments.every((segment) => segment.kind === 'text');
    const exact = plain ? segments.map((segment) => (segment as { text: string }).text).join('') : undefined;
    const everything = segments.length > 0 && segments.every((segment) => segment.kind === 'star');
    return new WildcardPattern(source, segments, options.ignoreCase, exact, everything);
  }

  /**
   * Whether `text` matches. Callers pass text already lower-cased when the pattern ignores case
   * (they lower-case once per request, not once per pattern). A variable the request cannot
   * resolve makes the pattern match nothing, as in AWS.
   */
  matches(text: string, variables?: VariableLookup): boolean {
    if (this.matchesEverything) return true;
    if (this.exact !== undefined) return this.exact === text;
    const segments = this.hasVariables ? this.resolve(variables) : this.segments;
    return segments !== undefined && matchSegments(segments, text);
  }

  private resolve(variables: VariableLookup | undefined): Segment[] | undefined {
    const resolved: Segment[] = [];
    for (const segment of this.segments) {
      if (segment.kind !== 'variable') {
        resolved.push(segment);
        continue;
      }
      const value = variables?.(segment.key) ?? segment.fallback;
      if (value === undefined) return undefined;
      resolved.push({ kind: 'text', text: this.ignoreCase ? value.toLowerCase() : value });
    }
    return resolved;
  }
}

function parseSegments(source: string, options: PatternOptions): Segment[] {
  const text = options.ignoreCase ? source.toLowerCase() : source;
  const segments: Segment[] = [];
  const pushText = (part: string) => {
    if (!options.wildcards) {
      if (part !== '') segments.push({ kind: 'text', text: part });
      return;
    }
    let run = '';
    for (const char of part) {
      if (char !== '*' && char !== '?') {
        run += char;
        continue;
      }
      if (run !== '') segments.push({ kind: 'text', text: run });
      run = '';
      // Consecutive stars mean the same as one.
      if (char === '?') segments.push({ kind: 'one' });
      else if (segments.at(-1)?.kind !== 'star') segments.push({ kind: 'star' });
    }
    if (run !== '') segments.push({ kind: 'text', text: run });
  };
  if (!options.variables) {
    pushText(text);
    return segments;
  }
  let last = 0;
  for (const match of text.matchAll(VARIABLE)) {
    pushText(text.slice(last, match.index));
    last = match.index + match[0].length;
    const body = match[1];
    const escaped = ESCAPES[body];
    if (escaped !== undefined) {
      segments.push({ kind: 'text', text: escaped });
      continue;
    }
    const variable = VARIABLE_BODY.exec(body);
    if (variable === null) {
      // Not a variable AWS would recognise: the characters stay as they are.
      pushText(match[0]);
      continue;
    }
    segments.push({ kind: 'variable', key: variable[1].toLowerCase(), fallback: variable[2] });
  }
  pushText(text.slice(last));
  return mergeText(segments);
}

/** Adjacent text segments (escapes next to text) become one, which keeps matching simple. */
function mergeText(segments: Segment[]): Segment[] {
  const merged: Segment[] = [];
  for (const segment of segments) {
    const previous = merged.at(-1);
    if (segment.kind === 'text' && previous?.kind === 'text') {
      merged[merged.length - 1] = { kind: 'text', text: previous.text + segment.text };
    } else merged.push(segment);
  }
  return merged;
}

/**
 * Glob matching over segments. On a mismatch the walk returns to the last `*` seen and lets it
 * swallow one more character; earlier stars never need revisiting, because the text between two
 * stars is best matched at its leftmost position.
 */
function matchSegments(segments: readonly Segment[], text: string): boolean {
  let segmentIndex = 0;
  let textIndex = 0;
  let starIndex = -1;
  let starTextIndex = 0;
  while (textIndex < text.length) {
    const segment = segments[segmentIndex];
    if (segment !== undefined) {
      if (segment.kind === 'text' && text.startsWith(segment.text, textIndex)) {
        textIndex += segment.text.length;
        segmentIndex += 1;
        continue;
      }
      if (segment.kind === 'one') {
        textIndex += 1;
        segmentIndex += 1;
        continue;
      }
      if (segment.kind === 'star') {
        starIndex = segmentIndex;
        starTextIndex = textIndex;
        segmentIndex += 1;
        continue;
      }
    }
    if (starIndex < 0) return false;
    segmentIndex = starIndex + 1;
    starTextIndex += 1;
    textIndex = starTextIndex;
  }
  // The text is consumed: what is left of the pattern must be able to match nothing.
  for (; segmentIndex < segments.length; segmentIndex += 1) {
    const segment = segments[segmentIndex];
    if (segment.kind === 'star' || (segment.kind === 'text' && segment.text === '')) continue;
    return false;
  }
  return true;
}
