/**
 * Recommends a stable selector for an element, for the element picker. Preference order:
 * a data-help anchor, a hand-written id, test ids and other stable attributes, an ARIA
 * label, then a short structural path anchored on the nearest stable ancestor. Generated
 * class names and ids (CSS modules, styled-components, React useId) are avoided.
 */

export interface SelectorRecommendation {
  selector: string;
  /** How many elements the selector matches in the document (1 is the goal). */
  matches: number;
  /** What kind of anchor it relies on, most robust first. */
  strategy: 'data-help' | 'id' | 'attribute' | 'aria-label' | 'path';
  /** For data-help: the manifest target to paste. */
  target: string | { anchor: string };
}

const STABLE_ATTRIBUTES = ['data-testid', 'data-test', 'data-test-id', 'data-cy', 'data-qa', 'name', 'for', 'href', 'type'];

/** Ids and classes that look machine-made: hashes, long digit runs, framework prefixes. */
export function looksGenerated(token: string): boolean {
  return (
    /\d{3,}/.test(token) ||
    /^[a-z]{1,3}-(?=[a-z]*[0-9]|[a-z0-9]*[A-Z][a-z0-9]*[a-z]|[a-z0-9]*[a-z][a-z0-9]*[A-Z])[a-zA-Z0-9]{5,}$/.test(token) || // css-1x2y3z, sc-bdfBwQ
    /^(css|sc|jsx|emotion|svelte|ng|ember|mui|chakra|makeStyles)-/i.test(token) ||
    /^:?r[0-9a-z]+:?$/.test(token) || // React useId ":r1:"
    /[_-][a-zA-Z0-9]{5,}$/.test(token) && /[0-9]/.test(token) // Button_primary__3xYz9
  );
}

const escape = (value: string) => (typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(value) : value.replace(/([^\w-])/g, '\\$1'));
const quote = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

function count(doc: Document, selector: string): number {
  try {
    return doc.querySelectorAll(selector).length;
  } catch {
    return 0;
  }
}

/** One element-local selector per strategy, without ancestors. */
function localCandidates(element: Element): { selector: string; strategy: SelectorRecommendation['strategy'] }[] {
  const tag = element.tagName.toLowerCase();
  const out: { selector: string; strategy: SelectorRecommendation['strategy'] }[] = [];
  const help = element.getAttribute('data-help');
  if (help) out.push({ selector: `[data-help=${quote(help)}]`, strategy: 'data-help' });
  if (element.id && !looksGenerated(element.id)) out.push({ selector: `#${escape(element.id)}`, strategy: 'id' });
  for (const name of STABLE_ATTRIBUTES) {
    const value = element.getAttribute(name);
    if (value && !looksGenerated(value) && value.length <= 80) out.push({ selector: `${tag}[${name}=${quote(value)}]`, strategy: 'attribute' });
  }
  const label = element.getAttribute('aria-label');
  if (label && label.length <= 60) out.push({ selector: `${tag}[aria-label=${quote(label)}]`, strategy: 'aria-label' });
  return out;
}

/** `tag:nth-of-type(n)` for one step of a structural path. */
function step(element: Element): string {
  const tag = element.tagName.toLowerCase();
  const parent = element.parentElement;
  if (!parent) return tag;
  const same = Array.from(parent.children).filter((c) => c.tagName === element.tagName);
  return same.length === 1 ? tag : `${tag}:nth-of-type(${same.indexOf(element) + 1})`;
}

export function recommendSelector(element: Element): SelectorRecommendation {
  const doc = element.ownerDocument;
  for (const candidate of localCandidates(element)) {
    const matches = count(doc, candidate.selector);
    if (matches === 1) return finish(candidate.selector, candidate.strategy, matches, element);
  }
  // A short path from the nearest ancestor that has a unique stable selector.
  const path: string[] = [step(element)];
  for (let ancestor = element.parentElement; ancestor && ancestor !== doc.documentElement; ancestor = ancestor.parentElement) {
    const anchor = localCandidates(ancestor).find((c) => count(doc, c.selector) === 1);
    if (anchor) {
      // `path` holds every step from the anchor's child down to the element: a direct-child chain.
      const selector = `${anchor.selector} > ${path.join(' > ')}`;
      if (doc.querySelector(selector) === element) return finish(selector, 'path', count(doc, selector), element);
    }
    path.unshift(step(ancestor));
    if (path.length > 6) break;
  }
  const full = pathFromRoot(element);
  return finish(full, 'path', count(doc, full), element);
}

function pathFromRoot(element: Element): string {
  const parts: string[] = [];
  for (let node: Element | null = element; node && node.tagName !== 'HTML'; node = node.parentElement) parts.unshift(step(node));
  return parts.join(' > ');
}

function finish(selector: string, strategy: SelectorRecommendation['strategy'], matches: number, element: Element): SelectorRecommendation {
  const help = element.getAttribute('data-help');
  return { selector, matches, strategy, target: strategy === 'data-help' && help ? { anchor: help } : selector };
}
