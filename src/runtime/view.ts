/**
 * The view: loads the UI the first time something is to be drawn (a page with nothing to
 * show never downloads Preact, the placement code or the surfaces) and the debug tools the first
 * time the panel opens, then draws on each change. What drawing needs (the renderer, the
 * surface callbacks) is in view-chunk.ts, loaded with the UI. The SDK's own words in a language
 * other than English load alongside the UI, before the first render.
 */
import { GuidepostError } from '../errors';
import { lazyModule } from '../lazy';
import { loadUiStrings } from '../ui/locales';
import type { UiStrings } from '../ui/strings';
import type { Runtime, View } from './runtime';
import type { MountedView } from './view-chunk';
import { assignExperiments, attributes, evaluate } from './decisions';
import { explanations } from './explain';

export function createView(rt: Runtime): View {
  let mounted: MountedView | undefined;
  let mounting: Promise<void> | undefined;
  // This instance's word table: requested once, with the UI's first load and in parallel with it,
  // so the first paint is in the reader's language (never English first). One that fails is
  // reported once and the words stay English for the instance's life (no retry per page view).
  let strings: Promise<Record<string, UiStrings>> | undefined;
  const loadStrings = () =>
    (strings ??= loadUiStrings(rt.locale, (tag, error) =>
      rt.report(new GuidepostError('internal', `the UI words in "${tag}" could not be loaded (English is shown): ${error.message}`)),
    ));
  const uiModule = lazyModule(
    () => import('./view-chunk'),
    (error) => rt.report(new GuidepostError('internal', `the Guidepost UI could not be loaded: ${error.message}`)),
  );
  const debugModule = lazyModule(
    () => import('./debug-tools'),
    (error) => rt.report(new GuidepostError('internal', `the debug panel could not be loaded: ${error.message}`)),
  );

  const mount = () =>
    (mounting ??= Promise.all([uiModule.load(), loadStrings()]).then(([module, locales]) => {
      if (!module) {
        // Failed (and reported): the next page view may try again.
        mounting = undefined;
        return;
      }
      if (rt.destroyed || !rt.doc) return;
      mounted = module.mountView(
        rt,
        {
          evaluate: () => evaluate(rt),
          assignExperiments: () => assignExperiments(rt),
          attributes: () => attributes(rt),
          explanations: () => explanations(rt),
        },
        locales,
      );
      render();
    }));

  const render = () => {
    if (rt.destroyed || !rt.doc || !rt.manifest || !rt.progress) return;
    if (!mounted) {
      if (rt.showing.size || rt.tours?.runningIds().length || rt.debug.open) void mount();
      return;
    }
    if (rt.debug.open && !debugModule.value) void debugModule.load().then((module) => module && render());
    mounted.render(rt.debug.open ? debugModule.value : undefined);
  };

  return {
    render,
    // Once mounted, drawing may still wait for the surfaces' second chunk (view-chunk.ts).
    settled: () => mounting?.then(() => mounted?.settled()),
    allowRetry() {
      // The decision chunk too: with the two-file IIFE it comes from the UI file.
      rt.deciderModule?.allowRetry();
      rt.toursFailed = false;
      uiModule.allowRetry();
      debugModule.allowRetry();
      mounted?.allowRetry();
    },
    cannotDraw: (item) => (uiModule.failed ? 'UI' : mounted?.cannotDraw(item)),
    behindDialog: (tourId) => mounted?.behindDialog(tourId) ?? false,
    preloadWords: () => void loadStrings(),
    destroy: () => mounted?.destroy(),
  };
}
