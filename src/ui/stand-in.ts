/**
 * What stands for a page element after the app re-rendered it (same markup, a new node): the
 * control that started a tour, to give focus back to when the tour ends. A description is taken
 * while the element is in the page (its id; else a stable attribute the page put there for
 * Guidepost or its own tests; else its tag, name and place under the nearest ancestor with an
 * id) and looked up again later. Bounded work, never throws, and only ever answers an element
 * that is in the page, rendered and focusable: focus on something hidden is focus nowhere.
 */

/** Attributes a page keeps stable across renders, in the order they are trusted. */
const STABLE_ATTRIBUTES = ['data-help', 'data-testid', 'data-test-id', 'data-test', 'data-cy'];

/** Ancestors climbed for one with an id, and elements of a tag looked at under it, at most. */
const MOST_ANCESTORS = 32;
const MOST_CANDIDATES = 500;
/** Characters of an element's text compared: a launcher's name is short; a huge subtree's text is not read in full twice. */
const NAME_LENGTH = 200;

type Root = Document | ShadowRoot;

/** Its accessible name, near enough to tell a launcher from its siblings: aria-label, else its text, else its title. */
function nameOf(el: Element): string {
  const label = el.getAttribute('aria-label');
  if (label) return label.trim().slice(0, NAME_LENGTH);
  const text = (el.textContent ?? '').slice(0, NAME_LENGTH * 4).replace(/\s+/g, ' ').trim().slice(0, NAME_LENGTH);
  return text || (el.getAttribute('title') ?? '').trim().slice(0, NAME_LENGTH);
}

/** Whether focus put there would be somewhere: in the page, rendered, enabled, not inert, a tab stop or programmatically focusable. */
function usable(el: Element | null | undefined): el is HTMLElement {
  if (!el || !el.isConnected || typeof (el as HTMLElement).focus !== 'function') return false;
  const html = el as HTMLElement;
  if (html.matches(':disabled') || html.closest('[inert]')) return false;
  if (html.tabIndex < 0 && !html.hasAttribute('tabindex')) return false;
  // checkVisibility: not rendered (display:none here or above, or content-visibility skipped); where a DOM lacks it, trusted.
  return typeof html.checkVisibility === 'function' ? html.checkVisibility({ visibilityProperty: true } as CheckVisibilityOptions) : true;
}

/**
 * Of the first MOST_CANDIDATES elements of `tag` under `container`, in tree order, those `like`
 * accepts. Compared in script, not in a selector: any attribute value, nothing to escape.
 */
function sameKind(container: Element | Root, tag: string, like: (el: Element) => boolean): Element[] {
  // An element's (or the document's) live collection is walked lazily: a huge page is not listed in full.
  const all = 'getElementsByTagName' in container ? container.getElementsByTagName(tag) : container.querySelectorAll(tag);
  const found: Element[] = [];
  for (let i = 0; i < all.length && i < MOST_CANDIDATES; i++) if (like(all[i])) found.push(all[i]);
  return found;
}

/**
 * Describes `element` now and returns a lookup of what stands for it later: `element` itself
 * while it is usable, else the usable element that matches its description in the same root,
 * else null.
 */
export function standInFor(element: HTMLElement): () => HTMLElement | null {
  let find: (root: Root) => Element | null | undefined = () => null;
  const root = element.getRootNode() as Root;
  try {
    const tag = element.localName;
    const stable = STABLE_ATTRIBUTES.find((name) => element.getAttribute(name));
    // Focus was nowhere (<body>): nothing to describe, and its text is the whole page's.
    if (tag === 'body' || tag === 'html') return () => null;
    // By id without a selector: any id, whatever CSS would need escaped in it.
    if (element.id) {
      const id = element.id;
      find = (r) => r.getElementById(id);
    } else if (stable) {
      const value = element.getAttribute(stable);
      find = (r) => sameKind(r, tag, (el) => el.getAttribute(stable) === value)[0];
    } else {
      // Its place among the elements of its tag and name under the nearest ancestor with an id
      // (a toolbar, a header), else in the whole root: the third "Export" button of #toolbar.
      let scope: Element | null = element.parentElement;
      for (let n = 0; scope && !scope.id && n < MOST_ANCESTORS; n++) scope = scope.parentElement;
      const scopeId = scope?.id || undefined;
      const name = nameOf(element);
      const named = (el: Element) => nameOf(el) === name;
      const index = sameKind(scopeId ? scope! : root, tag, named).indexOf(element);
      if (index >= 0) {
        find = (r) => {
          const within = scopeId ? r.getElementById(scopeId) : r;
          if (!within) return null;
          const list = sameKind(within, tag, named);
          // The same place; else, the only one of its kind left (a list that lost an item before it).
          return list[index] ?? (list.length === 1 ? list[0] : null);
        };
      }
    }
  } catch {
    // An odd DOM (a getter of the page's that throws): nothing stands for it.
  }
  return () => {
    try {
      // Still in the page, it is itself (or, hidden or disabled now, nothing): no look-alike is taken for it.
      if (element.isConnected) return usable(element) ? element : null;
      const found = find(root);
      return usable(found) ? found : null;
    } catch {
      return null;
    }
  };
}
