/**
 * guidepost/vue in happy-dom: one instance per app, created on mount and destroyed on unmount
 * (100 times, nothing left), composables that work, and v-help that adds an attribute, not an
 * element.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, h, nextTick, onMounted, ref, withDirectives, type App, type Component } from 'vue';
import { memoryStorage, type GuidepostOptions } from '../../src/index';
import { GuidepostPlugin, useExplain, useGuidepost, useTour, useTrack, vHelp } from '../../src/vue/index';
import { collectingOptions, hosts, part, saveHelpAndTour, until } from '../support/binding-host';
import { mountApp } from '../support/vue-app';

const instances = await vi.hoisted(async () => (await import('../support/binding-instances')).destroyLog());
vi.mock('../../src/guidepost', async (importOriginal) => (await import('../support/binding-instances')).mockedGuidepost(await importOriginal(), instances));
const live = () => instances.live().length;

const { events, errors, options, clear } = collectingOptions(saveHelpAndTour('vue-1'));

const SaveButton = () => withDirectives(h('button', { type: 'button' }, 'Save'), [[vHelp, 'save']]);

let app: App | undefined;
let container: HTMLElement;
function mount(component: Component, pluginOptions: GuidepostOptions = options()) {
  ({ app, container } = mountApp(component, pluginOptions));
}
function unmount() {
  app?.unmount();
  app = undefined;
  container?.remove();
}

afterEach(() => {
  unmount();
  expect(errors).toEqual([]);
  document.body.innerHTML = '';
  clear();
  instances.clear();
});

describe('GuidepostPlugin', () => {
  it('creates one instance when the app mounts, before setup runs, and destroys it on unmount', async () => {
    let seenInSetup: unknown;
    mount(
      defineComponent({
        setup() {
          seenInSetup = useGuidepost().value;
          return () => SaveButton();
        },
      }),
    );
    expect(instances.created).toHaveLength(1);
    expect(seenInSetup).toBe(instances.created[0]);
    await until(() => expect(part('[data-part=help-link][data-item=save-help]')).not.toBeNull());
    expect(events.filter((e) => e.type === 'exposure').map((e) => e.item_id)).toEqual(['save-help']);
    unmount();
    expect(live()).toBe(0);
    expect(hosts()).toBe(0);
  });

  it('a second mount() of the same app creates no second instance', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    mount({ render: () => null });
    app!.mount(document.createElement('div'));
    expect(instances.created).toHaveLength(1);
    expect(warn.mock.calls.join(' ')).toContain('already been mounted');
    warn.mockRestore();
  });

  it('app.use() alone creates nothing: the instance waits for mount', () => {
    createApp({ render: () => null }).use(GuidepostPlugin, options());
    expect(instances.created).toHaveLength(0);
  });

  it('100 mount/unmount cycles leave no host element and no instance behind', { timeout: 120_000 }, async () => {
    const storage = memoryStorage();
    for (let i = 0; i < 100; i++) {
      mount({ render: SaveButton }, { ...options(), storage });
      await until(() => expect(part('[data-part=help-link][data-item=save-help]')).not.toBeNull());
      unmount();
    }
    expect(instances.created).toHaveLength(100);
    expect(live()).toBe(0);
    expect(hosts()).toBe(0);
    expect(document.body.innerHTML).toBe('');
    expect(events.filter((e) => e.type === 'exposure')).toHaveLength(1);
  });
});

describe('composables', () => {
  it('useTrack sends goals, from setup (before start() finished) and later', async () => {
    mount(
      defineComponent({
        setup() {
          const track = useTrack();
          onMounted(() => track('page_opened', { from: 'mounted' }));
          return () => h('button', { type: 'button', id: 'later', onClick: () => track('clicked') }, 'Later');
        },
      }),
    );
    await until(() => expect(events.filter((e) => e.type === 'goal').map((e) => e.name)).toEqual(['page_opened']));
    expect(events[events.findIndex((e) => e.name === 'page_opened')].properties).toEqual({ from: 'mounted' });
    document.querySelector<HTMLButtonElement>('#later')!.click();
    expect(events.filter((e) => e.type === 'goal').map((e) => e.name)).toEqual(['page_opened', 'clicked']);
  });

  it('useExplain follows a route change that emits no event', async () => {
    history.replaceState({}, '', '/settings');
    const routeManifest = { schemaVersion: 1, revision: 'vue-routes', items: [{ id: 'settings-tip', type: 'tooltip', target: { anchor: 'save' }, when: { 'page.path': '/settings' }, body: 'Saved here.' }] };
    mount(
      defineComponent({
        setup() {
          const tip = useExplain('settings-tip');
          return () => [SaveButton(), h('output', { id: 'tip' }, tip.value?.shown ? 'shown' : tip.value?.reason.code ?? 'unknown')];
        },
      }),
      { ...options(), manifest: routeManifest },
    );
    const text = () => document.getElementById('tip')!.textContent;
    await until(() => expect(text()).toBe('shown'));
    const before = events.length;
    history.pushState({}, '', '/');
    await until(() => expect(text()).not.toBe('shown'));
    expect(text()).not.toBe('unknown');
    // No event told it: the change came from onChange.
    expect(events.slice(before)).toEqual([]);
    history.replaceState({}, '', '/');
  });

  it('useTour starts and closes a tour; its state follows explain(); useExplain updates on events', async () => {
    mount(
      defineComponent({
        setup() {
          const tour = useTour('intro');
          const help = useExplain(() => 'save-help');
          return () => [
            SaveButton(),
            h('output', { id: 'state' }, tour.state.value),
            h('output', { id: 'help' }, help.value?.shown ? 'shown' : help.value?.reason.code ?? 'unknown'),
            h('button', { type: 'button', id: 'start', onClick: tour.start }, 'Start'),
            h('button', { type: 'button', id: 'close', onClick: tour.close }, 'Close'),
          ];
        },
      }),
    );
    const text = (id: string) => document.getElementById(id)!.textContent;
    expect(text('state')).toBe('unknown');
    await until(() => expect(text('state')).toBe('waiting'));
    await until(() => expect(text('help')).toBe('shown'));
    document.querySelector<HTMLButtonElement>('#start')!.click();
    await until(() => expect(text('state')).toBe('showing'));
    document.querySelector<HTMLButtonElement>('#close')!.click();
    await until(() => expect(text('state')).toBe('done'));
    expect(part('[data-part=tour-step]')).toBeNull();
    expect(events.find((e) => e.type === 'dismissed')).toMatchObject({ item_id: 'intro', origin: 'api' });
  });

  it('a tour can be completed with its own buttons and useTour reports done', async () => {
    mount(
      defineComponent({
        setup() {
          const tour = useTour('intro');
          onMounted(tour.start);
          return () => [SaveButton(), h('output', { id: 'state' }, tour.state.value)];
        },
      }),
    );
    await until(() => expect(part('[data-part=tour-step][data-item=intro] [data-action=next]')).not.toBeNull());
    part('[data-action=next]')!.click();
    await until(() => expect(part('[data-part=tour-step] [data-action=done]')).not.toBeNull());
    part('[data-action=done]')!.click();
    await until(() => expect(document.getElementById('state')!.textContent).toBe('done'));
  });

  it('without the plugin: no instance, and calls do nothing', () => {
    let gp: unknown = 'unset';
    const off = createApp(
      defineComponent({
        setup() {
          gp = useGuidepost().value;
          useTrack()('nothing');
          useTour('intro').start();
          return () => null;
        },
      }),
    );
    off.mount(document.createElement('div'));
    expect(gp).toBeNull();
    off.unmount();
  });
});

describe('v-help', () => {
  it('sets data-help on the element without adding one, and follows its value', async () => {
    const name = ref<string | null>('export');
    mount({ render: () => withDirectives(h('a', { href: '/export', class: 'link' }, 'Export'), [[vHelp, name.value]]) });
    /** The container's only node, and its attributes. */
    const only = () => {
      expect(container.childNodes).toHaveLength(1);
      const a = container.firstElementChild!;
      return { tag: a.tagName, text: a.textContent, attributes: Object.fromEntries([...a.attributes].map((at) => [at.name, at.value])) };
    };
    expect(only()).toEqual({ tag: 'A', text: 'Export', attributes: { href: '/export', class: 'link', 'data-help': 'export' } });
    name.value = 'download';
    await nextTick();
    expect(only()).toEqual({ tag: 'A', text: 'Export', attributes: { href: '/export', class: 'link', 'data-help': 'download' } });
    name.value = null;
    await nextTick();
    expect(only()).toEqual({ tag: 'A', text: 'Export', attributes: { href: '/export', class: 'link' } });
  });

  it('is registered by the plugin as v-help', () => {
    mount({ render: () => null });
    expect(app!._context.directives.help).toBe(vHelp);
  });
});
