/**
 * A press on Guidepost's own surfaces (a hotspot's dot, a card's button) holds re-placing until
 * the click it starts has happened. A popover closing on that press (focus left it) re-placed
 * what it had pushed aside at once, and a hotspot's dot moved from under the pointer between
 * pointerdown and pointerup: the click landed on the page and the dot had to be clicked again.
 * Nothing moves under a pressed pointer (WCAG 3.2.2); what waited is placed right after the click.
 */
import { HOST_ATTRIBUTE } from './host';

/** The longest a press holds re-placing (a press that never ends: a drag out of the window). */
const MAX_HOLD_MS = 1000;

export interface PressHold {
  /** True while a press on the layer is under way: a pass asked for now waits (call `held`). */
  readonly pressed: boolean;
  /** A pass was asked for during the press: `release` runs once the click has happened. */
  held(): void;
  /** Listens to `doc` (idempotent); `detach` stops, with nothing left behind. */
  attach(doc: Document): void;
  detach(): void;
}

export function pressHold(release: () => void): PressHold {
  let doc: Document | undefined;
  let pressed = false;
  let waiting = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const end = () => {
    clearTimeout(timer);
    timer = undefined;
    pressed = false;
    if (waiting) {
      waiting = false;
      release();
    }
  };
  const onDown = (event: PointerEvent) => {
    if (!event.composedPath().some((node) => (node as Element).hasAttribute?.(HOST_ATTRIBUTE))) return;
    pressed = true;
    clearTimeout(timer);
    timer = setTimeout(end, MAX_HOLD_MS);
  };
  // Ended by its click, once the click has reached the layer's handlers (this listener is the
  // document's, in the bubbling phase: after them, before their re-render). A press that makes
  // no click (the pointer left first, a touch that became a scroll) ends in the next task.
  const onUp = () => {
    if (!pressed) return;
    clearTimeout(timer);
    timer = setTimeout(end, 0);
  };
  const onClick = () => {
    if (pressed) end();
  };
  const types = ['pointerup', 'pointercancel'] as const;
  return {
    get pressed() {
      return pressed;
    },
    held: () => void (waiting = true),
    attach(next) {
      if (doc) return;
      doc = next;
      doc.addEventListener('pointerdown', onDown, true);
      for (const type of types) doc.addEventListener(type, onUp, true);
      doc.addEventListener('click', onClick);
    },
    detach() {
      doc?.removeEventListener('pointerdown', onDown, true);
      for (const type of types) doc?.removeEventListener(type, onUp, true);
      doc?.removeEventListener('click', onClick);
      doc = undefined;
      clearTimeout(timer);
      timer = undefined;
      pressed = waiting = false;
    },
  };
}
