/**
 * CSS selector syntax check for the CLI, where there is no browser to ask. css-what parses
 * the selector; since it also accepts jQuery's extensions and anything that looks like a
 * pseudo-class, the parsed tokens are then held to what browsers' querySelector accepts, and
 * the text itself is read again for what css-what reads too loosely (names, attribute values,
 * An+B), so `guidepost validate` refuses what the SDK's runtime check (querySelector) refuses.
 */
import { parse, type Selector } from 'css-what';
import { nearestWord } from '../manifest/problems';
import { checkNth, NTH_PSEUDO_CLASSES } from './selector-nth';

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

/** Pseudo-classes browsers only accept with an argument (":not" alone throws); :host takes one or none. */
const FUNCTIONAL = ['dir', 'lang', 'state', ...SELECTOR_ARGUMENT.filter((name) => name !== 'host'), ...NTH_PSEUDO_CLASSES];

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
  return checkSelector(selector, false);
}

/** `inHas`: the selector is (part of) the argument of a :has(), which cannot hold another. */
function checkSelector(selector: string, inHas: boolean): string | undefined {
  let parsed: Selector[][];
  try {
    parsed = parse(selector);
  } catch (error) {
    const message = (error as Error).message;
    // css-what says "Empty sub-selector" for ":not()" as for "a,,b": name the empty argument.
    const empty = /:(not|is|where|has|host|host-context)\([ \t\n\r\f]*\)/i.exec(selector);
    if (message === 'Empty sub-selector' && empty && parses(selector.replace(empty[0], `:${empty[1]}(*)`))) return `'${empty[0]}' needs a selector between its parentheses`;
    // css-what ends "Expected name, found " with nothing when the selector just stops.
    return message.replace(/found $/, 'found the end of the selector');
  }
  // css-what reads "" and "   " as a list of no selectors; querySelector throws on them.
  if (parsed.length === 0) return 'the selector is empty';
  return checkList(parsed, false, inHas) ?? checkIdentifiers(selector) ?? scan(selector, inHas);
}

function parses(selector: string): boolean {
  try {
    return parse(selector).length > 0;
  } catch {
    return false;
  }
}

function checkList(list: Selector[][], relative: boolean, inHas: boolean): string | undefined {
  for (const tokens of list) {
    const first = tokens[0];
    const last = tokens[tokens.length - 1];
    if (first && TRAVERSALS.has(first.type) && !relative) return `a selector cannot start with a combinator such as ">" or "+"`;
    if (last && TRAVERSALS.has(last.type)) return `a selector cannot end with a combinator such as ">" or "+"`;
    for (const token of tokens) {
      const problem = checkToken(token, inHas);
      if (problem) return problem;
    }
  }
  return undefined;
}

