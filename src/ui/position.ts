/**
 * Places `floating` next to `reference` (place.ts), keeps it there while anything moves
 * (scroll, resize, layout: watch-position.ts), and returns a single cleanup. With an arena it
 * takes part in the layout arbiter (arbiter.ts): it keeps clear of higher-ranked surfaces by
 * moving to another side, and on a phone (or a viewport too short for it: isShort) a card that
 * fits nowhere beside its target becomes a bottom sheet, with the target scrolled above it and
 * ringed (the arrow becomes the ring); elsewhere it goes over its target, on screen (over-target.ts).
 */
import { containingBlock, type Block } from '../dom/containing-block';
import { controlsUnder } from '../dom/controls-under';
import { coveredByFixedContent } from '../dom/covered';
import { rectInPage } from '../dom/frame-rect';
import { viewportArea, visibleArea } from '../dom/visible-area';
import { isGone } from '../dom/targets';
import { inside, isPhone, isShort, otherSides, overlaps, STAGE, TIP, type Box, type Side } from './arbiter';
import { arenaOf, type Entry } from './arena';
import { styleArrow } from './arrow-style';
import { followScroll, movedOnItsOwn, type Followed } from './follow-scroll';
import { inLayer, layerModal } from './host';
import { revealAboveSheet } from './sheet-reveal';
import { containsDeep, focusKeeper } from './focus';
import { keepInside, overTarget } from './over-target';
import { computePlacement, targetHidden, type Placed, type Placement } from './place';
import { watchPosition } from './watch-position';

export interface PositionOptions {
  placement?: Placement;
  arrow?: HTMLElement | null;
  /** Gap between target and popover, in px. @default 10 */
  gap?: number;
  /** Its rank among the surfaces of its renderer (arbiter.ts). @default TIP */
  rank?: number;
  /** On a phone, becomes a bottom sheet when it fits nowhere beside its target. */
  sheet?: boolean;
  /** A hotspot's beacon: tries every side and slides along its target, so it is never cut off by the viewport. */
  beacon?: boolean;
  /** Its order of arrival in the arena, when it has one from before (`Arena.next()`). */
  seq?: number;
}

const NO_OFFSET: Block = { x: 0, y: 0, sx: 1, sy: 1 };

/** How long scrolling rests before a followed surface asks whether its target went under a sticky header. */
const COVER_CHECK_DELAY_MS = 100;

