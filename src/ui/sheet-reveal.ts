/**
 * A bottom sheet's first look at its target (position.ts): the target scrolled into the band
 * between the top banners and the sheet, once; later the person scrolls as they like.
 */
import { rectInPage } from '../dom/frame-rect';

/**
 * Scrolls `reference` into the free band between `top` (the top banners' lower edge) and
 * `floating`, a sheet at the bottom of a viewport `height` high (as read when it was placed). Returns true when the target still stays under
 * the banners (a page that cannot scroll it down): the sheet would ring a banner, not its target.
 */
export function revealAboveSheet(reference: Element, floating: HTMLElement, view: Window, height: number, top: number): boolean {
  const room = height - floating.offsetHeight - 8;
  let now = rectInPage(reference, view);
  if (now.top >= top && now.bottom <= room) return false;
  // Into view in its own scroll containers too, then the page itself to the middle of the free band.
  reference.scrollIntoView({ block: 'center' });
  now = rectInPage(reference, view);
  view.scrollBy(0, (now.top + now.bottom - top - room) / 2);
  return rectInPage(reference, view).top < top - 1;
}
