/**
 * Owns the DOM the SDK adds: one layer host (open shadow root) for floating surfaces,
 * created on first use and put in the top layer where the Popover API exists (so host
 * modals and stacking contexts cannot cover it), and one small inline host per help link
 * or inline banner, placed by its target. `destroy()` removes every node it added.
 *
 * Banners, checklists, hotspots and help links are drawn by the widgets' chunk (widgets.tsx),
 * which the caller supplies once it has loaded it (runtime/view-chunk.ts loads it before it
 * hands over the first such surface; renderer.tsx has it built in). Until then they are left out.
 */
import { render, type ComponentChildren } from 'preact';
import type { BannerItem, Theme, TourItem } from '../manifest/schema';
import { takesStage } from './arbiter';
import { arenas, createArena } from './arena';
import { resolveContent, type ContentContext } from './content';
import { ItemBoundary } from './ItemBoundary';
import { addStyles, HOST_TAG, INLINE_HOST_TAG, layerModal, type Host } from './host';
import { applyTheme, raiseToTopLayer, safeHost, undoInheritedZoom } from './layer-host';
import { isWidget, Layer, type Surface, type SurfaceCallbacks, type ViewSurface, type Widgets } from './Layer';
import { INLINE_CSS, LAYER_CSS } from './styles';
import { uiStringsMarked, type UiStrings } from './strings';
import { createViewTracker } from './viewed';
import { followModalDialogs } from './modal-host';
import { createModalWait } from './modal-wait';
import { placeBeside } from './place-beside';

export interface Renderer {
  /** Renders the surfaces, and `tools` (the debug panel) above them. */
  render(surfaces: Surface[], tools?: ComponentChildren): void;
  /** Whether the tour's step waits, undrawn, behind the page's open modal dialog (modal-wait.ts). */
  behindDialog(tourId: string): boolean;
  destroy(): void;
}

export interface RendererOptions {
  /** Locale of the SDK's own words (close, next, ...). */
  locale: string;
  /** Tables of those words loaded for this instance, by tag or language (ui/locales); English is built in. */
  locales?: Readonly<Record<string, UiStrings>>;
  theme?: Theme;
  callbacks: SurfaceCallbacks;
  contentContext: () => ContentContext;
  /** Called once per surface element that was at least half visible for a second. */
  onViewed?: (itemId: string) => void;
  /**
   * An item that cannot be shown: its content (malformed texts in a compiled manifest), or
   * (`cause: 'host'`) the page does not let the SDK create its host element. It is left out.
   */
  onItemError?: (itemId: string, error: Error, cause?: 'content' | 'host') => void;
  /**
   * A drawing the renderer started by itself failed (the layer moved into or out of the page's
   * modal dialog): reported here, never thrown into the page's own mutation callbacks.
   */
  onError?: (error: Error) => void;
}

const isInline = (s: Surface) => s.item.type === 'helpLink' || (s.item.type === 'banner' && (s.item as BannerItem).slot === 'inline');

/** Resolves a surface's texts (and its tour step's) for the reader: locale, variables, rich text. */
function resolveSurface(surface: Surface, context: ContentContext): ViewSurface {
  const { item, tour } = surface;
  return {
    ...surface,
    content: resolveContent(item, context),
    tour: tour && { ...tour, content: resolveContent((item as TourItem).steps[tour.step], context) },
  };
}

/**
 * A renderer for `doc`. `widgets` returns the widgets' chunk once it is loaded (undefined until
 * then, or when it could not be loaded: banners, checklists, hotspots and help links are left out).
 */
