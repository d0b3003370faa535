/**
 * `GuidepostPlugin`: one Guidepost instance per Vue app, created when the app mounts in a
 * browser and destroyed when it unmounts, shared with the composables through provide/inject.
 */
import { shallowRef, type App, type InjectionKey, type Plugin, type ShallowRef } from 'vue';
import { createGuidepost, type Guidepost, type GuidepostOptions } from 'guidepost';
import { documentOf } from '../react/shared';
import { vHelp } from './help';

/** What the composables inject. */
export interface GuidepostBinding {
  /** The app's instance: null on the server (an SSR app is rendered, never mounted) and after unmount. */
  instance: ShallowRef<Guidepost | null>;
  /** True once `start()` has resolved: explain() knows every item from then on. */
  ready: ShallowRef<boolean>;
  /** The document the instance renders into (undefined on the server). */
  doc(): Document | undefined;
}

/** What the plugin provides; the composables inject it (inject it directly only to build your own). */
export const GUIDEPOST_KEY: InjectionKey<GuidepostBinding> = Symbol('guidepost');

/**
 * `app.use(GuidepostPlugin, options)`. Also registers the `v-help` directive.
 *
 * Vue has no app-level "mounted" hook, so the plugin wraps `app.mount` (as vue-router wraps
 * `app.unmount`): the instance exists before the root component's setup runs — composables
 * see it at once — and is started once the app is in the page. It wraps `app.unmount` too: the
 * components' unmount hooks still have the instance, destroyed right after them. Server
 * rendering (`renderToString(app)`) never mounts, so it never creates an instance.
 */
export const GuidepostPlugin: Plugin<[GuidepostOptions]> = {
  install(app: App, options: GuidepostOptions) {
    const binding: GuidepostBinding = { instance: shallowRef(null), ready: shallowRef(false), doc: () => documentOf(options) };
    app.provide(GUIDEPOST_KEY, binding);
    app.directive('help', vHelp);
    const mount = app.mount;
    app.mount = ((...args: Parameters<typeof mount>) => {
      // Mounted already: Vue warns and does nothing; so does the plugin (no second instance).
      if (binding.instance.value) return mount(...args);
      const gp = (binding.instance.value = createGuidepost(options));
      binding.ready.value = false;
      let root: ReturnType<typeof mount> | undefined;
      try {
        root = mount(...args);
      } finally {
        // Vue mounted nothing (no such element, mounted once already: it warns and returns
        // undefined) or threw: it will not unmount either, so the instance goes now.
        if (!root) {
          gp.destroy();
          binding.instance.value = null;
        }
      }
      if (!root) return root;
      void gp.start().then(() => {
        if (binding.instance.value === gp) binding.ready.value = true;
      });
      return root;
    }) as typeof mount;
    // Not app.onUnmount: Vue runs those cleanups before it unmounts the components, so a
    // component's onBeforeUnmount/onUnmounted (a last track()) would find no instance. Wrapping
    // unmount releases it once the components are gone, still within the call (nothing is left
    // running after unmount() returns), also when an unmount hook threw.
    const unmount = app.unmount;
    app.unmount = (() => {
      try {
        unmount();
      } finally {
        binding.instance.value?.destroy();
        binding.instance.value = null;
        binding.ready.value = false;
      }
    }) as typeof unmount;
  },
};
