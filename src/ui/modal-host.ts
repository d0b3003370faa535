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

/** The open modal dialog last in document order (nested modals open inner last), or undefined. */
function topModal(doc: Document): Element | undefined {
  let top: Element | undefined;
  for (const dialog of Array.from(doc.querySelectorAll('dialog[open]'))) {
    try {
      if (dialog.matches(':modal')) top = dialog;
    } catch {
      // A browser without :modal has no modal dialogs to follow.
      return undefined;
    }
  }
  return top;
}

/**
 * Keeps `host` in the topmost open modal dialog of `doc`, or in <body> when there is none;
 * `raise` puts it back in the top layer after each move (moving a popover closes it). Returns
 * the function that stops following.
 */
export function followModalDialogs(doc: Document, host: HTMLElement, raise: () => void): () => void {
  const Observer = doc.defaultView?.MutationObserver;
  if (!Observer) return () => {};
  let removal: MutationObserver | undefined;
  const place = () => {
    const parent = topModal(doc) ?? doc.body;
    if (!parent) return;
    if (host.parentNode !== parent) {
      parent.appendChild(host);
      raise();
    }
    // Inside a dialog, the page may take the dialog (and the host with it) out of the document.
    const inDialog = parent !== doc.body;
    if (inDialog && !removal) {
      removal = new Observer(() => {
        if (!host.isConnected || !topModal(doc)) place();
      });
      removal.observe(doc.documentElement, { childList: true, subtree: true });
    } else if (!inDialog && removal) {
      removal.disconnect();
      removal = undefined;
    }
  };
  const opened = new Observer(place);
  opened.observe(doc.documentElement, { attributes: true, attributeFilter: ['open'], subtree: true });
  place();
  return () => {
    opened.disconnect();
    removal?.disconnect();
  };
}
