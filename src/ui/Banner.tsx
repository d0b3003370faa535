/**
 * A banner in the top or bottom slot (overlaying the page by default) or inline after
 * its target. With `push`, a spacer in the host page reserves the banner's height so the
 * page moves instead of being covered; the spacer goes away with the banner. An overlaying
 * banner makes that room too once keyboard focus reaches a control of the page it covers and
 * scrolling cannot clear it (the page's header at the very top, its last row at the very end):
 * the control is then brought clear of it (WCAG 2.4.11).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { CardContent, CloseButton } from './Card';
import type { ViewButton, ViewContent } from './content';
import { useFocusBack } from './focus-back';
import { overlaps, useYieldToFocus } from './yield-to-focus';
import { useBelowTopBars } from './top-bars';
import { arenaOf } from './arena';

export interface BannerProps {
  itemId: string;
  slot: 'top' | 'bottom' | 'inline';
  content: ViewContent;
  dismissible: boolean;
  /** Reserve space in the page instead of overlaying it. */
  push?: boolean;
  closeLabel: string;
  /** The language of `closeLabel` (the SDK's words). */
  closeLang?: string;
  /** Accessible name when there is no title. */
  fallbackLabel: string;
  onClose: () => void;
  onButton: (button: ViewButton) => void;
  /** Beneath a tour step's overlay (the stage): not reachable until the tour ends. */
  inert?: boolean;
}

/** Keeps a spacer in the host page as tall as `element`, at the start or end of <body>. */
function useSpacer(element: HTMLElement | null, enabled: boolean, atStart: boolean) {
  useEffect(() => {
    if (!enabled || !element) return;
    const doc = (element.getRootNode() as ShadowRoot).host?.ownerDocument ?? element.ownerDocument;
    // Not a bare <div>: the page's CSS (`* { all: unset }`, `div:empty { display: none }`) would
    // make it inline or hide it, and the banner would cover the page. Its own name, and a block
    // of its height whatever rules match it (inline and important: CSSOM, allowed by a strict CSP).
    const spacer = doc.createElement('guidepost-spacer');
    spacer.setAttribute('data-guidepost-spacer', '');
    spacer.setAttribute('aria-hidden', 'true');
    spacer.style.setProperty('display', 'block', 'important');
    if (atStart) doc.body.prepend(spacer);
    else doc.body.append(spacer);
    const resize = () => {
      spacer.style.setProperty('height', `${element.offsetHeight}px`, 'important');
    };
    resize();
    const View = doc.defaultView as (Window & typeof globalThis) | null;
    const observer = View?.ResizeObserver ? new View.ResizeObserver(resize) : undefined;
    observer?.observe(element);
    return () => {
      observer?.disconnect();
      spacer.remove();
    };
  }, [element, enabled, atStart]);
}

/** Per document, while banners pad <html>: whether it had a style attribute, and per side its own value and the banners' depths. */
const padded = new WeakMap<Document, { hadStyle: boolean; sides: Map<string, { value: string; priority: string; own: number; depths: Set<() => number> }> }>();

/**
 * While banners are fixed at the top or bottom of the viewport, the page's root keeps a scroll
 * padding on that side as deep as they reach: the browser then scrolls what gets focus (Tab, an
 * anchor, scrollIntoView) clear of them instead of leaving it beneath (WCAG 2.4.11). All banners
 * of the document share it, whatever instance drew them: the deepest sets it, and the page's own
 * padding (for its sticky header) is kept when larger. What the page had is recorded once per
 * document (not per instance: a second one would take the first one's padding for the page's)
 * and put back when the last banner on that side goes, whatever the order they go in.
 */