export function createSurfaceRenderer(doc: Document, rendererOptions: RendererOptions, widgets: () => Widgets | undefined): Renderer {
  const options = { ...rendererOptions, strings: uiStringsMarked(rendererOptions.locale, rendererOptions.locales) };
  let layer: Host | undefined;
  // The layer's host follows the page's modal dialogs (modal-host.ts) from its creation on.
  let modals: ReturnType<typeof followModalDialogs> | undefined;
  // Whether the layer has the widgets' stylesheet yet (added after its own when they first draw).
  let layerHasWidgets = false;
  // Tour steps that wait while the page's modal dialog is open (modal-wait.ts). What was last
  // asked to be drawn is drawn again when the layer moves into or out of a dialog: the
  // controller knows nothing of the page's dialogs, and draws only when a tour or an item changes.
  const modalWait = createModalWait();
  let waitingBehindDialog: ReadonlySet<string> = new Set();
  let last: { surfaces: Surface[]; tools: ComponentChildren } | undefined;
  let drawing = false;
  const inline = new Map<string, { host: Host; target: Element; inside: boolean }>();
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  // React and Vue own what is around a target: setting a heading's text deletes the "?" in it, a
  // keyed reorder moves the target away from it. While shown, each host is put back beside its
  // target (the observer sees the target's and the host's parent, reset after each repair).
  const places = view?.MutationObserver && new view.MutationObserver(() => follow(true));
  const follow = (repair?: boolean) => {
    places?.disconnect();
    for (const { host, target, inside } of inline.values()) {
      if (!target.isConnected) continue;
      if (repair) placeBeside(target, host.element, inside);
      for (const node of [target, host.element.parentNode]) if (node) places?.observe(node, { childList: true });
    }
  };
  const viewed = view && options.onViewed ? createViewTracker(view, options.onViewed) : undefined;
  const roots = () => [...(layer ? [layer.shadow] : []), ...[...inline.values()].map((e) => e.host.shadow)];
  const scanViewed = () => viewed?.scan(roots());
  // One arena for every surface this renderer draws, in the layer or beside help links (arena.ts).
  const arena = createArena(roots);

  const removeInline = (id: string) => {
    const entry = inline.get(id);
    if (!entry) return;
    render(null, entry.host.container);
    entry.host.remove();
    inline.delete(id);
  };

  const renderInline = (surfaces: ViewSurface[], staged: boolean, kit: Widgets) => {
    const wanted = new Set<string>();
    for (const surface of surfaces) {
      const reference = surface.reference;
      if (!reference) continue;
      const id = surface.item.id;
      wanted.add(id);
      if (inline.get(id)?.target !== reference) removeInline(id);
      let entry = inline.get(id);
      const inside = surface.item.type === 'helpLink';
      if (entry) placeBeside(reference, entry.host.element, inside);
      else {
        let host: Host;
        try {
          host = safeHost(doc, INLINE_HOST_TAG, INLINE_CSS + kit.WIDGETS_CSS, 'inline', (el) => placeBeside(reference, el, inside));
        } catch (error) {
          wanted.delete(id);
          options.onItemError?.(id, error as Error, 'host');
          continue;
        }
        applyTheme(host.element, options.theme);
        arenas.set(host.shadow, arena);
        host.element.setAttribute('data-item', id);
        if (surface.item.type === 'banner') host.element.setAttribute('data-block', '');
        // A click on the "?" goes on up the page as any click does (its router, its analytics, a
        // host that opens help in the same tab listen at the document): the "?" is kept out of
        // the page's controls by where it is placed (place-beside.ts), not by stopping clicks.
        entry = { host, target: reference, inside };
        inline.set(id, entry);
      }
      render(
        <ItemBoundary itemId={id} onItemError={options.onItemError}>
          <kit.WidgetView
            surface={surface}
            strings={options.strings}
            callbacks={options.callbacks}
            context={options.contentContext()}
            // An inline banner is part of the page's flow (the overlay covers it as it covers the
            // page): only a help link's open popover waits while a tour step holds the stage.
            staged={surface.item.type === 'helpLink' && staged}
          />
        </ItemBoundary>,
        entry.host.container,
      );
    }
    for (const id of [...inline.keys()]) if (!wanted.has(id)) removeInline(id);
    follow();
  };

  /** The layer's host, made on first use; none when the page does not let it be made (each floating surface is reported). */
  const createLayer = (floating: ViewSurface[]): Host | undefined => {
    let host: Host;
    try {
      host = safeHost(doc, HOST_TAG, LAYER_CSS, 'layer', (el) => doc.body.appendChild(el));
    } catch (error) {
      // Nothing floating can show: each surface is left out and explain() says so (never "shown").
      for (const surface of floating) options.onItemError?.(surface.item.id, error as Error, 'host');
      return undefined;
    }
    applyTheme(host.element, options.theme);
    arenas.set(host.shadow, arena);
    raiseToTopLayer(host.element);
    const element = host.element;
    modals = followModalDialogs(doc, element, () => {
      raiseToTopLayer(element);
      undoInheritedZoom(element);
      // In or out of a dialog: a tour's step behind it now waits, one that waited shows (drawn
      // again, which places everything); what is behind it now hides, what was shows again
      // (position.ts). Not while drawing: the layer's first move into an open dialog comes
      // during its creation, and the drawing under way reads where the layer is afterwards.
      if (!last || drawing) return arena.refresh();
      try {
        redraw();
      } catch (error) {
        options.onError?.(error as Error);
      }
    });
    return host;
  };

  const draw = (surfaces: Surface[], tools: ComponentChildren) => {
    const context = options.contentContext();
    const kit = widgets();
    const resolved: ViewSurface[] = [];
    for (const surface of surfaces) {
      // A preview that cannot show (notShown) is only a line in the preview badge (Layer).
      if (!kit && isWidget(surface.item) && !surface.notShown) continue;
      try {
        resolved.push(resolveSurface(surface, context));
      } catch (error) {
        options.onItemError?.(surface.item.id, error as Error);
      }
    }
    // (Not-shown previews of inline items go to the layer too: their line in the preview badge.)
    const floating = resolved.filter((s) => !isInline(s) || s.notShown);
    if (!layer && (floating.length > 0 || tools)) layer = createLayer(floating);
    // The page replaced <body> (Turbo Drive, pjax), and the layer with it: back in the page.
    if (layer && !layer.element.isConnected) modals?.place();
    // Read where the layer is now: in the page's modal dialog, a step behind it waits.
    const waiting = (waitingBehindDialog = modalWait.waiting(floating, layer ? layerModal(layer.container) : null));
    const staged = floating.some((s) => takesStage(s) && !waiting.has(s.item.id));
    if (kit) renderInline(resolved.filter((s) => isInline(s) && !s.notShown), staged, kit);
    if (!layer) return scanViewed();
    // Each render: the page may have zoomed since, or the layer moved into a dialog.
    undoInheritedZoom(layer.element);
    if (kit && !layerHasWidgets) {
      addStyles(layer.shadow, kit.WIDGETS_CSS);
      layerHasWidgets = true;
    }
    render(
      <Layer surfaces={floating} waiting={waiting} strings={options.strings} callbacks={options.callbacks} context={context} widgets={kit} onItemError={options.onItemError}>
        {tools}
      </Layer>,
      layer.container,
    );
    // Sizes may have changed with this render (a banner's text, a panel folding): place everything again.
    arena.refresh();
    scanViewed();
    // A step that went to wait with focus in it leaves it on <body>: back into the dialog.
    modalWait.land(doc);
  };

  const redraw = () => {
    if (!last) return;
    drawing = true;
    try {
      draw(last.surfaces, last.tools);
    } finally {
      drawing = false;
    }
  };

  return {
    render(surfaces, tools) {
      last = { surfaces, tools };
      redraw();
    },
    behindDialog: (tourId) => waitingBehindDialog.has(tourId),
    destroy() {
      viewed?.dispose();
      places?.disconnect();
      for (const id of [...inline.keys()]) removeInline(id);
      modals?.stop();
      last = undefined;
      if (layer) {
        render(null, layer.container);
        layer.remove();
        layer = undefined;
        layerHasWidgets = false;
      }
    },
  };
}
