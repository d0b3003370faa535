/**
 * The hosts the renderer (render-surfaces.tsx) adds to the page, as the page may treat them: a
 * tag name the page already defined, a shadow root refused, a CSS zoom inherited, host dialogs
 * above any z-index; and the theme's custom properties on the layer.
 */
import type { Theme } from '../manifest/schema';
import { createHost, HOST_ATTRIBUTE, type Host } from './host';

const THEME_VARIABLES: [keyof Theme, string][] = [
  ['accent', '--gp-accent'], ['background', '--gp-bg'], ['text', '--gp-text'], ['radius', '--gp-radius'],
  ['font', '--gp-font'], ['spacing', '--gp-space'], ['shadow', '--gp-shadow'],
];

/** Writes the manifest's theme on the layer's host as custom properties (and its colour scheme). */
export function applyTheme(element: HTMLElement, theme: Theme | undefined) {
  element.setAttribute('data-scheme', theme?.colorScheme ?? 'auto');
  for (const [key, variable] of THEME_VARIABLES) {
    const value = theme?.[key];
    if (typeof value === 'string') element.style.setProperty(variable, value);
  }
  // The stylesheet derives the links' colour from the accent for the scheme's own background
  // (darker on light, lighter on dark); a theme that sets its background sets it for both
  // schemes, so its accent is used as written.
  if (typeof theme?.background === 'string') element.style.setProperty('--gp-link', 'var(--gp-accent)');
}

/** Moves the layer into the top layer, above host dialogs and any z-index. */
export function raiseToTopLayer(element: HTMLElement) {
  const popover = element as HTMLElement & { showPopover?: () => void };
  if (typeof popover.showPopover !== 'function') return;
  element.setAttribute('popover', 'manual');
  try {
    popover.showPopover();
  } catch {
    // Not connected yet or already open: stays a fixed layer with the highest z-index.
  }
}

/**
 * The page's CSS `zoom` on <html>, <body> or a dialog the layer is in multiplies the layer's
 * too (zoom is inherited as a factor), while surfaces are placed in the viewport's pixels
 * (getBoundingClientRect): at zoom 1.5 every surface sat half as far again from the origin,
 * and the shade covered a zoomed viewport. The layer undoes the zoom it inherits (LAYER_CSS
 * reads --gp-unzoom; a custom property, which the host's `all: initial` leaves alone). Read
 * with `currentCSSZoom`; an engine without it keeps zoom as it was.
 */
export function undoInheritedZoom(host: HTMLElement) {
  const zoom = (host.parentElement as (HTMLElement & { currentCSSZoom?: unknown }) | null)?.currentCSSZoom;
  if (typeof zoom === 'number' && zoom > 0 && Number.isFinite(zoom) && zoom !== 1) host.style.setProperty('--gp-unzoom', String(1 / zoom));
  else host.style.removeProperty('--gp-unzoom');
}

/** A custom element name no script on the page has defined (ours are never defined). */
function freeTag(doc: Document, tag: string): string {
  const registry = doc.defaultView?.customElements;
  if (!registry?.get(tag)) return tag;
  for (;;) {
    const candidate = `${tag}-${Math.random().toString(36).slice(2, 8)}`;
    if (!registry.get(candidate)) return candidate;
  }
}

/**
 * Creates a host, working around a page that already uses our tag name: a custom element
 * defined as `guidepost-root` (an older copy of the SDK, a name clash) runs its own
 * constructor, often attaching its own shadow root, and ours then cannot attach (or renders
 * into an element the page controls). Such a page gets a unique name (`guidepost-root-x7k2q9`)
 * instead. A page where the host cannot get a shadow root (attachShadow replaced or refused)
 * throws, and the caller reports it. Every host carries `data-guidepost-host` so hosts and
 * tests can find it whatever its name.
 */
export function safeHost(doc: Document, tag: string, css: string, kind: 'layer' | 'inline', attach: (element: HTMLElement) => void): Host {
  try {
    return createHost(doc, freeTag(doc, tag), css, (element) => {
      element.setAttribute(HOST_ATTRIBUTE, kind);
      attach(element);
    });
  } catch (error) {
    // The same words for every host (layer and inline): one page problem, reported once.
    throw new Error(`the page does not let Guidepost create a host element with a shadow root (${(error as Error)?.name}: ${(error as Error)?.message})`);
  }
}
