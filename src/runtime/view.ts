/**
 * The view: loads the UI the first time something is to be drawn (a page with nothing to
 * show never downloads Preact, floating-ui or the surfaces) and the debug tools the first
 * time the panel opens, then draws on each change. What drawing needs (the renderer, the
 * surface callbacks) is in view-chunk.ts, loaded with the UI.
 */
import { GuidepostError } from '../errors';
import { lazyModule } from '../lazy';
import type { Runtime, View } from './runtime';
import type { MountedView } from './view-chunk';
import { assignExperiments, attributes, evaluate } from './decisions';
import { explanations } from './explain';

export function createView(rt: Runtime): View {
  let mounted: MountedView | undefined;
  let mounting: Promise<void> | undefined;
  const uiModule = lazyModule(
    () => import('./view-chunk'),
    (error) => rt.report(new GuidepostError('internal', `the Guidepost UI could not be loaded: ${error.message}`)),
  );
  const debugModule = lazyModule(
    () => import('../ui/debug-view'),
    (error) => rt.report(new GuidepostError('internal', `the debug panel could not be loaded: ${error.message}`)),
  );

  const mount = () =>
    (mounting ??= uiModule.load().then((module) => {
      if (!module) {
        // Failed (and reported): the next page view may try again.
        mounting = undefined;
        return;
      }
      if (rt.destroyed || !rt.doc) return;
      mounted = module.mountView(rt, {
        evaluate: () => evaluate(rt),
        assignExperiments: () => assignExperiments(rt),
        attributes: () => attributes(rt),
        explanations: () => explanations(rt),
      });
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
    settled: () => mounting,
    allowRetry() {
      uiModule.allowRetry();
      debugModule.allowRetry();
    },
    destroy: () => mounted?.destroy(),
  };
}
