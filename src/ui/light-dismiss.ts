/**
 * The light dismiss of a popover opened from a control (a help link's "?", a hotspot's beacon):
 * a non-modal card that stayed open after the person Tabbed on would cover what they reach next
 * (WCAG 2.4.11). It closes when focus leaves both it and its control for anywhere else, and
 * Escape on the control closes it as Escape inside it does (the WAI-ARIA disclosure pattern).
 * Focus that left is not moved back: the person put it where it is. Only the widgets' chunk
 * (HelpLink, Hotspot) uses it, through Popover's `whileOpen`; tooltips show by themselves, with
 * no control to leave, and do not close on focus.
 */

/** While `card` is open: focus elsewhere closes it (`blur`), Escape on `trigger` too (`escape`). Returns the removal. */
export function lightDismiss(card: Element, trigger: Element | null | undefined, close: (origin: 'escape' | 'blur') => void): () => void {
  const doc = card.ownerDocument;
  // focusin is composed: the document hears focus moving inside shadow roots too, retargeted to
  // their host, and composedPath() (open roots) holds the element that took it. A click on
  // nothing focusable, or the window losing focus (another tab, another app), moves focus to no
  // element: no focusin, and the card stays for the person's return.
  const onFocus = (event: Event) => {
    const path = event.composedPath();
    if (!path.includes(card) && !(trigger && path.includes(trigger))) close('blur');
  };
  const onKey = (event: Event) => {
    if ((event as KeyboardEvent).key !== 'Escape' || event.defaultPrevented) return;
    // Handled: the document's Escape (escape.ts) does not close another card with this press.
    event.preventDefault();
    close('escape');
  };
  doc.addEventListener('focusin', onFocus);
  trigger?.addEventListener('keydown', onKey);
  return () => {
    doc.removeEventListener('focusin', onFocus);
    trigger?.removeEventListener('keydown', onKey);
  };
}