function checkToken(token: Selector, inHas: boolean): string | undefined {
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
      if (FUNCTIONAL.includes(name) && token.data === null) return `':${name}' needs an argument in parentheses`;
      if (!FUNCTIONAL.includes(name) && name !== 'host' && token.data !== null) return `':${name}' takes no argument`;
      if (typeof token.data === 'string' && token.data.trim() === '') return `':${name}()' needs an argument`;
      // The spec forbids :has() anywhere inside :has(), even behind :is() or :not().
      if (name === 'has' && inHas) return ':has() cannot contain :has()';
      if (Array.isArray(token.data) && SELECTOR_ARGUMENT.includes(name)) return checkList(token.data, name === 'has', inHas || name === 'has');
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

/**
 * A pass over the selector's text, for what css-what lets through because its names may start
 * with any character but "#" and "\" (".btn..primary" is class "btn" then class ".primary",
 * "a'b" is element "a" then element "'b"), because it takes "a*" or "[x]a" for one compound,
 * and because it leaves the An+B of :nth-child() unread. It runs after css-what has parsed the
 * selector, so brackets and quotes are known to pair up.
 */
function scan(selector: string, inHas: boolean): string | undefined {
  // One entry per open selector-list argument (:not(, :is(, …): whether a :has() holds it.
  const open: boolean[] = [];
  // Where in a compound selector the scan is: an element name or "*" may only come first.
  let at: 'start' | 'element' | 'rest' = 'start';
  let i = 0;
  while (i < selector.length) {
    const c = selector[i];
    if (' \t\n\r\f,>+~'.includes(c)) [i, at] = [i + 1, 'start'];
    else if (selector.startsWith('/*', i)) i = selector.includes('*/', i + 2) ? selector.indexOf('*/', i + 2) + 2 : selector.length;
    else if (c === '*' || startsIdentifier(selector, i)) {
      if (at !== 'start') return `'${c === '*' ? '*' : selector.slice(i, nameEnd(selector, i))}' must come first in its compound selector (an element name or '*' cannot follow another part without a space or combinator)`;
      [i, at] = [c === '*' ? i + 1 : nameEnd(selector, i), 'element'];
    } else if (c === '|') {
      // "ns|name", "*|name" or "|name": an element name or "*" must follow.
      if (at === 'rest' || !(selector[i + 1] === '*' || startsIdentifier(selector, i + 1))) return `expected an element name or '*' after '|'`;
      [i, at] = [i + 1, 'start'];
    } else if (c === '.' || c === '#') {
      const end = nameEnd(selector, i + 1);
      const kind = c === '.' ? 'class' : 'id';
      if (end === i + 1) return `empty ${kind} name after '${c}'`;
      if (!startsIdentifier(selector, i + 1)) return `'${selector.slice(i, end)}' is not a valid ${kind} name`;
      [i, at] = [end, 'rest'];
    } else if (c === '[') {
      const end = scanAttribute(selector, i);
      if (typeof end === 'string') return end;
      [i, at] = [end, 'rest'];
    } else if (c === ':') {
      const start = selector[i + 1] === ':' ? i + 2 : i + 1;
      [i, at] = [nameEnd(selector, start), 'rest'];
      if (selector[i] !== '(') continue;
      const name = selector.slice(start, i).toLowerCase();
      const withinHas = open.length > 0 ? open[open.length - 1] : inHas;
      if (SELECTOR_ARGUMENT.includes(name)) {
        open.push(withinHas || name === 'has');
        [i, at] = [i + 1, 'start'];
        continue;
      }
      const close = closingParenthesis(selector, i);
      if (NTH_PSEUDO_CLASSES.includes(name)) {
        const problem = checkNth(name, selector.slice(i + 1, close), (list) => checkSelector(list, withinHas));
        if (problem) return problem;
      }
      i = close + 1;
    } else if (c === ')') {
      if (open.pop() === undefined) return `unmatched ')'`;
      i++;
    } else if (/[\d-]/.test(c)) return `'${selector.slice(i, nameEnd(selector, i))}' is not a valid element name`;
    else if (c === '"' || c === "'") return `unexpected quote: quoted text belongs in an attribute selector such as [title="…"]`;
    else return c === ']' ? `unmatched ']'` : `unexpected '${c}'`;
  }
  return undefined;
}

/**
 * Checks the attribute selector whose "[" is at `start`: its name must be an identifier, and so
 * must an unquoted value ([data-step=1] throws in browsers; [data-step="1"] is right). Returns
 * the index after its "]", or an error text.
 */
function scanAttribute(selector: string, start: number): number | string {
  let i = skipWhitespace(selector, start + 1);
  if (selector.startsWith('*|', i)) i += 2;
  else if (selector[i] === '|') i++;
  for (;;) {
    const end = nameEnd(selector, i);
    if (end === i) return `empty attribute name after '['`;
    if (!startsIdentifier(selector, i)) return `'${selector.slice(i, end)}' is not a valid attribute name`;
    i = end;
    // "ns|name": a namespace prefix (checkToken has refused it already, but read on correctly).
    if (selector[i] !== '|' || selector[i + 1] === '=') break;
    i++;
  }
  i = skipWhitespace(selector, i);
  if (selector[i] !== ']') {
    i = skipWhitespace(selector, i + (selector[i] === '=' ? 1 : 2)); // "=", or "~=", "^=" and the like
    const valueStart = i;
    if (selector[i] === '"' || selector[i] === "'") i = stringEnd(selector, i);
    else if (startsIdentifier(selector, i)) i = nameEnd(selector, i);
    else {
      const value = /^[^ \t\n\r\f\]]*/.exec(selector.slice(i))?.[0] ?? '';
      const fix = `write ${selector.slice(start, valueStart).trimEnd()}"${value}"]`;
      return value === '' ? `missing attribute value after '=' (${fix} to match an empty value)` : `attribute value '${value}' must be quoted: ${fix}`;
    }
    i = skipWhitespace(selector, i);
    const flag = /^[is](?=[ \t\n\r\f\]])/i.exec(selector.slice(i))?.[0];
    // Chromium throws on the case-sensitive flag "s" (Firefox accepts it).
    if (flag?.toLowerCase() === 's') return `the attribute flag 's' is not supported by Chromium`;
    i = skipWhitespace(selector, i + (flag ? 1 : 0));
  }
  return selector[i] === ']' ? i + 1 : `unexpected '${selector[i] ?? ''}' in attribute selector`;
}

/** Whether an identifier starts at `i` (CSS Syntax §4.3.9): a letter, "_", non-ASCII, an escape, or "-" before one of those or "-". */
function startsIdentifier(text: string, i: number): boolean {
  if (text[i] === '-') return text[i + 1] === '-' || isNameStart(text[i + 1]) || isEscape(text, i + 1);
  return isNameStart(text[i]) || isEscape(text, i);
}

function isNameStart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_\u0080-\uffff]/.test(c);
}

/** A backslash starts an escape unless a newline follows it. */
function isEscape(text: string, i: number): boolean {
  return text[i] === '\\' && text[i + 1] !== '\n' && text[i + 1] !== '\r' && text[i + 1] !== '\f';
}

/** The index after the name (name characters and escapes) starting at `i`; `i` when there is none. */
function nameEnd(text: string, i: number): number {
  for (;;) {
    if (isEscape(text, i)) {
      const hex = /^[0-9a-fA-F]{1,6}[ \t\n\r\f]?/.exec(text.slice(i + 1, i + 8));
      i += 1 + (hex ? hex[0].length : 1);
    } else if (isNameStart(text[i]) || /[\d-]/.test(text[i] ?? '')) i++;
    else return i;
  }
}

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && ' \t\n\r\f'.includes(text[i])) i++;
  return i;
}

/** The index after the string whose opening quote is at `i`. */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== text[i]) j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** The index of the ")" closing the "(" at `i`, found as css-what finds it (escapes skipped). */
function closingParenthesis(text: string, i: number): number {
  for (let depth = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return text.length;
}
