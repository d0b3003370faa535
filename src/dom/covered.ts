/**
 * Whether the page draws something that stays put over the middle of a target: a sticky header
 * the target scrolled under, a fixed bar, a modal. A surface pointing at such a target would
 * point at the header, so it hides as it does when its target scrolls out of view
 * (ui/position.ts), and a tour brings such a target into view first (tour-runner.ts).
 *
 * Only a bar that stays put counts (something `position: fixed` or `sticky`, or inside one,
 * smaller than the viewport): an invisible overlay the page lays over its own content (a
 * "stretched link" covering a card) or a full-screen layer must not hide help that points at
 * that content. Guidepost's own hosts are looked through.
 */
/** The attribute of Guidepost's own hosts (ui/host.ts HOST_ATTRIBUTE; the DOM layer does not import the UI). */
export const OWN_HOSTS = '[data-guidepost-host]';

/** Ancestors looked at above the element found at the target's middle: a header's link sits a few levels down. */
const MOST_LEVELS = 32;

/**
 * Whether the middle of `target` (its box `box`, in its own viewport) is under something of
 * the page that is fixed or sticky and is neither the target, inside it, nor around it.
 * False when the middle is outside the viewport (hiding then is position.ts's) or the engine
 * cannot tell (no hit testing).
 */
export function coveredByFixedContent(target: Element, box: DOMRectReadOnly): boolean {
  const doc = target.ownerDocument;
  const view = doc.defaultView;
  // A target in a component's shadow root is hit-tested there, where it can be found.
  const root = target.getRootNode() as Document | ShadowRoot;
  // A help link's own icon (in its inline host) is placed by the page's flow, not pointed at.
  if (root !== doc && (root as ShadowRoot).host?.matches(OWN_HOSTS)) return false;
  if (!view || typeof root.elementFromPoint !== 'function') return false;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  if (!(x >= 0 && y >= 0 && x < view.innerWidth && y < view.innerHeight)) return false;
  let hit = root.elementFromPoint(x, y);
  // A surface of ours over the target (a beacon on it, the tour's shade around it): what the page draws beneath.
  if (hit?.matches(OWN_HOSTS)) hit = root.elementsFromPoint(x, y).find((element) => !element.closest(OWN_HOSTS)) ?? null;
  if (!hit || encloses(target, hit)) return false;
  let level = 0;
  for (let node: Node | null = hit; node?.nodeType === 1 && node !== doc.body && level < MOST_LEVELS; node = composedParent(node), level++) {
    // Around the target (its header, when the target is a link in it): the target is not under it.
    if (encloses(node as Element, target)) return false;
    const style = view.getComputedStyle(node as Element);
    if (style.position === 'fixed' || style.position === 'sticky') return isBar(node as Element, style);
  }
  return false;
}

/**
 * Whether what stays put is a bar over part of the viewport (a header, a footer, a side rail),
 * seen: a layer over the whole viewport (a modal's backdrop, a transparent click catcher, an app
 * shell) is the page's own stage, above which help shows as it always did.
 */
function isBar(element: Element, style: CSSStyleDeclaration): boolean {
  if (style.opacity === '0') return false;
  const box = element.getBoundingClientRect();
  // The viewport without its scrollbars: a layer at `inset: 0` is that wide, not innerWidth.
  const { clientWidth, clientHeight } = element.ownerDocument.documentElement;
  return box.width < clientWidth - 1 || box.height < clientHeight - 1;
}

/** The parent of `node`, a shadow root's host for its top elements. */
const composedParent = (node: Node): Node | null => {
  const parent = node.parentNode;
  // A document fragment with a host is a shadow root (nodeType, not instanceof: a target may be in an iframe's document).
  return parent?.nodeType === 11 ? ((parent as ShadowRoot).host ?? null) : parent;
};

/** Whether `inner` is `outer` or inside it, across shadow roots. */
export function encloses(outer: Element, inner: Node): boolean {
  for (let node: Node | null = inner; node; node = composedParent(node)) if (node === outer) return true;
  return false;
}
