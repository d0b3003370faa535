/**
 * The dock (checklist launcher, bottom banners, badge) sits at the viewport's bottom corner, where
 * pages put their own fixed bars (a form's Save and Cancel). Over them it took their clicks and
 * hid their focus (WCAG 2.4.11, 2.5.8): it rises above the page's controls fixed (or stuck) to
 * the bottom under it. Content that scrolls under it passes by and does not move it.
 */
import { CONTROLS } from '../dom/controls-under';
import { OWN_HOSTS } from '../dom/covered';

/** Space between the page's control and the dock. */
const GAP = 8;
/** How far up an ancestor is looked for that holds the control fixed. */
const MAX_DEPTH = 32;
/** A fixed bar does not move with scrolling: the answer holds this long (hit tests are not free). */
const REMEMBER_MS = 250;

function fixedToViewport(control: Element, view: Window): boolean {
  let element: Element | null = control;
  for (let depth = 0; element && depth < MAX_DEPTH; depth++, element = element.parentElement) {
    const position = view.getComputedStyle(element).position;
    if (position === 'fixed' || position === 'sticky') return true;
  }
  return false;
}

/**
 * How far (px) the dock must rise for none of its surfaces to cover a control of the page fixed to
 * the viewport; `lifted`: how far it is risen now (its surfaces are measured where they would be
 * without it, so the answer does not undo itself). At most half the viewport; undefined while
 * none of its surfaces has a size.
 */
function clearance(dock: HTMLElement, lifted: number): number | undefined {
  const doc = dock.ownerDocument;
  const view = doc.defaultView;
  if (!view || typeof doc.elementsFromPoint !== 'function') return 0;
  let needed: number | undefined;
  for (const surface of dock.children) {
    const box = surface.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    needed ??= 0;
    const [top, bottom] = [box.top + lifted + 2, box.bottom + lifted - 2];
    const points = [[box.left + 2, top], [box.right - 2, top], [box.left + 2, bottom], [box.right - 2, bottom], [(box.left + box.right) / 2, (top + bottom) / 2]];
    for (const [x, y] of points) {
      if (y < 0 || y > view.innerHeight) continue;
      const hit = doc.elementsFromPoint(x, y).find((element) => !element.closest(OWN_HOSTS));
      const control = hit?.closest(CONTROLS);
      if (control && fixedToViewport(control, view)) needed = Math.max(needed, view.innerHeight - control.getBoundingClientRect().top + GAP);
    }
  }
  // Nothing laid out yet (undefined): asked again at the next pass, not remembered.
  return needed === undefined ? undefined : Math.min(Math.ceil(needed), Math.floor(view.innerHeight / 2));
}

/** `clearance`, remembered for REMEMBER_MS (arena passes come with every scroll frame). */
export function dockClearance(): (dock: HTMLElement, lifted: number) => number {
  let askedAt = -Infinity;
  let answer = 0;
  return (dock, lifted) => {
    const now = performance.now();
    if (now - askedAt < REMEMBER_MS) return answer;
    const measured = clearance(dock, lifted);
    if (measured === undefined) return 0;
    askedAt = now;
    return (answer = measured);
  };
}
