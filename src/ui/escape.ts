/**
 * Escape from anywhere in the page closes the newest open card: a tooltip, which shows by itself
 * so focus is seldom inside it (WCAG 1.4.13: dismissible without moving focus), or a popover the
 * person opened and then left (it may cover what they Tab to: WCAG 2.4.11). Escape inside a card
 * is the card's own (Popover's onKeyDown, which stops it there); on a help link's "?" or a
 * hotspot's beacon it is that control's (light-dismiss.ts).
 *
 * One listener per open card, on its document, added when it opens and removed when it closes.
 * The page comes first: an Escape it handled (defaultPrevented: a menu of its own, the checklist
 * folding) is left alone, and so is one it will handle by default: in an open menu or list, or
 * with a modal dialog of its own open (escapeIsPages). A tour step is never open together with a card (tips wait for the stage
 * to be free, a help link's popover waits unmounted: arbiter.ts), so the tour's Escape is its own.
 */

import { containsDeep, deepActiveElement } from './focus';

/**
 * Where focus is when an Escape is the page's, not a card's to take: a control whose list or menu
 * is open (a combobox's suggestions, a menu button), or such a list or menu. A plain field is
 * not: Escape there closes the card, which may cover what the person types next to (WCAG 1.4.13).
 */
const PAGES_OWN = '[aria-expanded=true],[role=menu],[role=menubar],[role=listbox]';

/** The page's open modal dialog (the top layer's), when it has one; none in an engine without `:modal`. */
function openModal(doc: Document): Element | null {
  try {
    return doc.querySelector(':modal');
  } catch {
    return null;
  }
}

/**
 * Whether an Escape is the page's: focus is in an open menu or list of its own (PAGES_OWN), or
 * the page has a modal dialog open that the card does not point into (Escape closes that dialog,
 * which a handled key would keep open).
 */
function escapeIsPages(doc: Document, card: Element, target: Element | undefined): boolean {
  return !!deepActiveElement(doc)?.closest(PAGES_OWN) || pageModalElsewhere(doc, target ?? card);
}

/**
 * True when the page has a modal dialog open that `pointedAt` (what a card or tour step points
 * at, else the card itself) is not in: an Escape then closes that dialog, the top layer, and
 * nothing under it. The layer follows the dialog (modal-host.ts): whose a card is, is told by
 * where it points.
 */
export function pageModalElsewhere(doc: Document, pointedAt: Element): boolean {
  const modal = openModal(doc);
  return !!modal && !containsDeep(modal, pointedAt);
}

/**
 * The open cards of each document, oldest first, so one Escape closes one card, the newest. By
 * document rather than by instance: two instances on one page share one Escape key.
 */
const open = new WeakMap<Document, Element[]>();

/**
 * While `el` is open, an Escape in its document that nothing handled calls `close` if it is the
 * newest card on screen; `target`: what it points at now. Returns the removal.
 */
export function closeOnEscape(el: Element, close: () => void, target?: () => Element | undefined): () => void {
  const doc = el.ownerDocument;
  const cards = open.get(doc) ?? [];
  open.set(doc, cards);
  cards.push(el);
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented || escapeIsPages(doc, el, target?.())) return;
    // A card that waits for another (data-wait: arena.ts), or a tooltip stepped aside for the
    // control focus is on (data-aside: yield-to-focus.ts), is hidden: Escape is for what is seen,
    // and that control's own Escape (clearing a field, closing the page's menu) must not dismiss it.
    if (cards.filter((c) => !c.matches('[data-wait],[data-aside]')).pop() !== el) return;
    // Handled: the other cards' listeners, and the page's after them, see that it was.
    event.preventDefault();
    close();
  };
  doc.addEventListener('keydown', onKey);
  return () => {
    doc.removeEventListener('keydown', onKey);
    cards.splice(cards.indexOf(el), 1);
  };
}
