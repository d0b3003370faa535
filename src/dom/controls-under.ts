/**
 * Whether a box, where a hotspot's beacon would go, lies over a control of the page other than
 * the beacon's own target: a link, a button, a field, a label… A beacon there takes that
 * control's clicks (a row of buttons a few pixels apart: the beacon beside one sits on the next),
 * so position.ts tries the beacon's other sides first. Hit-tested at the box's middle and near its
 * corners, looking through Guidepost's own hosts; false where the engine cannot hit-test.
 */
import { encloses, OWN_HOSTS } from './covered';

/** What takes a click or focus on a page. */
export const CONTROLS = 'a[href],button,input,select,textarea,summary,label,[role=button],[role=link],[role=checkbox],[role=radio],[role=switch],[role=tab],[role=menuitem],[role=option],[contenteditable=""],[contenteditable=true],[tabindex]:not([tabindex="-1"])';

/** How far inside the box's corners it is hit-tested: a control that only touches the edge is not under it. */
const INSET = 2;

export interface HitBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Whether `box` (in `doc`'s viewport) is over a control of the page that is neither `target`, inside it, nor around it. */
export function overPageControl(doc: Document, target: Element, box: HitBox): boolean {
  if (typeof doc.elementsFromPoint !== 'function') return false;
  const { x, y, width, height } = box;
  const points = [
    [x + width / 2, y + height / 2],
    [x + INSET, y + INSET],
    [x + width - INSET, y + INSET],
    [x + INSET, y + height - INSET],
    [x + width - INSET, y + height - INSET],
  ];
  return points.some(([px, py]) => {
    // The topmost of the page's elements there: what a click there would reach without the beacon.
    const hit = doc.elementsFromPoint(px, py).find((element) => !element.closest(OWN_HOSTS));
    const control = hit?.closest(CONTROLS);
    return !!control && !encloses(control, target) && !encloses(target, control);
  });
}

/**
 * `overPageControl` for one beacon's sides, remembered for `forMs`: a scroll moves the page's
 * controls and the target together, so a side's answer holds while the page scrolls, and the
 * hit tests (five per side) are not asked again every frame.
 */
export function controlsUnder(view: Window, target: Element, forMs: number): (side: string, box: HitBox) => boolean {
  const answers = new Map<string, boolean>();
  let askedAt = -Infinity;
  return (side, box) => {
    const now = view.performance.now();
    if (now - askedAt >= forMs) answers.clear(), (askedAt = now);
    if (!answers.has(side)) answers.set(side, overPageControl(view.document, target, box));
    return answers.get(side)!;
  };
}
