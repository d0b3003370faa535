/**
 * One tour step: a dialog anchored to its target (or centered), with a progress
 * indicator, Back / Next / Done / Skip, Esc to close and arrow keys to move. Focus moves
 * into the step when it appears; the controller returns it when the tour ends, and while the
 * step waits for its target (tours.ts).
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Placement } from '../manifest/schema';
import { STAGE } from './arbiter';
import { arenaOf } from './arena';
import { CardContent, CloseButton } from './Card';
import type { ViewButton, ViewContent } from './content';
import { containsDeep, deepActiveElement, focusStep, tabBackInto, trapTab } from './focus';
import { pageModalElsewhere } from './escape';
import { positionFloating } from './position';
import { format, wordsAttributes, type UiStrings } from './strings';

export interface TourStepProps {
  itemId: string;
  step: number;
  total: number;
  content: ViewContent;
  reference?: Element;
  placement?: Placement;
  strings: UiStrings;
  /** "Was this helpful?" (last step, when the tour asks for it; Feedback.tsx, from the widgets' chunk). */
  feedback?: ComponentChildren;
  /** The step moves on when the person reaches a page or does something: no Next (see surface.ts). */
  advance?: 'route' | 'event';
  /**
   * The page is let through to the target (the person acts on it): the step is not modal, and
   * Tab goes from the step into the target and back, as a click would reach it. Without a
   * target (none, or missing and centered) the whole page is let through: Tab is not held.
   */
  through?: boolean;
  /** Takes the person to the page the step leads to ("Take me there"). */
  onGo: () => void;
  onNext: () => void;
  onBack: () => void;
  onDone: () => void;
  onClose: (origin: 'close' | 'escape' | 'skip') => void;
  onButton: (button: ViewButton) => void;
}