function useScrollPadding(element: HTMLElement | null, side: 'top' | 'bottom' | undefined, offset: number) {
  useEffect(() => {
    if (!side || !element) return;
    const doc = ((element.getRootNode() as ShadowRoot).host ?? element).ownerDocument;
    const View = doc.defaultView as (Window & typeof globalThis) | null;
    const root = doc.documentElement;
    const property = `scroll-padding-${side}`;
    let page = padded.get(doc);
    if (!page) padded.set(doc, (page = { hadStyle: root.hasAttribute('style'), sides: new Map() }));
    let record = page.sides.get(property);
    if (!record) {
      const own = View?.getComputedStyle(root).getPropertyValue(property) ?? '';
      record = { value: root.style.getPropertyValue(property), priority: root.style.getPropertyPriority(property), own: own.endsWith('px') ? parseFloat(own) || 0 : 0, depths: new Set() };
      page.sides.set(property, record);
    }
    const { depths } = record;
    /** How far this banner reaches into the viewport. */
    const depth = () => {
      const box = element.getBoundingClientRect();
      return !element.isConnected ? 0 : side === 'top' ? box.bottom : (View?.innerHeight ?? 0) - box.top;
    };
    const pad = () => root.style.setProperty(property, `${Math.max(record.own, Math.ceil(Math.max(0, ...[...depths].map((d) => d()))))}px`, 'important');
    depths.add(depth);
    pad();
    const observer = View?.ResizeObserver ? new View.ResizeObserver(pad) : undefined;
    observer?.observe(element);
    return () => {
      observer?.disconnect();
      depths.delete(depth);
      if (depths.size) return pad();
      page.sides.delete(property);
      if (record.value) root.style.setProperty(property, record.value, record.priority);
      else root.style.removeProperty(property);
      if (page.sides.size) return;
      padded.delete(doc);
      // <html> as it was: no empty style="" left where the page had no style attribute.
      if (!page.hadStyle && root.getAttribute('style') === '') root.removeAttribute('style');
    };
    // Again when the banner moved below the page's top bar (top-bars.ts): it reaches deeper.
  }, [element, side, offset]);
}

export function Banner(props: BannerProps) {
  const { itemId, content } = props;
  const titleId = `gp-${itemId}-title`;
  // A state ref: the spacer effect must re-run once the element exists.
  const [box, setBox] = useState<HTMLElement | null>(null);
  const current = useRef<HTMLElement | null>(null);
  current.current = box;
  // A page control that got keyboard focus beneath the banner: the banner makes room (a spacer,
  // once), and each such control is brought clear. When room does not clear it (what covers it
  // stays put with the banner: a fixed or sticky header), the room goes and is not made again.
  const [room, setRoom] = useState<'none' | 'made' | 'useless'>('none');
  const beneath = useRef<Element | undefined>(undefined);
  const fixed = props.slot !== 'inline';
  useYieldToFocus(current, box !== null && fixed && !props.push && !props.inert && room !== 'useless', (focused) => {
    beneath.current = focused;
    if (room === 'none') setRoom('made');
    else bringClear();
  });
  useSpacer(box, (props.push === true || room === 'made') && fixed, props.slot === 'top');
  // Below the page's own bar fixed (or stuck) to the top, not over it (top-bars.ts).
  const offset = useBelowTopBars(box, props.slot === 'top');
  useScrollPadding(box, props.slot === 'inline' ? undefined : props.slot, offset);
  // Moved: what keeps clear of banners (tooltips, hotspots) is placed again.
  useEffect(() => {
    if (box) arenaOf(box)?.refresh();
  }, [offset]);
  /** Scrolls the control focus reached clear of the banner (the page's scroll padding); true when it is. */
  const bringClear = () => {
    const focused = beneath.current;
    const banner = current.current;
    if (!focused || !banner) return true;
    focused.scrollIntoView({ block: 'nearest' });
    return !overlaps(focused.getBoundingClientRect(), banner.getBoundingClientRect());
  };
  // After the spacer (effects run in order).
  useEffect(() => {
    if (room === 'made' && !bringClear()) setRoom('useless');
  }, [room]);
  // Closed with its × or a button: focus goes back where it came from, not to <body>.
  const onFocusIn = useFocusBack(current);
  return (
    <section
      ref={setBox}
      data-part="banner"
      data-item={itemId}
      data-state="open"
      data-slot={props.slot}
      style={offset ? { top: `${offset}px` } : undefined}
      inert={props.inert}
      aria-labelledby={content.title ? titleId : undefined}
      aria-label={content.title ? undefined : props.fallbackLabel}
      lang={content.lang}
      dir={content.dir}
      onFocusIn={onFocusIn}
    >
      <CardContent content={content} titleId={titleId} bodyId={`gp-${itemId}-body`} onButton={props.onButton} />
      {props.dismissible && <CloseButton label={props.closeLabel} lang={props.closeLang} onClose={props.onClose} />}
    </section>
  );
}
