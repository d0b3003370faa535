/**
 * A floating card anchored to an element: the tooltip surface, and the popover a help
 * link opens. Non-modal: it does not trap focus, and Esc closes it.
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Placement } from '../manifest/schema';
import { OPENED, TIP } from './arbiter';
import { CardContent, CloseButton } from './Card';
import type { ViewButton, ViewContent } from './content';
import { positionFloating } from './position';
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
  onClose: (origin: 'close' | 'escape') => void;
  onButton: (button: ViewButton) => void;
  /** Move focus into the popover when it opens (when the user opened it). */
  autoFocus?: boolean;
  /** "Was this helpful?" (Feedback.tsx, which comes with the widgets' chunk), under the content. */
  feedback?: ComponentChildren;
  /** When the person opened it (`Arena.next()`): drawn again after a tour's stage, it is not the newest for that. */
  openedSeq?: number;
}

export function Popover(props: PopoverProps) {
  const { part, itemId, reference, content } = props;
  const box = useRef<HTMLDivElement>(null);
  const arrow = useRef<HTMLDivElement>(null);
  const titleId = `gp-${itemId}-title`;
  const bodyId = `gp-${itemId}-body`;

  // Placed before the browser paints (floating-ui resolves in microtasks).
  useLayoutEffect(() => {
    const floating = box.current;
    if (!floating) return;
    const placement = props.placement === 'center' ? 'bottom' : props.placement;
    // A popover is what the person opened: it outranks tooltips (arbiter.ts). Both may become sheets on phones.
    const cleanup = positionFloating(reference, floating, { placement, arrow: arrow.current, rank: part === 'tooltip' ? TIP : OPENED, sheet: true, seq: props.openedSeq });
    if (props.autoFocus) floating.focus();
    return cleanup;
  }, [reference, props.placement]);

  // Closed with focus inside (its button, ×, Escape): focus goes back to what it points at (when
  // that takes focus), not to <body>, so a keyboard user keeps their place.
  useLayoutEffect(() => {
    const floating = box.current;
    return () => {
      try {
        const active = (floating?.getRootNode() as ShadowRoot | undefined)?.activeElement;
        if (active && floating!.contains(active)) (reference as HTMLElement).focus?.({ preventScroll: true });
      } catch {
        // Reading focus can throw (some DOMs, with focus in another shadow root): leave focus be.
      }
    };
  }, [reference]);

  return (
    <div
      ref={box}
      data-part={part}
      data-item={itemId}
      data-state="open"
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
