/**
 * A floating card anchored to an element: the tooltip surface, and the popover a help
 * link or a hotspot opens. Non-modal: it does not trap focus. Esc closes it, inside it or, when
 * nothing else took the key, anywhere in the page (escape.ts); a tooltip is announced (announcer.tsx).
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Placement } from '../manifest/schema';
import { announce } from './announcer';
import { OPENED, TIP } from './arbiter';
import { CardContent, CloseButton } from './Card';
import type { ViewButton, ViewContent } from './content';
import { closeOnEscape } from './escape';
import { focusBackTo } from './focus';
import { positionFloating } from './position';
import { useYieldToFocus } from './yield-to-focus';
import type { Part } from './parts';

export interface PopoverProps {
  part: Extract<Part, 'tooltip' | 'popover'>;
  itemId: string;
  reference: Element;
  placement?: Placement;
  content: ViewContent;
  closeLabel: string;
  /** The language of `closeLabel` (the SDK's words), when it is not the content's. */
  closeLang?: string;
  /** Accessible name when there is no title. */
  fallbackLabel: string;
  /** Closed by its ×, by Escape, or (`blur`) by focus leaving it and its control for the page (whileOpen). */
  onClose: (origin: 'close' | 'escape' | 'blur') => void;
  onButton: (button: ViewButton) => void;
  /** Move focus into the popover when it opens (when the user opened it). */
  autoFocus?: boolean;
  /** "Was this helpful?" (Feedback.tsx, which comes with the widgets' chunk), under the content. */
  feedback?: ComponentChildren;
  /** When the person opened it (`Arena.next()`): drawn again after a tour's stage, it is not the newest for that. */
  openedSeq?: number;
  /**
   * Runs with its element (and its close) while it is open and returns its cleanup: the light
   * dismiss of a popover opened from a control (light-dismiss.ts, in the widgets' chunk with them).
   */
  whileOpen?: (card: HTMLElement, close: PopoverProps['onClose']) => () => void;
}

export function Popover(props: PopoverProps) {
  const { part, itemId, reference, content } = props;
  const box = useRef<HTMLDivElement>(null);
  const arrow = useRef<HTMLDivElement>(null);
  const titleId = `gp-${itemId}-title`;
  const bodyId = `gp-${itemId}-body`;
  // The listeners below are added once; they call the close of the latest render.
  const latest = useRef(props);
  latest.current = props;
  // A tooltip shows by itself: over a page control keyboard focus reaches, it steps out of sight
  // until focus moves to one it does not cover (WCAG 2.4.11, yield-to-focus.ts).
  const [aside, setAside] = useState(false);
  useYieldToFocus(box, part === 'tooltip', () => setAside(true), () => setAside(false));

  // Placed before the browser paints (placing resolves in microtasks).
  useLayoutEffect(() => {
    const floating = box.current;
    if (!floating) return;
    const placement = props.placement === 'center' ? 'bottom' : props.placement;
    // A popover is what the person opened: it outranks tooltips (arbiter.ts). Both may become sheets on phones.
    return positionFloating(reference, floating, { placement, arrow: arrow.current, rank: part === 'tooltip' ? TIP : OPENED, sheet: true, seq: props.openedSeq });
  }, [reference, props.placement]);

  useLayoutEffect(() => {
    const card = box.current!;
    // A tooltip appears by itself, beside its target, where focus is not: it is said (its title,
    // or the first words of its body) through the layer's live region.
    // Withdrawn when it goes: no stale status left for a screen reader reading the page.
    const unsay = part === 'tooltip' ? announce(card, content.title || card.querySelector('[data-part=body]')?.textContent) : undefined;
    const close: PopoverProps['onClose'] = (origin) => latest.current.onClose(origin);
    const off = closeOnEscape(card, () => close('escape'), () => pointsAt.current);
    const more = props.whileOpen?.(card, close);
    return () => {
      off();
      more?.();
      unsay?.();
    };
  }, []);

  // Focus goes in once, when it opens: a target the app re-rendered (a new element) moves the
  // card, and must not pull focus back to it from the button the person is on.
  useLayoutEffect(() => {
    if (props.autoFocus) box.current!.focus();
  }, []);

  // Closed with focus inside (its button, ×, Escape): focus goes back to what it points at (when
  // that takes focus), not to <body>, so a keyboard user keeps their place. Only when it goes:
  // a target the app re-rendered (a new element, the popover staying) leaves focus in it.
  const pointsAt = useRef(reference);
  pointsAt.current = reference;
  useLayoutEffect(() => {
    const floating = box.current;
    return () => {
      try {
        const root = floating?.getRootNode() as ShadowRoot | undefined;
        const active = root?.activeElement;
        if (active && floating!.contains(active)) focusBackTo(pointsAt.current, root);
      } catch {
        // Reading focus can throw (some DOMs, with focus in another shadow root): leave focus be.
      }
    };
  }, []);

  return (
    <div
      ref={box}
      data-part={part}
      data-item={itemId}
      data-state="open"
      data-aside={aside ? '' : undefined}
      role="dialog"
      aria-labelledby={content.title ? titleId : undefined}
      aria-label={content.title ? undefined : props.fallbackLabel}
      aria-describedby={content.body ? bodyId : undefined}
      tabIndex={-1}
      lang={content.lang}
      dir={content.dir}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          props.onClose('escape');
        }
      }}
    >
      <div data-part="arrow" ref={arrow} aria-hidden="true" />
      <CloseButton label={props.closeLabel} lang={props.closeLang} onClose={() => props.onClose('close')} />
      <CardContent content={content} titleId={titleId} bodyId={bodyId} onButton={props.onButton} />
      {props.feedback}
    </div>
  );
}
