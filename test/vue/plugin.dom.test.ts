/**
 * src/vue/plugin.ts in happy-dom: one instance per app, created when the app mounts (before the
 * root's setup runs), started once, destroyed when it unmounts (also before start() finished),
 * after the components' unmount hooks, which still reach it;
 * apps independent of each other; nothing created when nothing is mounted.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, h, inject, onBeforeUnmount, onUnmounted, type App } from 'vue';
import { memoryStorage, type Guidepost, type GuidepostOptions } from '../../src/index';
import { GUIDEPOST_KEY, GuidepostPlugin, useGuidepost, useTrack, vHelp, type GuidepostBinding } from '../../src/vue/index';
import { collectingOptions } from '../support/binding-host';

const instances = await vi.hoisted(async () => (await import('../support/binding-instances')).optionsLog());
vi.mock('../../src/guidepost', async (importOriginal) => (await import('../support/binding-instances')).mockedGuidepost(await importOriginal(), instances));
const created = () => instances.created.map((c) => c.gp);
const live = () => created().filter((gp) => !instances.destroyed.has(gp));

const manifest = { schemaVersion: 1, revision: 'vue-plugin', items: [{ id: 'news', type: 'banner', body: 'Hello' }] };
const { events, errors, options, clear } = collectingOptions(manifest);

const apps: App[] = [];
/** An app with the plugin, its binding as its root component sees it. */
function app(pluginOptions: GuidepostOptions = options()) {
  const seen: { binding?: GuidepostBinding; instanceInSetup?: Guidepost | null } = {};
  const a = createApp(
    defineComponent({
      setup() {
        seen.binding = inject(GUIDEPOST_KEY)!;
        seen.instanceInSetup = seen.binding.instance.value;
        return () => h('p', 'app');
      },
    }),
  ).use(GuidepostPlugin, pluginOptions);
  apps.push(a);
  return { app: a, seen };
}
function container() {
  const element = document.createElement('div');
  document.body.appendChild(element);
  return element;
}

afterEach(() => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  for (const a of apps.splice(0)) a.unmount();
  warn.mockRestore();
  // An instance a failing test leaves running is stopped here, so it cannot touch later tests.
  for (const gp of live()) gp.destroy();
  expect(errors).toEqual([]);
  document.body.innerHTML = '';
  clear();
  instances.clear();
});

describe('GuidepostPlugin', () => {
  it('provides a binding; the instance exists when setup runs, with the options given', () => {
    const opts = options();
    const { app: a, seen } = app(opts);
    expect(instances.created).toHaveLength(0);
    a.mount(container());
    expect(instances.created).toHaveLength(1);
    expect(instances.created[0].options).toBe(opts);
    expect(seen.instanceInSetup).toBe(created()[0]);
    expect(seen.binding!.instance.value).toBe(created()[0]);
    expect(instances.started.has(created()[0])).toBe(true);
  });

  it('mount() returns what Vue\'s mount returns (the root component instance)', () => {
    const { app: a } = app();
    const target = container();
    const root = a.mount(target);
    expect(root.$el).toBe(target.firstElementChild);
  });

  it('ready once start() resolved; after unmount: no instance, not ready, instance destroyed, nothing in the page', async () => {
    const { app: a, seen } = app();
    a.mount(container());
    expect(seen.binding!.ready.value).toBe(false);
    await vi.waitFor(() => expect(seen.binding!.ready.value).toBe(true));
    await vi.waitFor(() => expect(document.querySelector('[data-guidepost-host]')).not.toBeNull());
    a.unmount();
    expect(seen.binding!.instance.value).toBeNull();
    expect(seen.binding!.ready.value).toBe(false);
    expect(live()).toEqual([]);
    expect(document.querySelector('[data-guidepost-host]')).toBeNull();
  });

  it('components\' onBeforeUnmount/onUnmounted still have the instance: their track() is recorded; destroyed once unmount() returns', async () => {
    const seen: unknown[] = [];
    const Editor = defineComponent({
      setup() {
        const gp = useGuidepost();
        const track = useTrack();
        onBeforeUnmount(() => {
          seen.push(gp.value);
          track('editor_closing');
        });
        onUnmounted(() => {
          seen.push(gp.value);
          track('editor_closed');
        });
        return () => h('p', 'editor');
      },
    });
    const a = createApp(Editor).use(GuidepostPlugin, options());
    apps.push(a);
    a.mount(container());
    const gp = created()[0];
    await gp.start();
    a.unmount();
    expect(seen).toEqual([gp, gp]);
    expect(events.filter((e) => e.type === 'goal').map((e) => e.name)).toEqual(['editor_closing', 'editor_closed']);
    expect(live()).toEqual([]);
    expect(document.querySelector('[data-guidepost-host]')).toBeNull();
  });

  it('unmounted before start() finished: never marked ready', async () => {
    const { app: a, seen } = app();
    a.mount(container());
    const gp = created()[0];
    a.unmount();
    await gp.start();
    expect(seen.binding!.ready.value).toBe(false);
    expect(live()).toEqual([]);
  });

  it('two apps hold their own instances; unmounting one leaves the other running', async () => {
    const one = app();
    const two = app();
    one.app.mount(container());
    two.app.mount(container());
    expect(instances.created).toHaveLength(2);
    expect(one.seen.binding!.instance.value).not.toBe(two.seen.binding!.instance.value);
    one.app.unmount();
    expect(live()).toEqual([two.seen.binding!.instance.value]);
    await vi.waitFor(() => expect(two.seen.binding!.ready.value).toBe(true));
  });

  it('doc(): the document from the options, else the page\'s', () => {
    const other = document.implementation.createHTMLDocument('other');
    const withDoc = app(options({ document: other }));
    withDoc.app.mount(container());
    expect(withDoc.seen.binding!.doc()).toBe(other);
    const plain = app();
    plain.app.mount(container());
    expect(plain.seen.binding!.doc()).toBe(document);
  });

  it('registers v-help', () => {
    const { app: a } = app();
    expect(a._context.directives.help).toBe(vHelp);
  });

  it('100 mount/unmount cycles leave no instance and no host behind', { timeout: 120_000 }, async () => {
    const storage = memoryStorage();
    for (let i = 0; i < 100; i++) {
      const { app: a } = app(options({ storage }));
      a.mount(container());
      a.unmount();
      apps.length = 0;
    }
    expect(instances.created).toHaveLength(100);
    expect(live()).toEqual([]);
    expect(document.querySelector('[data-guidepost-host]')).toBeNull();
  });
});

describe('GuidepostPlugin leaves no instance running when Vue mounts nothing', () => {
  it('app.mount() on a selector that matches nothing leaves no running instance', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { app: a } = app();
      a.mount('#no-such-element');
      expect(warn.mock.calls.join(' ')).toContain('Failed to mount app');
      // Vue mounted nothing and will not unmount (it says "Cannot unmount an app that is not mounted").
      a.unmount();
      expect(live()).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it('mount() again after unmount (Vue refuses: "already been mounted") leaves no running instance', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { app: a } = app();
      const target = container();
      a.mount(target);
      a.unmount();
      a.mount(target);
      expect(warn.mock.calls.join(' ')).toContain('already been mounted');
      expect(live()).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });
});
