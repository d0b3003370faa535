/**
 * src/vue/plugin.ts and composables.ts in happy-dom, around the life of an instance: the options'
 * callbacks are the host's own functions (given once, to app.use: nothing to go stale), each
 * instance is destroyed exactly once, and a listener a composable subscribed is never called
 * after its component unmounted.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick, ref, type App } from 'vue';
import type { Guidepost, GuidepostEvent, GuidepostOptions } from '../../src/index';
import { useExplain, useGuidepost } from '../../src/vue/index';
import { collectingOptions } from '../support/binding-host';
import { mountApp } from '../support/vue-app';

/** As in test/react/provider-lifecycle.dom.test.tsx: destroy() calls, and listeners called after their disposer ran. */
const instances = await vi.hoisted(async () => (await import('../support/binding-instances')).disposerLog());
vi.mock('../../src/guidepost', async (importOriginal) => (await import('../support/binding-instances')).mockedGuidepost(await importOriginal(), instances));
const created = () => instances.created;

const manifest = { schemaVersion: 1, revision: 'vue-lifecycle', items: [{ id: 'news', type: 'banner', body: 'Hello' }] };
const { events, errors, options, clear } = collectingOptions(manifest);
const goal = (name: string) => events.some((e) => e.type === 'goal' && e.name === name);

let app: App | undefined;
function mount(root: () => unknown, given: GuidepostOptions = options()) {
  app = mountApp(defineComponent({ setup: () => root }), given).app;
  return app;
}
afterEach(() => {
  app?.unmount();
  app = undefined;
  expect(errors).toEqual([]);
  document.body.innerHTML = '';
  clear();
  instances.clear();
});

describe('GuidepostPlugin: callbacks and destroy', () => {
  it('callbacks: the instance calls the host\'s own function, which reads the app\'s current state (nothing to go stale)', async () => {
    const page = ref('home');
    const heard: string[] = [];
    // Vue options are given once, to app.use(), and app state is reactive: a callback reads
    // the current value when it is called, rather than closing over a render's copy of it.
    const onEvent = (e: GuidepostEvent) => {
      if (e.type === 'goal') heard.push(`${e.name}@${page.value}`);
    };
    mount(() => null, options({ onEvent }));
    const [gp] = created();
    await gp.start();
    gp.track('first');
    await vi.waitFor(() => expect(heard).toEqual(['first@home']));
    page.value = 'settings';
    await nextTick();
    gp.track('second');
    await vi.waitFor(() => expect(heard).toEqual(['first@home', 'second@settings']));
  });

  it('unmount destroys the instance exactly once, also when unmount() is called again', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const a = mount(() => null);
      const [gp] = created();
      await gp.start();
      a.unmount();
      a.unmount(); // Vue: "Cannot unmount an app that is not mounted"
      app = undefined;
      expect([...instances.destroys.values()]).toEqual([1]);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('composables unsubscribe when their component unmounts', () => {
  // In Vue every component set up with the app subscribes before start() has booted the
  // instance: the disposer gp.on() returned then must end the subscription boot makes from it.
  it('useExplain subscribed before start() finished (the instance exists before setup runs), unmounted after: its listener is not called again', async () => {
    const show = ref(true);
    const Child = defineComponent({
      setup() {
        useExplain('news');
        return () => null;
      },
    });
    let gp!: Guidepost | null;
    mount(() => {
      gp = useGuidepost().value;
      return show.value ? h(Child) : null;
    });
    expect(instances.ons).toBe(1);
    await gp!.start();
    show.value = false;
    await nextTick();
    expect(instances.offs).toBe(1);
    gp!.track('after_unmount');
    await vi.waitFor(() => expect(goal('after_unmount')).toBe(true));
    expect(instances.callsAfterOff).toBe(0);
  });

  it('useExplain subscribed after start() finished, unmounted: its listener is not called again', async () => {
    const show = ref(false);
    const Child = defineComponent({
      setup() {
        useExplain('news');
        return () => null;
      },
    });
    mount(() => (show.value ? h(Child) : null));
    const [gp] = created();
    await gp.start();
    show.value = true;
    await nextTick();
    show.value = false;
    await nextTick();
    expect(instances.offs).toBe(1);
    gp.track('after_unmount');
    await vi.waitFor(() => expect(goal('after_unmount')).toBe(true));
    expect(instances.callsAfterOff).toBe(0);
  });
});
