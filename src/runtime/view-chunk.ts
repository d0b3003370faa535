/**
 * The drawing half of the view, loaded with the UI (see view.ts): creates the renderer,
 * turns what the runtime shows into surfaces, and wires the surfaces' callbacks and the
 * debug panel back to the runtime. Banners, checklists, hotspots and help links are a chunk of
 * their own (ui/widgets.tsx), loaded here before the first of them is drawn.
 */
import { checklistDone } from '../controller/checklists';
import { GuidepostError } from '../errors';
import { lazyModule } from '../lazy';
import type { ChecklistItem, Item, TourItem } from '../manifest/schema';
import { createSurfaceRenderer, type RendererOptions } from '../ui/render-surfaces';
import type { ContentContext } from '../ui/content';
import { isWidget } from '../ui/Layer';
import type { UiStrings } from '../ui/strings';
import type * as DebugToolsModule from './debug-tools';
import type { DebugOps } from './debug-tools';
import { runContentChecks } from './content-checks';
import { itemFields, ownPath } from './items';
import { emit, type Runtime } from './runtime';
import { surfaceCallbacks } from './surface-actions';

export interface MountedView {
  /** Draws the current surfaces, and the debug panel when its module is given. */
  render(debugTools: typeof DebugToolsModule | undefined): void;
  /** Resolves once the widgets' chunk loading now is there and what waited for it is drawn. */
  settled(): Promise<void> | undefined;
  /** A new page view may retry a failed load of the widgets' chunk. */
  allowRetry(): void;
  /** 'widgets' for a banner, checklist, hotspot or help link while their chunk could not be loaded. */
  cannotDraw(item: Item): 'widgets' | undefined;
  /** Whether the tour's step waits, undrawn, behind the page's open modal dialog. */
  behindDialog(tourId: string): boolean;
  destroy(): void;
}

const contentContext = (rt: Runtime) => (): ContentContext => {
  const user = rt.user;
  return {
    locale: rt.locale,
    defaultLocale: rt.manifest?.defaultLocale ?? 'en',
    lookup: (path) => ownPath({ user: { id: user.id, accountId: user.accountId, traits: user.traits ?? {} }, account: { id: user.accountId, ...user.accountTraits } }, path),
  };
};

/** An item whose content cannot render: reported once, then kept off screen for this page view. */
function onItemError(rt: Runtime, itemId: string, error: Error, cause?: string): void {
  const { pageView } = rt;
  rt.showing.delete(itemId);
  rt.previewing.delete(itemId);
  // A tour whose step cannot render ends without being recorded as dismissed by the user
  // (after the current render: this runs inside one).
  queueMicrotask(() => {
    if (rt.tours?.isRunning(itemId)) rt.tours.close(itemId, 'error');
  });
  if (pageView.unrenderable.has(itemId)) return;
  // The page blocks the host element: one problem of the page, reported once, not per item.
  const known = cause === 'host' && [...pageView.unrenderable.values()].includes(error.message);
  pageView.unrenderable.set(itemId, error.message);
  if (cause === 'host') {
    if (!known) rt.report(new GuidepostError('internal', `nothing can be shown: ${error.message}`));
    return;
  }
  rt.report(new GuidepostError('manifest', `item "${itemId}" cannot be shown: ${error.message}`));
}

function rendererOptions(rt: Runtime, locales: Record<string, UiStrings>): RendererOptions {
  return {
    onItemError: (itemId, error, cause) => onItemError(rt, itemId, error, cause),
    // As a failed render() of the view's (mountView): reported, the page carries on.
    onError: (error) => rt.report(new GuidepostError('internal', `rendering failed: ${error.message}`)),
    locale: rt.locale,
    locales,
    theme: rt.manifest!.settings?.theme,
    callbacks: surfaceCallbacks(rt),
    contentContext: contentContext(rt),
    onViewed: (itemId) => {
      const item = rt.manifest?.items.find((i) => i.id === itemId);
      if (!item || rt.pageView.viewed.has(itemId)) return;
      rt.pageView.viewed.add(itemId);
      const arm = rt.experiments?.armFor(item)?.assignment;
      emit(rt, { ...itemFields(item), type: 'viewed', ...(arm && { experiment: arm.experiment, variation: arm.variation, forced: arm.forced }) });
    },
  };
}

/** A tour whose last step asks "Was this helpful?" (Feedback.tsx, in the widgets' chunk). */
const asksFeedback = (item: { type: string }) => item.type === 'tour' && (item as TourItem).feedback === true;

/**
 * Creates the renderer for this instance's document. `locales`: the tables of the SDK's words
 * view.ts loaded for this instance's locale (none for English).
 */
export function mountView(rt: Runtime, ops: DebugOps, locales: Record<string, UiStrings> = {}): MountedView {
  // Usually run already (with the decision chunk); not when only the debug panel draws. The theme
  // below is then the checked one.
  runContentChecks(rt);
  const widgets = lazyModule(
    () => import('../ui/widgets'),
    (error) => rt.report(new GuidepostError('internal', `the Guidepost banners, checklists, hotspots and help links could not be loaded: ${error.message}`)),
  );
  let widgetsLoading: Promise<void> | undefined;
  // After a failed load (reported), they stay out until a new page view allows a retry.
  let widgetsFailed = false;
  const renderer = createSurfaceRenderer(rt.doc!, rendererOptions(rt, locales), () => widgets.value);
  return {
    render(debugTools) {
      const surfaces = [...rt.showing.values(), ...(rt.tours?.surfaces() ?? [])].map((surface) => {
        const id = surface.item.id;
        const drawn =
          surface.item.type === 'checklist'
            ? { ...surface, checklist: { done: checklistDone(surface.item as ChecklistItem, rt.progress!.get()), expanded: rt.expandedChecklists.has(id) } }
            : surface;
        return rt.previewing.has(id) ? { ...drawn, preview: true } : drawn;
      });
      // The first banner, checklist, hotspot or help link waits for its chunk, and so does the rest
      // of this render: a first paint is whole (a tooltip never shows, then steps aside for a
      // banner that arrives later). Experiment arms are not affected: the exposure was recorded
      // before any render (markShown in exposure.ts), at the same point in every arm, and a
      // held-out item is never drawn, so this load never moves an exposure.
      // A tour that asks "Was this helpful?" gets it from the same chunk, requested with its first
      // step; no step waits for it: the last one is drawn without the question until it is there
      // (a tour's steps never wait on the network), and with it once it is.
      const drawsWidget = surfaces.some((surface) => isWidget(surface.item));
      if (!widgets.value && !widgetsFailed && (drawsWidget || surfaces.some((surface) => asksFeedback(surface.item)))) {
        widgetsLoading ??= widgets.load().then((module) => {
          widgetsLoading = undefined;
          widgetsFailed = !module;
          rt.view?.render();
        });
        if (drawsWidget) return;
      }
      try {
        renderer.render(surfaces, debugTools ? debugTools.debugTools(rt, ops) : undefined);
      } catch (error) {
        // Never into the host's call stack (track(), startTour(), a click): report and carry on.
        rt.report(new GuidepostError('internal', `rendering failed: ${(error as Error).message}`));
      }
    },
    settled: () => widgetsLoading,
    cannotDraw: (item) => (widgetsFailed && isWidget(item) ? 'widgets' : undefined),
    behindDialog: (tourId) => renderer.behindDialog(tourId),
    allowRetry() {
      widgetsFailed = false;
      widgets.allowRetry();
    },
    destroy: () => renderer.destroy(),
  };
}
