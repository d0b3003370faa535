/**
 * What of an element can be seen: the viewport, less every box that clips it (an ancestor with
 * `overflow` other than visible, when that ancestor is in its containing-block chain: a fixed
 * element escapes every ancestor up to a transformed one, an absolute one the static ancestors).
 * In the client coordinates of the element's own document. Ancestors are walked through shadow
 * roots and slots (floating-ui's `getOverflowAncestors`), not beyond the top layer (a modal
 * dialog, an open popover) nor the element's own frame.
 */
import { getOverflowAncestors } from '@floating-ui/dom';

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The part of `view`'s viewport that is on screen (the visual viewport, when pinch-zoomed), without scrollbars. */
export function viewportArea(view: Window): Area {
  const root = view.document.documentElement;
  const visual = view.visualViewport;
  if (!visual) return { x: 0, y: 0, width: root.clientWidth, height: root.clientHeight };
  return { x: visual.offsetLeft, y: visual.offsetTop, width: Math.min(visual.width, root.clientWidth || visual.width), height: Math.min(visual.height, root.clientHeight || visual.height) };
}

/** Whether a box with `style` is the containing block of fixed descendants (transformed, filtered, contained…). */
export function containsFixed(style: CSSStyleDeclaration): boolean {
  const none = (value: string | undefined) => !value || value === 'none';
  return (
    !none(style.transform) || !none(style.translate) || !none(style.scale) || !none(style.rotate) || !none(style.perspective) || !none(style.filter) || !none(style.backdropFilter) ||
    (!!style.containerType && style.containerType !== 'normal') || /transform|perspective|filter/.test(style.willChange) || /paint|layout|strict|content/.test(style.contain)
  );
}

/** Its parent box: through a slot it is assigned to and out of a shadow root. */
function parentBox(node: Element): Element | null {
  return node.assignedSlot ?? node.parentElement ?? ((node.parentNode as ShadowRoot | null)?.host || null);
}

/** Whether `element` is in the top layer (a modal dialog, an open popover): no ancestor clips it. */
function inTopLayer(element: Element): boolean {
  try {
    return element.matches(':modal') || element.matches(':popover-open');
  } catch {
    // An engine without these selectors has no top layer either.
    return false;
  }
}

/** The ancestors that clip `element`, nearest first (none above the top layer). */
function clippingAncestors(element: Element): Element[] {
  const doc = element.ownerDocument;
  if (inTopLayer(element)) return [];
  const view = doc.defaultView!;
  const overflowing = new Set(getOverflowAncestors(element, [], false).filter((a): a is Element => (a as Node).nodeType === 1 && a !== doc.body));
  const kept: Element[] = [];
  let chain = view.getComputedStyle(element).position;
  // Stops past the last overflowing ancestor: the ones above it cannot clip.
  for (let node = parentBox(element); node && overflowing.size && node !== doc.documentElement; node = parentBox(node)) {
    if (inTopLayer(node)) break;
    const style = view.getComputedStyle(node);
    const isBlock = containsFixed(style);
    const escaped = !isBlock && (chain === 'fixed' || (chain === 'absolute' && style.position === 'static'));
    if (!escaped) {
      chain = style.position;
      if (overflowing.has(node)) kept.push(node);
    }
    overflowing.delete(node);
  }
  return kept;
}

/** An element's padding box (where its content can be seen), in client coordinates. */
function innerArea(element: Element): Area {
  const box = element.getBoundingClientRect();
  return { x: box.left + element.clientLeft, y: box.top + element.clientTop, width: element.clientWidth, height: element.clientHeight };
}

function intersect(a: Area, b: Area): Area {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - x), height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - y) };
}

/** Where `element` can be seen: its document's viewport less every box that clips it. */
export function visibleArea(element: Element): Area {
  return clippingAncestors(element).reduce((area, ancestor) => intersect(area, innerArea(ancestor)), viewportArea(element.ownerDocument.defaultView!));
}
