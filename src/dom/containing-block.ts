/**
 * A surface's containing block, for one placed by `left` and `top` outside the layer (a help
 * link's inline host): where that block starts in the viewport, and how much it scales what it
 * holds (a transformed ancestor: a modal centred with a transform, a zoomed canvas, a scaled preview).
 */

/** A containing block's place in the viewport and its scale (1 unless a `scale()` or a scaling matrix applies). */
export interface Block {
  x: number;
  y: number;
  sx: number;
  sy: number;
}

/** Its scale along one axis: the box on screen over the box's own size, 1 when they agree to within rounding. */
const scaleOf = (shown: number, own: number) => (own && Math.abs(shown / own - 1) > 0.01 ? shown / own : 1);

/**
 * Where `floating`'s containing block starts in the viewport, and how much it scales what it
 * holds: its box less its own `left` and `top`, those scaled as the block scales them.
 */
export function containingBlock(floating: HTMLElement): Block {
  const box = floating.getBoundingClientRect();
  const style = floating.ownerDocument.defaultView!.getComputedStyle(floating);
  const sx = scaleOf(box.width, floating.offsetWidth);
  const sy = scaleOf(box.height, floating.offsetHeight);
  return { x: box.x - (parseFloat(style.left) || 0) * sx, y: box.y - (parseFloat(style.top) || 0) * sy, sx, sy };
}
