/**
 * The layer inside the page's modal dialog. While a `<dialog>` is open as a modal
 * (`showModal()`), the browser makes everything outside it inert: the layer, though drawn above
 * the dialog in the top layer, could be seen but neither clicked nor reached with Tab, and a
 * tour step pointing into the dialog could not be followed. So while one is open the layer's host
 * lives in the topmost open modal dialog (in the top layer still, so the dialog neither clips
 * nor moves it), and goes back to <body> when the dialog closes or leaves the page.
 *
 * One observer of `open` attributes for the document (showModal() and close() set and remove
 * it; nothing else is recorded); while the host is inside a dialog, another notices the dialog
 * being taken out of the page with the host in it.
 */

/**
 * The topmost open modal dialog: the one opened last of those still open (the top layer is in
 * opening order, which document order need not follow: a confirmation dialog written before the
 * settings dialog it is opened from), else, for dialogs opened before the layer was made, the
 * last open one in document order.
 */
function topModal(doc: Document, openedInOrder: Element[]): Element | undefined {
  const isModal = (dialog: Element) => {
    try {
      return dialog.isConnected && dialog.matches(':modal');
    } catch {
      // A browser without :modal has no modal dialogs to follow.
      return false;
    }
  };
  for (let i = openedInOrder.length - 1; i >= 0; i--) if (isModal(openedInOrder[i])) return openedInOrder[i];
  let top: Element | undefined;
  for (const dialog of Array.from(doc.querySelectorAll('dialog[open]'))) if (isModal(dialog)) top = dialog;
  return top;
}

/**
 * Keeps `host` in the topmost open modal dialog of `doc`, or in <body> when there is none;
 * `raise` puts it back in the top layer after each move (moving a popover closes it). Also puts
 * it back when the page replaces <body> (Turbo Drive, pjax: `body.replaceWith(next)`), which took
 * it out of the document. `place` does that now (a render finding it detached); `stop` stops following.
 */
export function followModalDialogs(doc: Document, host: HTMLElement, raise: () => void): { place: () => void; stop: () => void } {
  const Observer = doc.defaultView?.MutationObserver;
  // Without the Popover API the host would be a fixed box inside the dialog, placed and clipped
  // by it (a transformed dialog is its containing block): it stays in <body> there.
  const modals = typeof (host as HTMLElement & { showPopover?: unknown }).showPopover === 'function';
  // Dialogs in the order their `open` appeared, most recent last (closed ones leave it).
  let openedInOrder: Element[] = [];
  const place = () => {
    openedInOrder = openedInOrder.filter((dialog) => dialog.isConnected && dialog.hasAttribute('open'));
    const parent = (modals && topModal(doc, openedInOrder)) || doc.body;
    if (!parent) return;
    // Moved into the modal opened last, and raised again above it (the top layer is in opening order).
    if (host.parentNode !== parent) {
      parent.appendChild(host);
      raise();
    }
    // In <body>, the page may replace <body> (a change of <html>'s children); inside a dialog, it
    // may take the dialog (and the host with it) out of the document anywhere.
    removal?.observe(doc.documentElement, { childList: true, subtree: parent !== doc.body });
  };
  const removal = Observer && new Observer(() => place());
  const opened = modals && Observer ? new Observer((records) => {
    for (const { target } of records) {
      if (!(target instanceof Element) || target.localName !== 'dialog') continue;
      openedInOrder = openedInOrder.filter((dialog) => dialog !== target);
      if (target.hasAttribute('open')) openedInOrder.push(target);
    }
    place();
  }) : undefined;
  opened?.observe(doc.documentElement, { attributes: true, attributeFilter: ['open'], subtree: true });
  place();
  return {
    place,
    stop: () => {
      opened?.disconnect();
      removal?.disconnect();
    },
  };
}
