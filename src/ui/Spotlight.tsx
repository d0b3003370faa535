/**
 * The tour overlay: one SVG path covering the viewport with a rounded cutout around the
 * target (even-odd fill makes the cutout a hole). Clicks on the dimmed part dismiss the
 * tour; clicks in the cutout reach the target only when the step allows it. A step that lets
 * the page through with no target on screen (it asks the person to act somewhere on the page)
 * draws no shade: one would take their first click and dismiss the tour.
 */
import { rectInPage } from '../dom/frame-rect';
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

function cutoutPath(r: Rect): string {
  const x = r.x - PADDING;
  const y = r.y - PADDING;
  const w = r.width + PADDING * 2;
  const h = r.height + PADDING * 2;
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
      if (target) {
        // In the page's coordinates, also for a target inside a same-origin iframe.
        const box = rectInPage(target, view ?? null);
        setRect({ x: box.x, y: box.y, width: box.width, height: box.height });
      } else setRect(undefined);
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
        <rect data-part="overlay-cutout" x={rect.x - PADDING} y={rect.y - PADDING} width={rect.width + PADDING * 2} height={rect.height + PADDING * 2} fill="transparent" />
      )}
    </svg>
  );
}
