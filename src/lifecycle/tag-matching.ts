// Whether an image's tags satisfy a rule's tag selection (ecr-behaviour.md §4.1, §4.2): for a list of
// prefixes or patterns, *every* entry must match at least one of the image's tags.
// Patterns use `*` for any run of characters (possibly empty) and otherwise match the whole tag,
// case-sensitively. They are compiled once into literal segments, never into regular expressions:
// matching is a few indexOf calls, linear in the tag, whatever the pattern.
import type { TagSelection } from './lifecycle-policy.js';

export type TagMatcher = (tags: readonly string[]) => boolean;

export function tagMatcher(selection: TagSelection): TagMatcher {
  switch (selection.tagStatus) {
    case 'any':
      return () => true;
    case 'untagged':
      return (tags) => tags.length === 0;
    case 'tagged': {
      const entries =
        'tagPrefixList' in selection
          ? selection.tagPrefixList.map((prefix) => (tag: string) => tag.startsWith(prefix))
          : selection.tagPatternList.map(compileTagPattern);
      return (tags) => tags.length > 0 && entries.every((matches) => tags.some(matches));
    }
  }
}

/** `*` is the only special character; the pattern must cover the whole tag. */
export function compileTagPattern(pattern: string): (tag: string) => boolean {
  const segments = pattern.split('*');
  if (segments.length === 1) return (tag) => tag === pattern;
  const head = segments[0];
  const tail = segments[segments.length - 1];
  const middle = segments.slice(1, -1).filter((segment) => segment.length > 0);
  const fixedLength = head.length + tail.length;
  return (tag) => {
    if (tag.length < fixedLength || !tag.startsWith(head) || !tag.endsWith(tail)) return false;
    // Leftmost placement of each middle segment, between the head and the tail, is always the best.
    let from = head.length;
    const end = tag.length - tail.length;
    for (const segment of middle) {
      const at = tag.indexOf(segment, from);
      if (at < 0 || at + segment.length > end) return false;
      from = at + segment.length;
    }
    return true;
  };
}

export function wildcardCount(pattern: string): number {
  let count = 0;
  for (const character of pattern) if (character === '*') count++;
  return count;
}
