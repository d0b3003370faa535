/**
 * Entry of the authoring chunk (loaded by src/runtime/authoring/enable.ts): the panel in a
 * host of its own with an open shadow root, like every Guidepost surface, kept above the
 * surfaces' layer so a previewed tour's overlay never covers it. `destroy()` removes the host,
 * its observer and every preview it started, and gives focus back to where it was before the
 * panel opened (when that element is still in the page and focus would otherwise be lost).
 */
import { render } from 'preact';
import type { Runtime } from '../runtime/runtime';
import { AuthorApp } from './App';
import { Session, type AuthoringOps } from './session';
import { AUTHOR_CSS } from './styles';
import { HOST_ATTRIBUTE, isLayerHost } from '../ui/host';

export type { AuthoringOps } from './session';

export interface MountedAuthoring {
  /** Removes the panel; resolves once the page runs the manifest it loaded again. */
  destroy(): Promise<void>;
}

const TAG = 'guidepost-author';

interface Host {
  element: HTMLElement;
  shadow: ShadowRoot;
  container: HTMLElement;
}

/**
 * The panel's host, made as ui/host.ts makes the surfaces' (not imported: see styles.ts). The
 * stylesheet is adopted, so a strict style-src does not block it; test DOMs without
 * constructable stylesheets get a <style> element.
 */
function createPanelHost(doc: Document, tag: string): Host {
  const element = doc.createElement(tag);
  element.setAttribute(HOST_ATTRIBUTE, 'author');
  const shadow = element.attachShadow({ mode: 'open' });
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  try {
    const sheet = new view!.CSSStyleSheet();
    sheet.replaceSync(AUTHOR_CSS);
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    const style = doc.createElement('style');
    style.textContent = AUTHOR_CSS;
    shadow.appendChild(style);
  }
  const container = doc.createElement('div');
  container.setAttribute('data-part', 'root');
  shadow.appendChild(container);
  doc.body.appendChild(element);
  return { element, shadow, container };
}

/**
 * Puts the host in the top layer, and back on top whenever the surfaces' layer enters it (the
 * UI creates that layer lazily, and what enters the top layer last is drawn above).
 */
function keepOnTop(element: HTMLElement, shadow: ShadowRoot): () => void {
  const popover = element as HTMLElement & { showPopover?: () => void; hidePopover?: () => void };
  if (typeof popover.showPopover !== 'function') return () => undefined;
  element.setAttribute('popover', 'manual');
  const raise = () => {
    try {
      // Hiding moves focus out of the panel: it goes back where the writer was.
      const active = shadow.activeElement as HTMLElement | null;
      if (element.matches(':popover-open')) popover.hidePopover!();
      popover.showPopover!();
      active?.focus({ preventScroll: true });
    } catch {
      // Not connected, or the page blocks popovers: a fixed element with the highest z-index stays.
    }
  };
  raise();
  const observer = new MutationObserver((records) => {
    const layer = records.some((r) => [...r.addedNodes].some(isLayerHost));
    if (layer) raise();
  });
  observer.observe(element.ownerDocument.body, { childList: true });
  return () => observer.disconnect();
}

/** The focused element, inside open shadow roots too (a control of a web component). */
function deepActive(doc: Document): HTMLElement | undefined {
  let active: Element | null = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== doc.body ? active : undefined;
}

export function mountAuthoring(rt: Runtime, ops: AuthoringOps): MountedAuthoring {
  const doc = rt.doc!;
  const before = deepActive(doc);
  const session = new Session(rt, ops);
  // A page that defined our tag itself gets a unique one (see renderer.tsx freeTag).
  const tag = doc.defaultView?.customElements?.get(TAG) ? `${TAG}-${Math.random().toString(36).slice(2, 8)}` : TAG;
  let host: Host;
  try {
    host = createPanelHost(doc, tag);
  } catch (error) {
    session.report(`the panel cannot be shown: ${(error as Error).message}`);
    return { destroy: () => Promise.resolve() };
  }
  const stopRaising = keepOnTop(host.element, host.shadow);
  render(<AuthorApp session={session} />, host.container);
  return {
    destroy() {
      const hadFocus = host.element.contains(doc.activeElement) || doc.activeElement === host.element;
      render(null, host.container);
      stopRaising();
      host.element.remove();
      // Closed with its × (or from code while the writer was in it): focus goes back where it was.
      const lost = hadFocus || !doc.activeElement || doc.activeElement === doc.body;
      if (lost && before?.isConnected) before.focus({ preventScroll: true });
      return session.dispose();
    },
  };
}
