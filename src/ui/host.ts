/**
 * Host elements with open shadow roots. Styles are attached as constructable stylesheets
 * where supported: they are not inline <style> elements, so a strict `style-src` CSP
 * without 'unsafe-inline' does not block them.
 */
import { trackFocusEntry } from './focus';
import type { Part } from './parts';

export const HOST_TAG = 'guidepost-root';
export const INLINE_HOST_TAG = 'guidepost-help';
/** The attribute every host carries, naming its kind: 'layer', 'inline' or 'author'. */
export const HOST_ATTRIBUTE = 'data-guidepost-host';

/** Whether `node` is the layer's host: the fixed host in <body> (or the top layer) that floating surfaces are drawn in. */
export const isLayerHost = (node: Node | null | undefined): boolean => node instanceof Element && node.getAttribute(HOST_ATTRIBUTE) === 'layer';

/**
 * Whether `surface` is in the layer: a fixed host in <body> (or the top layer) whose `:host`
 * rules are `all:initial`, locked with !important (render-surfaces.tsx), so it neither clips nor
 * contains its fixed surfaces: their containing block is the viewport, whatever the page does to <body>.
 */
export const inLayer = (surface: Element): boolean => isLayerHost((surface.getRootNode() as ShadowRoot).host);

/**
 * The page's modal dialog that `surface`'s layer is in (modal-host.ts follows the topmost one),
 * or null: while one is open, everything outside it is inert, behind its backdrop.
 */
export function layerModal(surface: Element): Element | null {
  const host = (surface.getRootNode() as ShadowRoot).host;
  const dialog = isLayerHost(host) ? host.parentElement?.closest('dialog') : undefined;
  try {
    return dialog?.matches(':modal') ? dialog : null;
  } catch {
    // An engine without :modal has no modal dialogs.
    return null;
  }
}

export interface Host {
  element: HTMLElement;
  shadow: ShadowRoot;
  /** Where Preact renders. */
  container: HTMLElement;
  remove(): void;
}

export function createHost(doc: Document, tag: string, css: string, attach: (element: HTMLElement) => void): Host {
  const element = doc.createElement(tag);
  const shadow = element.attachShadow({ mode: 'open' });
  addStyles(shadow, css);
  trackFocusEntry(shadow);
  const container = doc.createElement('div');
  container.setAttribute('data-part', 'root' satisfies Part);
  shadow.appendChild(container);
  attach(element);
  return { element, shadow, container, remove: () => element.remove() };
}

/**
 * Adds a stylesheet after the ones `shadow` has (a surfaces' chunk brings its own sheet when it
 * loads: widgets.tsx): later sheets win at equal specificity, as later rules of one sheet would.
 * Returns what takes that sheet away again (the debug panel's, when the panel closes).
 */
export function addStyles(shadow: ShadowRoot, css: string): () => void {
  const view = shadow.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  if (view && 'adoptedStyleSheets' in shadow && typeof view.CSSStyleSheet?.prototype.replaceSync === 'function') {
    try {
      const sheet = new view.CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
      return () => {
        shadow.adoptedStyleSheets = shadow.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
      };
    } catch {
      // Fall through to a <style> element (older engines, test DOMs).
    }
  }
  const style = shadow.ownerDocument.createElement('style');
  style.textContent = css;
  shadow.appendChild(style);
  return () => style.remove();
}