export function positionFloating(reference: Element, floating: HTMLElement, options: PositionOptions = {}): () => void {
  const { arrow, beacon } = options;
  const arena = arenaOf(floating);
  const view = floating.ownerDocument.defaultView!;
  let placed = false;
  let revealed = false;
  // A sheet's target that stayed under the top banners after its reveal (the top of a page that
  // cannot scroll it down): hidden, as a target out of sight, until no surface covers it.
  let underBanners = false;
  let again = false;
  // Its last placement when it went exactly where asked (follow-scroll.ts): a scroll
  // of the page then only moves it. Not for a target in an iframe, which the page's scroll does not move.
  let followed: Followed | undefined;
  const followable = reference.ownerDocument === floating.ownerDocument;
  // Whether its target is under a sticky header or a fixed bar of the page (dom/covered.ts): a
  // hit test, asked at most once per COVER_CHECK_DELAY_MS while the page scrolls (a surface placed
  // in full every frame, flipped or hidden, would ask every frame), and again once scrolling has
  // rested (`coverCheckDue`, onScrollEnd). Never for a tour's step: the tour brings its target
  // out from under a bar, and one it cannot (a page that does not scroll) keeps its step shown,
  // or the shade would stand over a page with no card to go on with.
  let coverCheckDue = false;
  let covered = false;
  let coveredAt = -Infinity;
  const isCovered = (box: DOMRectReadOnly) => {
    const now = view.performance.now();
    if (coverCheckDue || now - coveredAt >= COVER_CHECK_DELAY_MS) {
      covered = options.rank !== STAGE && coveredByFixedContent(reference, box);
      coveredAt = now;
      coverCheckDue = false;
    }
    return covered;
  };
  const overControl = controlsUnder(view, reference, COVER_CHECK_DELAY_MS);
  // Its visibility: hiding it blurs what has focus in it (to <body>), given back when it shows again.
  const setHidden = focusKeeper(floating);
  const entry: Entry = {
    rank: options.rank ?? TIP,
    seq: options.seq ?? 0,
    el: floating,
    // Not a competitor before its first placement, nor while hidden because its target is; while
    // being placed again (measured at its own size, not as a sheet) it still holds its last box.
    measure: () => (entry.busy ? entry.box : placed && floating.style.visibility !== 'hidden' ? floating.getBoundingClientRect() : undefined),
    place: () => place(),
  };

  // For a surface in the layer (a fixed host in <body> or the top layer, which neither clips nor
  // contains its fixed surfaces), where it may go is the viewport alone, read once per placement;
  // elsewhere (a help link's inline host) the viewport less what clips the surface.
  const layer = inLayer(floating);
  let bounds: Box | undefined;
  const rtl = () => view.getComputedStyle(floating).direction === 'rtl';
  const compute = (placement: Placement, first: boolean, size: { width: number; height: number }, reference: Box, { sx, sy }: Block): Placed =>
    computePlacement({
      reference,
      size,
      placement,
      gap: options.gap ?? 10,
      bounds: (bounds ??= layer ? viewportArea(view) : visibleArea(floating)),
      padding: 8,
      // The writer's side, else its opposite; a beacon also tries the other axis and slides along both.
      flip: first,
      anyAxis: beacon,
      rtl: (placement.includes('-') || !!beacon) && rtl(),
      // The arrow sits in its card's padding box (the layer's locked stylesheet; a sheet's fixed
      // arrow is placed by the stylesheet, not here): it is square, so one side is its length.
      // In the viewport's pixels, as the rest: a scaling block's own ones times its scale.
      arrow: arrow ? { length: arrow.offsetWidth * sx, inner: { width: floating.clientWidth * sx, height: floating.clientHeight * sy }, border: { x: floating.clientLeft * sx, y: floating.clientTop * sy } } : undefined,
    });

  /** Moved by the page's scroll alone: its new box (written), or 'hidden' when it stays hidden; undefined when it needs placing in full. */
  const follow = (blockers: Box[]): Box | 'hidden' | undefined => {
    // With the page's modal dialog open, placed in full: its target may be behind it.
    if (!followed || (layer && layerModal(floating))) return undefined;
    const root = floating.ownerDocument.documentElement;
    const now = { target: reference.getBoundingClientRect(), scrollX: view.scrollX, scrollY: view.scrollY };
    // Outside the layer, a containing block that sat at the viewport's origin when it was placed
    // (a transformed wrapper at the page's top left) scrolls with the page, and the surface with
    // it: where it is no longer where it was put, it is placed in full. (Read after the target's
    // box: no layout of its own.)
    if (!layer && followed.box && movedOnItsOwn(floating, followed.box)) return undefined;
    const box = followScroll(followed, { ...now, width: floating.offsetWidth, height: floating.offsetHeight, viewportWidth: root.clientWidth, viewportHeight: root.clientHeight, blockers });
    // Scrolled under a sticky header: placed in full, which hides it. Asked once a scroll has
    // ended, not every frame of it (a hit test per surface per frame was a third of a scroll's script).
    if (box === undefined || (coverCheckDue && box !== 'hidden' && isCovered(now.target))) return undefined;
    followed = { ...now, box: box === 'hidden' ? undefined : box };
    // Written with the others of the pass (commit): reading the next surface's target then
    // needs no new layout.
    if (box !== 'hidden') entry.commit = () => Object.assign(floating.style, { left: `${box.x}px`, top: `${box.y}px` });
    return box;
  };

  const place = async (): Promise<Box | undefined> => {
    // Its target left the page or is not displayed (re-rendered: a step waits LOST_GRACE_MS for it, shown-target.ts):
    // hidden where it is (`data-gone`: transparent, still focusable), not placed by a gone box at the page's top left.
    const gone = isGone(reference);
    floating.toggleAttribute('data-gone', gone);
    if (gone) return void (followed = undefined);
    const blockers = arena?.blockers(entry) ?? [];
    const moved = follow(blockers);
    if (moved) return moved === 'hidden' ? undefined : moved;
    followed = undefined;
    bounds = undefined;
    // Measured at its own size, not as a sheet.
    floating.removeAttribute('data-sheet');
    const { innerWidth: width, innerHeight: height } = view;
    // Its size, read once (placing moves it, it does not resize it): read again after the writes
    // below, it cost a style recalculation and a layout of their own.
    // Boxes are the viewport's (a target in a same-origin iframe: with each frame's place added).
    // Its `left` and `top` are its containing block's: the viewport's in the layer and in most of
    // a help link's inline hosts, but a transformed, filtered or contained ancestor's when the
    // host sits in one (a modal centred with a transform): that block's origin is taken off, and
    // a block that scales (a zoomed canvas, a scaled preview) scales the surface's size and its
    // `left` and `top` with it.
    const origin = layer ? NO_OFFSET : containingBlock(floating);
    const { sx, sy } = origin;
    const size = { width: floating.offsetWidth * sx, height: floating.offsetHeight * sy };
    const targetBox = rectInPage(reference, view);
    const boxOf = (r: Placed): Box => ({ x: r.x, y: r.y, ...size });
    // Another surface holds that place, or (a beacon) a control of the page is under it: the beacon would take its clicks.
    const taken = (r: Placed) => blockers.some((b) => overlaps(boxOf(r), b)) || (!!beacon && overControl(r.placement, boxOf(r)));
    const asked = (options.placement ?? 'bottom') as Placement;
    let result = compute(asked, true, size, targetBox, origin);
    const first = result;
    // The person scrolled its target away (out of the viewport or of a box that clips it), or
    // under a sticky header or a fixed bar of the page: it hides (never a sheet pointing at
    // nothing, nor a scroll against them).
    // Or its target is behind the page's modal dialog (inert, under its backdrop): a card pointing
    // there would float over the dialog at what nobody can use. Not a tour's step: one pointing
    // behind the dialog is not drawn at all, it waits for the dialog to close (modal-wait.ts).
    const modal = layer && options.rank !== STAGE ? layerModal(floating) : null;
    const behindModal = !!modal && !containsDeep(modal, reference);
    if (underBanners && !blockers.some((b) => b.y <= targetBox.y && targetBox.y < b.y + b.height)) underBanners = false;
    // Not asked behind the page's modal: its backdrop covers everything, and isCovered remembers what it found.
    const outOfSight = !behindModal && (underBanners || targetHidden(reference, targetBox, view, followable) || (followable && isCovered(targetBox)));
    // Never a tour's step (`adrift`): hidden, it dropped its focus to <body> (WCAG 2.4.3) under a shade with no card,
    // still aria-modal. It stays on screen at the viewport's edge nearest its target, arrowless, until the target is back.
    const adrift = outOfSight && options.rank === STAGE;
    const hidden = behindModal || (outOfSight && !adrift);
    const canSheet = options.sheet === true && (isPhone(width) || isShort(height));
    let fits = inside(boxOf(result), width, height) && !taken(result);
    const tried = [result];
    // Another surface holds this side, or it fits neither side and no sheet can take it: the
    // opposite, then the other axis. On a phone a card that overflows its side and the opposite
    // is a sheet, whatever holds that side: the dock rises above a sheet, and a card that tried
    // the other sides while its own sheet's risen launcher held its side went from sheet to side
    // and back every frame.
    // A short but wide viewport tries the other sides first: a sheet is for a card that fits beside its target nowhere.
    if (!fits && !hidden && !adrift && (!canSheet || !isPhone(width) || inside(boxOf(result), width, height))) {
      for (const side of otherSides(result.placement.split('-')[0] as Side)) {
        const next = compute(side, false, size, targetBox, origin);
        tried.push(next);
        if (inside(boxOf(next), width, height) && !taken(next)) {
          result = next;
          fits = true;
          break;
        }
      }
    }
    // Adrift, it keeps its mode: a card that became a sheet now would scroll its target back (reveal) against the person.
    const sheet = adrift ? !!entry.sheet && canSheet : !fits && !hidden && canSheet;
    const b = bounds!;
    if (adrift && !sheet) result = keepInside(result, size, b);
    // Fits beside its target nowhere, and no sheet (a desktop): over the target, never off screen.
    else if (!fits && !sheet && tried.length > 1 && !inside(boxOf(result), width, height)) result = overTarget(tried, size, b, targetBox);
    const side = result.placement.split('-')[0];
    // In the page's coordinates, also for a target inside a same-origin iframe; with the page's
    // scroll, read here too: after the writes below, reading either costs a style recalculation
    // and a layout of its own.
    const target = targetBox;
    const { scrollX, scrollY } = view;
    placed = true;
    floating.toggleAttribute('data-sheet', sheet);
    floating.setAttribute('data-placement', result.placement);
    setHidden(hidden);
    if (sheet) floating.style.left = floating.style.top = '';
    else Object.assign(floating.style, { left: `${(result.x - origin.x) / sx}px`, top: `${(result.y - origin.y) / sy}px` });
    const exact = result === first && fits && !hidden && !adrift && result.placement === asked && !result.shifted.x && !result.shifted.y;
    // `target` and the scroll were read before the writes above (a followable target is in this
    // document, where rectInPage is its own box). Following a scroll moves it in the viewport's
    // coordinates: only where they are its own.
    const inViewport = Math.abs(origin.x) < 0.5 && Math.abs(origin.y) < 0.5 && sx === 1 && sy === 1;
    if ((exact || hidden) && followable && inViewport && !behindModal && !underBanners) followed = { box: hidden ? undefined : boxOf(result), target, scrollX, scrollY };
    // Once on screen (the arena calls it for the sheet that does not wait), the sheet brings its
    // target into view between the top banners (`top`) and itself, once: later the person scrolls as they like.
    if (!sheet) revealed = false;
    entry.reveal = sheet && !revealed
      ? (top) => {
          revealed = true;
          if (revealAboveSheet(reference, floating, view, height, top)) {
            underBanners = true;
            request();
          }
        }
      : undefined;
    if (arrow) styleArrow(arrow, { sheet, adrift, side, target, at: result.arrow, sx, sy });
    entry.sheet = sheet;
    // Its box, known without measuring: read back now, it would cost a style recalculation and
    // a layout after the writes above. Where its containing block is not the viewport (a scaled
    // one would make its size another too), and for a sheet, whose box is the stylesheet's, the
    // arena measures.
    return inViewport && !sheet && !hidden ? boxOf(result) : undefined;
  };

  // Without an arena (a surface drawn outside a renderer): one placement at a time; a request
  // that arrives meanwhile runs once after it.
  const update = async () => {
    if (entry.busy) {
      again = true;
      return;
    }
    entry.busy = true;
    try {
      do {
        again = false;
        await place();
      } while (again);
    } finally {
      entry.busy = false;
    }
  };

  // With an arena, every surface's request waits for the frame's one pass (arena.ts).
  const request = () => (arena ? arena.request(entry) : void update());
  const stop = watchPosition(reference, floating, request);
  // A scroll (of the page or of a box) has ended: is the target under a sticky header now?
  // Asked once scrolling has rested a moment: a page that scrolls itself a little every frame
  // (smooth-scrolling libraries) ends a scroll every frame. (Where `scrollend` is not fired,
  // only a full placement asks.)
  let coverTimer: number | undefined;
  const onScrollEnd = () => {
    view.clearTimeout(coverTimer);
    coverTimer = view.setTimeout(() => {
      coverCheckDue = true;
      request();
    }, COVER_CHECK_DELAY_MS);
  };
  view.addEventListener('scrollend', onScrollEnd, { capture: true, passive: true });
  const remove = arena?.add(entry);
  return () => {
    stop();
    view.removeEventListener('scrollend', onScrollEnd, { capture: true });
    view.clearTimeout(coverTimer);
    remove?.();
  };
}
