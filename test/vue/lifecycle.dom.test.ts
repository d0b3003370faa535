/**
 * src/vue/plugin.ts and composables.ts in happy-dom, around the life of an instance: the options'
 * callbacks are the host's own functions (given once, to app.use: nothing to go stale), each
 * instance is destroyed exactly once, and a listener a composable subscribed is never called
 * after its component unmounted.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, h, nextTick, ref, type App } from 'vue';
import { memoryStorage, type Guidepost, type GuidepostEvent, type GuidepostOptions } from '../../src/index';
import { GuidepostPlugin, useExplain, useGuidepost } from '../../src/vue/index';

/** As in test/react/provider-lifecycle.dom.test.tsx: destroy() calls, and listeners called after their disposer ran. */
const instances = vi.hoisted(() => ({ created: [] as unknown[], destroys: new Map<unknown, number>(), callsAfterOff: 0, ons: 0, offs: 0 }));
vi.mock('../../src/guidepost', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/guidepost')>();
  return {
    ...actual,
    createGuidepost: (options: GuidepostOptions) => {
      const gp = actual.createGuidepost(options);
      const { destroy, on } = gp;
      instances.destroys.set(gp, 0);
      gp.destroy = () => {
        instances.destroys.set(gp, instances.destroys.get(gp)! + 1);
        destroy();
      };
      gp.on = (type, listener) => {
        instances.ons++;
        let off = false;
        const unsubscribe = on(type, (event) => {
          if (off) instances.callsAfterOff++;
          listener(event);
        });
        return () => {
          if (!off) instances.offs++;
          off = true;
          unsubscribe();
        };
      };
      instances.created.push(gp);
      return gp;
    },
  };
});
const created = () => instances.created as Guidepost[];

const manifest = { schemaVersion: 1, revision: 'vue-lifecycle', items: [{ id: 'news', type: 'banner', body: 'Hello' }] };
let events: GuidepostEvent[] = [];
let errors: string[] = [];
const options = (extra: Partial<GuidepostOptions> = {}): GuidepostOptions => ({ manifest, locale: 'en', storage: memoryStorage(), onEvent: (e) => events.push(e), onError: (e) => errors.push(e.message), ...extra });
const goal = (name: string) => events.some((e) => e.type === 'goal' && e.name === name);

let app: App | undefined;
function mount(root: () => unknown, given: GuidepostOptions = options()) {
  const container = document.body.appendChild(document.createElement('div'));
  app = createApp(defineComponent({ setup: () => root })).use(GuidepostPlugin, given);
  app.mount(container);
  return app;
}
afterEach(() => {
  app?.unmount();
  app = undefined;
  expect(errors).toEqual([]);
  document.body.innerHTML = '';
  events = [];
  errors = [];
  instances.created.length = 0;
  instances.destroys.clear();
  instances.callsAfterOff = 0;
  instances.ons = 0;
  instances.offs = 0;
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
