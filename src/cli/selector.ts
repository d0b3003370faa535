/**
 * CSS selector syntax check for the CLI, where there is no browser to ask. css-what parses
 * the selector; since it also accepts jQuery's extensions and anything that looks like a
 * pseudo-class, the parsed tokens are then held to what browsers' querySelector accepts,
 * so `guidepost validate` refuses what the SDK's runtime check (querySelector) refuses.
 */
import { parse, type Selector } from 'css-what';
import { nearestWord } from '../manifest/problems';

/** Pseudo-classes Chromium, Firefox and Safari accept in querySelector. */
const PSEUDO_CLASSES = [
  'active', 'any-link', 'autofill', 'checked', 'default', 'defined', 'dir', 'disabled', 'empty', 'enabled',
  'first-child', 'first-of-type', 'focus', 'focus-visible', 'focus-within', 'fullscreen', 'has', 'host',
  'host-context', 'hover', 'in-range', 'indeterminate', 'invalid', 'is', 'lang', 'last-child', 'last-of-type',
  'link', 'modal', 'not', 'nth-child', 'nth-last-child', 'nth-last-of-type', 'nth-of-type', 'only-child',
  'only-of-type', 'open', 'optional', 'out-of-range', 'paused', 'picture-in-picture', 'placeholder-shown',
  'playing', 'popover-open', 'read-only', 'read-write', 'required', 'root', 'scope', 'state', 'target',
  'user-invalid', 'user-valid', 'valid', 'visited', 'where', 'muted', 'seeking', 'stalled', 'buffering',
  'volume-locked', 'xr-overlay',
];

/** Pseudo-classes whose argument is a selector list; only :has() may start with a combinator. */
const SELECTOR_ARGUMENT = ['not', 'is', 'where', 'has', 'host', 'host-context'];

/** jQuery's selector extensions that browsers reject, with what to write instead. */
const JQUERY_ONLY: Record<string, string> = {
  contains: 'target the element by an anchor ([data-help="…"]) or an attribute instead of its text',
  eq: 'use :nth-child() or :nth-of-type()',
  first: 'use :first-child or :first-of-type',
  last: 'use :last-child or :last-of-type',
  visible: 'Guidepost already waits for the target to appear',
  hidden: 'target a visible element',
  gt: 'use :nth-child()',
  lt: 'use :nth-child()',
  button: 'use button or [type="button"]',
  input: 'use input, select, textarea',
  text: 'use [type="text"]',
  selected: 'use :checked',
  header: 'use :is(h1, h2, h3, h4, h5, h6)',
  parent: 'use :not(:empty)',
  odd: 'use :nth-child(odd)',
  even: 'use :nth-child(even)',
};

const TRAVERSALS = new Set(['adjacent', 'child', 'descendant', 'parent', 'sibling', 'column-combinator']);

/** Returns an error text for a selector browsers would reject, or undefined when it is valid. */
export function checkSelectorSyntax(selector: string): string | undefined {
  let parsed: Selector[][];
  try {
    parsed = parse(selector);
  } catch (error) {
    // css-what ends "Expected name, found " with nothing when the selector just stops.
    return (error as Error).message.replace(/found $/, 'found the end of the selector');
  }
  return checkList(parsed, false) ?? checkIdentifiers(selector);
}

function checkList(list: Selector[][], relative: boolean): string | undefined {
  for (const tokens of list) {
    const first = tokens[0];
    const last = tokens[tokens.length - 1];
    if (first && TRAVERSALS.has(first.type) && !relative) return `a selector cannot start with a combinator such as ">" or "+"`;
    if (last && TRAVERSALS.has(last.type)) return `a selector cannot end with a combinator such as ">" or "+"`;
    for (const token of tokens) {
      const problem = checkToken(token);
      if (problem) return problem;
    }
  }
  return undefined;
}

function checkToken(token: Selector): string | undefined {
  switch (token.type) {
    case 'parent':
      return '"<" is not a CSS combinator (it comes from jQuery)';
    case 'column-combinator':
      return 'the column combinator "||" is not supported by browsers';
    case 'attribute':
      if (token.action === 'not') return `"[${token.name}!=…]" is not CSS (it comes from jQuery): write :not([${token.name}="…"])`;
      return namespaceProblem(token.namespace);
    case 'tag':
    case 'universal':
      return namespaceProblem(token.namespace);
    case 'pseudo-element':
      return `"::${token.name}" is a pseudo-element: it never matches an element, so it cannot be a target`;
    case 'pseudo': {
      const name = token.name.toLowerCase();
      if (name.startsWith('-webkit-') || name.startsWith('-moz-')) return undefined;
      if (JQUERY_ONLY[name] && !PSEUDO_CLASSES.includes(name)) return `":${name}" is not CSS (it comes from jQuery): ${JQUERY_ONLY[name]}`;
      if (!PSEUDO_CLASSES.includes(name)) {
        const suggestion = nearestWord(name, PSEUDO_CLASSES);
        return `unknown pseudo-class ":${token.name}"${suggestion ? ` — did you mean ":${suggestion}"?` : ''}`;
      }
      if (Array.isArray(token.data) && SELECTOR_ARGUMENT.includes(name)) return checkList(token.data, name === 'has');
      return undefined;
    }
  }
  return undefined;
}

function namespaceProblem(namespace: string | null): string | undefined {
  return namespace !== null && namespace !== '' && namespace !== '*' ? `namespace prefixes such as "${namespace}|" are not supported in selectors` : undefined;
}

/**
 * css-what reads "#1abc" as an id and "12" as a tag name, but CSS identifiers cannot start
 * with a digit (or a hyphen and a digit), and browsers reject such selectors.
 */
function checkIdentifiers(selector: string): string | undefined {
  // Blank out escapes ("\31 " is one character), quoted strings, attribute brackets and
  // pseudo-class arguments, where digits are fine.
  const bare = selector.replace(/\\[0-9a-fA-F]{1,6}\s?|\\./g, '_').replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""').replace(/\[[^\]]*\]/g, '[]').replace(/\([^)]*\)/g, '()');
  const match = /(^|[^\w\\-])([#.])(-?\d[\w-]*)/.exec(bare);
  if (match) {
    const [, , sigil, name] = match;
    const attribute = sigil === '#' ? `[id="${name}"]` : `[class~="${name}"]`;
    return `"${sigil}${name}": a CSS ${sigil === '#' ? 'id' : 'class'} cannot start with a digit; write ${attribute} instead`;
  }
  const tag = /(^|[\s>+~,(])(-?\d[\w-]*)/.exec(bare);
  if (tag) return `"${tag[2]}" is not a valid element name (names cannot start with a digit)`;
  return undefined;
}
