/**
 * An element's box in the coordinates of the page Guidepost draws in: for an element inside
 * same-origin iframes, its own `getBoundingClientRect()` is relative to the frame's viewport,
 * so each frame's position (and border and padding) is added on the way up.
 */
export function rectInPage(element: Element, page: Window | null = element.ownerDocument.defaultView?.top ?? null): DOMRect {
  const box = element.getBoundingClientRect();
  let { x, y } = box;
  for (let win: Window | null = element.ownerDocument.defaultView; win && win !== page; win = win.parent === win ? null : win.parent) {
    const frame = win.frameElement;
    if (!frame) break;
    const outer = frame.getBoundingClientRect();
    const style = frame.ownerDocument.defaultView?.getComputedStyle(frame);
    x += outer.x + frame.clientLeft + parseFloat(style?.paddingLeft ?? '0');
    y += outer.y + frame.clientTop + parseFloat(style?.paddingTop ?? '0');
  }
  return new DOMRect(x, y, box.width, box.height);
}