export function TourStepView(props: TourStepProps) {
  const { itemId, step, total, content, reference, strings } = props;
  const box = useRef<HTMLDivElement>(null);
  const arrow = useRef<HTMLDivElement>(null);
  const last = step === total - 1;
  const titleId = `gp-${itemId}-${step}-title`;
  const bodyId = `gp-${itemId}-${step}-body`;
  const centered = !reference || props.placement === 'center';

  // Focus moves in as soon as the step is in the DOM (before paint), so keys pressed right away reach it;
  // after a wait for its target, only if the person left focus where the tour put it, and onto the control that had it (focus.ts focusStep).
  useLayoutEffect(() => {
    if (box.current) focusStep(box.current, itemId, step);
  }, [step]);

  // Esc closes the tour wherever focus is (a click elsewhere may have moved it out of the step).
  // With the page let through, Tab at the target's edges comes back into the step.
  // A layout effect: its cleanup runs when the step unmounts, not a frame later (after destroy()).
  // A centered step (placement "center") may still have a target on screen, in the spotlight.
  const companion = props.through ? reference : undefined;
  const wholePage = props.through === true && !reference;
  /**
   * Escape where the person works on the page is the page's (its menu, its autocomplete): in the
   * target, or anywhere outside the step when the whole page is let through.
   */
  const escapeIsPages = (doc: Document) => {
    // The page's own modal dialog, opened over the tour (a session-timeout prompt): one Escape closes that one layer.
    const pointedAt = reference ?? box.current;
    if (pointedAt && pageModalElsewhere(doc, pointedAt)) return true;
    const active = deepActiveElement(doc);
    if (companion) return containsDeep(companion, active);
    return wholePage && !!active && active !== doc.body && !!box.current && !containsDeep(box.current, active);
  };
  useLayoutEffect(() => {
    const doc = box.current?.ownerDocument;
    if (!doc) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented && !escapeIsPages(doc)) props.onClose('escape');
      else if (companion && box.current) tabBackInto(event, box.current, companion);
    };
    doc.addEventListener('keydown', onKey);
    return () => doc.removeEventListener('keydown', onKey);
  }, [props.onClose, companion, wholePage]);

  // Placed before the browser paints (placing resolves in microtasks): the step never shows a frame at its old place.
  useLayoutEffect(() => {
    const floating = box.current;
    if (!floating) return;
    // The step holds the stage (arbiter.ts): the others keep clear of it, centered or anchored.
    if (centered) return arenaOf(floating)?.add({ rank: STAGE, measure: () => floating.getBoundingClientRect() });
    return positionFloating(reference!, floating, { placement: props.placement as Exclude<Placement, 'center'>, arrow: arrow.current, gap: 14, rank: STAGE, sheet: true });
  }, [reference, step, centered]);

  const onKeyDown = (event: KeyboardEvent) => {
    const rtl = content.dir === 'rtl';
    // Arrows move the caret in a field ("Was this helpful?"'s comment), and with a modifier they
    // are the browser's or the screen reader's (Alt+Left is Back): the tour leaves those alone.
    const arrowsFree = !(event.target as Element).closest?.('input,textarea,select,[contenteditable]') && !(event.altKey || event.ctrlKey || event.metaKey || event.shiftKey);
    if (event.key === 'Escape') {
      // Handled here; the document listener must not close it a second time.
      event.preventDefault();
      event.stopPropagation();
      props.onClose('escape');
    } else if (arrowsFree && event.key === (rtl ? 'ArrowLeft' : 'ArrowRight')) {
      event.preventDefault();
      if (props.advance === 'route') props.onGo();
      else if (props.advance === 'event') return;
      else if (last) props.onDone();
      else props.onNext();
    } else if (arrowsFree && event.key === (rtl ? 'ArrowRight' : 'ArrowLeft')) {
      if (step === 0) return;
      event.preventDefault();
      props.onBack();
    } else if (box.current && !wholePage) {
      // A modal step keeps Tab inside; one beside its target takes the target into the cycle.
      trapTab(event, box.current, companion);
    }
  };

  const percent = Math.round(((step + 1) / total) * 100);
  // The SDK's own words carry their language: the card's is its texts' (they may differ).
  const words = wordsAttributes(strings);
  return (
    <div
      ref={box}
      data-part="tour-step"
      data-item={itemId}
      data-state="open"
      data-step={step}
      data-centered={centered ? '' : undefined}
      role="dialog"
      aria-modal={props.through ? undefined : 'true'}
      aria-labelledby={content.title ? titleId : undefined}
      aria-label={content.title ? undefined : format(strings.stepOf, { n: step + 1, total })}
      aria-describedby={content.body ? bodyId : undefined}
      tabIndex={-1}
      lang={content.lang}
      dir={content.dir}
      onKeyDown={onKeyDown}
    >
      {!centered && <div data-part="arrow" ref={arrow} aria-hidden="true" />}
      <CloseButton label={strings.close} lang={strings.lang} onClose={() => props.onClose('close')} />
      <CardContent content={{ ...content, buttons: [] }} titleId={titleId} bodyId={bodyId} onButton={props.onButton} />
      {last && props.feedback}
      <div data-part="progress" {...words}>
        {/* Seen, not read: the progress bar says the same (aria-valuetext), once. */}
        <span data-part="progress-text" aria-hidden="true">{format(strings.stepOf, { n: step + 1, total })}</span>
        <div data-part="progress-bar" role="progressbar" aria-label={strings.tourProgress} aria-valuemin={1} aria-valuemax={total} aria-valuenow={step + 1} aria-valuetext={format(strings.stepOf, { n: step + 1, total })}>
          <div data-part="progress-fill" style={{ width: `${percent}%` }} />
        </div>
      </div>
      <div data-part="actions">
        {!last && (
          <button type="button" data-part="button" data-action="skip" {...words} onClick={() => props.onClose('skip')}>
            {strings.skip}
          </button>
        )}
        {content.buttons.length > 0
          ? content.buttons.map((b) => (
              <button type="button" data-part="button" data-action={b.button.action} data-primary={b.primary ? '' : undefined} onClick={() => props.onButton(b)}>
                {b.label}
              </button>
            ))
          : [
              step > 0 && (
                <button type="button" data-part="button" data-action="back" {...words} onClick={props.onBack}>
                  {strings.back}
                </button>
              ),
              // Never a Next that skips what the step asks for: a step that advances on a page
              // offers to go there; one that advances on an action waits for it (Skip and Back stay).
              props.advance === 'route' ? (
                <button type="button" data-part="button" data-action="go" data-primary="" {...words} onClick={props.onGo}>
                  {strings.goThere}
                </button>
              ) : props.advance === 'event' ? undefined : (
                <button type="button" data-part="button" data-action={last ? 'done' : 'next'} data-primary="" {...words} onClick={last ? props.onDone : props.onNext}>
                  {last ? strings.done : strings.next}
                </button>
              ),
            ]}
      </div>
    </div>
  );
}
