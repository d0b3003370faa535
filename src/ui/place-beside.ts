/**
 * Where a help link's or inline banner's host goes in the page, beside its target, and putting it
 * back there after the page (React, Vue) moved or deleted it (render-surfaces.tsx).
 */
import { HOST_ATTRIBUTE } from './host';

/** Text containers take the "?" inside, at their end, so it sits on the same line as their text. */
const TEXT_CONTAINERS = /^(H[1-6]|LEGEND|TH|DT|P|CAPTION|SPAN|STRONG)$/;
/** What acts when pressed: a "?" inside it would press it too (Export runs, the link navigates). */
const CONTROLS = 'a[href],button,summary,label,select,[role=button],[role=link],[role=menuitem],[role=tab],[role=option],[contenteditable]:not([contenteditable=false])';

/**
 * Where a help link's host goes, in DOM order right after its target's text: [node, true] at the
 * end inside text containers laid out as blocks (a heading keeps its "?" on its line; after an
 * inline one it is on that line too, and out of text a framework rewrites), else [node, false]
 * right after it: after anything interactive or void (a button inside a button, or inside an
 * <input>, is invalid), and after the outermost control the target is in (after the <details>
 * of a <summary>: inside it, the "?" would hide while it is closed). Inline banners go after.
 */
function spot(target: Element, inside: boolean): [Element, boolean] {
  let at = target;
  for (let c = target.parentElement?.closest(CONTROLS); c; c = c.parentElement?.closest(CONTROLS)) at = c;
  if (at.localName === 'summary' && at.parentElement?.localName === 'details') at = at.parentElement;
  const display = at === target && inside && TEXT_CONTAINERS.test(target.tagName) && target.ownerDocument.defaultView?.getComputedStyle(target).display;
  return [at, !!display && display !== 'inline'];
}

const isInlineHost = (node: Node | null) => (node as Element | null)?.getAttribute?.(HOST_ATTRIBUTE) === 'inline';

/**
 * Puts `host` where spot() says, unless it is there (a repair after the page moved things). Other
 * inline hosts may sit between (two help links, or two instances', on one heading): each is left
 * where it is among them, or two instances would move theirs past each other's forever.
 */
export function placeBeside(target: Element, host: HTMLElement, inside: boolean) {
  const [at, within] = spot(target, inside);
  let node = within ? host.nextSibling : host.previousSibling;
  while (isInlineHost(node)) node = within ? node!.nextSibling : node!.previousSibling;
  if (within ? host.parentNode !== at || node : node !== at) (within ? at.append(host) : at.after(host));
}
