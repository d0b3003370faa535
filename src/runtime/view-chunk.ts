/**
 * The drawing half of the view, loaded with the UI (see view.ts): creates the renderer,
 * turns what the runtime shows into surfaces, and wires the surfaces' callbacks and the
 * debug panel back to the runtime.
 */
import { checklistDone } from '../controller/checklists';
import { GuidepostError } from '../errors';
import type { ChecklistItem } from '../manifest/schema';
import { createRenderer, type RendererOptions } from '../ui/renderer';
import type { ContentContext } from '../ui/content';
import type * as DebugViewModule from '../ui/debug-view';
import { debugTools, type DebugOps } from './debug-tools';
import { itemFields, ownPath } from './items';
import { emit, type Runtime } from './runtime';
import { surfaceCallbacks } from './surface-actions';

export interface MountedView {
  /** Draws the current surfaces, and the debug panel when its module is given. */
  render(debugView: typeof DebugViewModule | undefined): void;
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

function rendererOptions(rt: Runtime): RendererOptions {
  return {
    onItemError: (itemId, error, cause) => onItemError(rt, itemId, error, cause),
    locale: rt.locale,
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

/** Creates the renderer for this instance's document. */
export function mountView(rt: Runtime, ops: DebugOps): MountedView {
  const renderer = createRenderer(rt.doc!, rendererOptions(rt));
  return {
    render(debugView) {
      const surfaces = [...rt.showing.values(), ...(rt.tours?.surfaces() ?? [])].map((surface) => {
        const id = surface.item.id;
        const drawn =
          surface.item.type === 'checklist'
            ? { ...surface, checklist: { done: checklistDone(surface.item as ChecklistItem, rt.progress!.get()), expanded: rt.expandedChecklists.has(id) } }
            : surface;
        return rt.previewing.has(id) ? { ...drawn, preview: true } : drawn;
      });
      try {
        renderer.render(surfaces, debugView ? debugTools(rt, ops, debugView) : undefined);
      } catch (error) {
        // Never into the host's call stack (track(), startTour(), a click): report and carry on.
        rt.report(new GuidepostError('internal', `rendering failed: ${(error as Error).message}`));
      }
    },
    destroy: () => renderer.destroy(),
  };
}
