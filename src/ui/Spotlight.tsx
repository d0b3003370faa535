/**
 * The tour overlay: one SVG path covering the viewport with a rounded cutout around the
 * target (even-odd fill makes the cutout a hole). Clicks on the dimmed part dismiss the
 * tour; clicks in the cutout reach the target only when the step allows it. A step that lets
 * the page through with no target on screen (it asks the person to act somewhere on the page)
 * draws no shade: one would take their first click and dismiss the tour.
 *
 * The hole is the part of the target that is seen: its box (grown by PADDING) less what clips it
 * (a scrolling list it scrolled out of, the viewport), and none while nothing of it is seen or
 * its middle is under a sticky header or a fixed bar (as position.ts hides surfaces there): cut
 * around the raw box, the hole lit the header's links or the heading above the list, and let
 * a click there through to them.
 */
import { coveredByFixedContent } from '../dom/covered';
import { rectInPage } from '../dom/frame-rect';
import { viewportArea, visibleArea } from '../dom/visible-area';
import { whollyOutside } from './place';
import { watchPosition } from './watch-position';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const PADDING = 8;
const RADIUS = 8;

function intersect(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, width: Math.min(a.x + a.width, b.x + b.width) - x, height: Math.min(a.y + a.height, b.y + b.height) - y };
}

/** The hole around what is seen of `target`, in the page's coordinates (a target in a same-origin iframe too); none when nothing is. */
function holeFor(target: Element, view: Window | null): Rect | undefined {
  const own = target.getBoundingClientRect();
  const box = rectInPage(target, view);
  const grown = { x: box.x - PADDING, y: box.y - PADDING, width: box.width + PADDING * 2, height: box.height + PADDING * 2 };
  // Where it can be seen, in its own document's coordinates, then in the page's. A document with
  // no viewport size (not laid out: a DOM without rendering) tells nothing of that: the whole box.
  const area = visibleArea(target);
  if (!area.width || !area.height) return grown;
  if (whollyOutside(own, area)) return undefined;
  const seen = intersect(own, area);
  if (coveredByFixedContent(target, new DOMRect(seen.x, seen.y, seen.width, seen.height))) return undefined;
  const viewport = view && viewportArea(view);
  const hole = intersect(intersect(grown, { ...area, x: area.x + box.x - own.x, y: area.y + box.y - own.y }), viewport?.width && viewport.height ? viewport : grown);
  return hole.width > 0 && hole.height > 0 ? hole : undefined;
}

function cutoutPath({ x, y, width: w, height: h }: Rect): string {
  const rad = Math.min(RADIUS, w / 2, h / 2);
  return `M${x + rad},${y}h${w - 2 * rad}a${rad},${rad} 0 0 1 ${rad},${rad}v${h - 2 * rad}a${rad},${rad} 0 0 1 -${rad},${rad}h-${w - 2 * rad}a${rad},${rad} 0 0 1 -${rad},-${rad}v-${h - 2 * rad}a${rad},${rad} 0 0 1 ${rad},-${rad}z`;
}

export interface SpotlightProps {
  itemId: string;
  target?: Element;
  allowClicksThrough: boolean;
  onOverlayClick: () => void;
}

export function Spotlight({ itemId, target, allowClicksThrough, onOverlayClick }: SpotlightProps) {
  const svg = useRef<SVGSVGElement>(null);
  const [rect, setRect] = useState<Rect | undefined>(undefined);
  const [viewport, setViewport] = useState({ width: 0, height: 0 });

  // The first measure and the listeners start after the step's first paint (a passive effect),
  // where the cutout was measured already: started with the step, the watcher walked the target's
  // ancestors and the overlay's (a computed style each) and measured the target before the step
  // was placed, script on the way to every step that the overlay did not need yet. Stopped in a
  // layout effect's cleanup, so they go with the overlay at once (Preact runs a passive effect's
  // cleanup a frame after destroy()).
  const starting = useRef<(() => void) | undefined>(undefined);
  useLayoutEffect(() => {
    const view = svg.current?.ownerDocument.defaultView;
    let stop: (() => void) | undefined;
    const measure = () => {
      if (view) setViewport({ width: view.innerWidth, height: view.innerHeight });
      setRect(target ? holeFor(target, view ?? null) : undefined);
    };
    starting.current = () => {
      starting.current = undefined;
      // The watcher follows scrolling (also in nested containers), resizes and layout shifts, and
      // measures once at once.
      if (target && svg.current) stop = watchPosition(target, svg.current, measure);
      else {
        measure();
        view?.addEventListener('resize', measure);
        stop = () => view?.removeEventListener('resize', measure);
      }
    };
    return () => {
      starting.current = undefined;
      stop?.();
    };
  }, [target]);
  useEffect(() => starting.current?.(), [target]);

  const { width, height } = viewport;
  const outer = `M0,0H${width}V${height}H0Z`;
  return (
    <svg ref={svg} data-part="overlay" data-item={itemId} data-state="open" aria-hidden="true" width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      {(target || !allowClicksThrough) && <path data-part="overlay-shade" d={rect ? `${outer}${cutoutPath(rect)}` : outer} fill-rule="evenodd" onClick={onOverlayClick} />}
      {rect && !allowClicksThrough && (
        <rect data-part="overlay-cutout" x={rect.x} y={rect.y} width={rect.width} height={rect.height} fill="transparent" />
      )}
    </svg>
  );
}
