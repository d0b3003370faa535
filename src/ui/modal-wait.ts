/**
 * A tour's step and the page's own modal dialog. While a `<dialog>` is open as a modal
 * (`showModal()`), everything outside it is inert, under its backdrop: a step pointing there
 * spotlit a control nobody could use, held Tab in its card, and its Escape ended the tour instead
 * of closing the dialog. So such a step waits, not drawn (no card, no shade, no focus taken), until
 * the dialog closes, and then shows as a step that appears does; a tooltip whose target is behind
 * the dialog hides likewise (position.ts). A step on a control inside the dialog shows above it
 * (the layer is in the dialog: modal-host.ts).
 *
 * A step with no target on screen (centered) waits too: above the dialog it would cover it (both
 * are centred) and take its focus. Unless the tour is already in that dialog (one of its cards was
 * on screen there while it stayed open): the person is following the tour through the dialog, and
 * its next, centered step goes on there instead of vanishing from under them.
 *
 * The wait is the layer's, not the tour's: the run stays at its step (the step is viewed once,
 * and exposure never depends on a dialog the page opened, as for a tooltip hidden behind one).
 */
import { containsDeep, deepActiveElement } from './focus';
import type { Surface } from './surface';

export interface ModalWait {
  /**
   * The ids of the tours among `surfaces` whose step waits while `modal` (the page's modal dialog
   * the layer is in, or null) is open. Called once per drawing.
   */
  waiting(surfaces: readonly Surface[], modal: Element | null): ReadonlySet<string>;
  /**
   * After drawing: a step that went to wait with focus in it (the tour's Next, onto a step behind
   * the dialog) left focus on <body>, lost inside a modal dialog; it goes to the control the tour
   * last pointed at in the dialog.
   */
  land(doc: Document): void;
}

const NONE: ReadonlySet<string> = new Set();

export function createModalWait(): ModalWait {
  // Per open modal dialog, the tours one of whose cards has been on screen in it.
  const shownIn = new Map<Element, Set<string>>();
  // Per tour, the target of its last card on screen (kept while the next step is looked for).
  const lastTarget = new Map<string, Element>();
  // The tours that waited at the last drawing, and those that began to wait at this one.
  let waited = NONE;
  let began: { target: Element; modal: Element }[] = [];
  return {
    waiting(surfaces, modal) {
      // A dialog closed (or removed) ends what was followed into it: opened again, it is a new one.
      for (const dialog of shownIn.keys()) if (!dialog.isConnected || !dialog.hasAttribute('open')) shownIn.delete(dialog);
      for (const [id, target] of lastTarget) if (!target.isConnected) lastTarget.delete(id);
      began = [];
      if (!modal) return (waited = NONE);
      const now = new Set<string>();
      for (const { item, tour, reference } of surfaces) {
        if (!tour) continue;
        const id = item.id;
        if (reference ? !containsDeep(modal, reference) : !shownIn.get(modal)?.has(id)) {
          now.add(id);
          const target = lastTarget.get(id);
          if (!waited.has(id) && target) began.push({ target, modal });
          continue;
        }
        if (!shownIn.has(modal)) shownIn.set(modal, new Set());
        shownIn.get(modal)!.add(id);
        if (reference) lastTarget.set(id, reference);
      }
      return (waited = now);
    },
    land(doc) {
      const to = began;
      began = [];
      // Focus somewhere of its own (the dialog's control, which showModal() focused) stays there.
      const active = deepActiveElement(doc);
      if (active && active !== doc.body) return;
      const back = to.find(({ target, modal }) => containsDeep(modal, target));
      (back?.target as HTMLElement | undefined)?.focus?.({ preventScroll: true });
    },
  };
}
