/**
 * Where, in a rich text, the links that the renderer will not make are: for `guidepost
 * validate`, which reports each at its position. The links are found by the renderer's own
 * parser (richtext.ts), so the validator and what readers see cannot disagree.
 */
import { unsafeLinks } from './richtext';
import { urlProblem } from './url';

export interface UnsafeLink {
  href: string;
  /** Index in `source` where the link's address is written (undefined if it cannot be placed). */
  index?: number;
  /** Why the address is refused, in words for a writer. */
  problem: string;
}

/** The refused links of `source`, in order, with their positions. Linear in the length of `source`. */
export function unsafeLinkPositions(source: string): UnsafeLink[] {
  let from = 0;
  // Once one address cannot be placed (written with escapes), the rest are not searched for:
  // searching the whole text again for each would not be linear.
  let lost = false;
  return unsafeLinks(source).map((href) => {
    // The parser reports links in source order: the next "](" whose address reads `href`.
    let index: number | undefined;
    for (let at = lost ? -1 : source.indexOf('](', from); at >= 0; at = source.indexOf('](', at + 2)) {
      let start = at + 2;
      while (source[start] === ' ' || source[start] === '\t') start++;
      if (source[start] === '<') start++;
      if (source.startsWith(href, start)) {
        index = start;
        from = start + href.length;
        break;
      }
    }
    lost ||= index === undefined;
    return { href, index, problem: urlProblem(href) ?? 'use an http(s), mailto or relative URL' };
  });
}
