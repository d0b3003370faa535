/**
 * src/vue/composables.ts in happy-dom: useExplain subscribes once per component (or effect
 * scope) and unsubscribes when it stops, follows a ref or getter id, and says nothing once the
 * app is gone; useTrack and useTour reach the app's instance; without the plugin every
 * composable is harmless.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, effectScope, h, nextTick, ref, withDirectives, type App, type ComputedRef } from 'vue';
import type { Explanation, Guidepost } from '../../src/index';
import { GuidepostPlugin, useExplain, useGuidepost, useTour, useTrack, vHelp, type TourControls } from '../../src/vue/index';
import { collectingOptions } from '../support/binding-host';
import { mountApp } from '../support/vue-app';

const instances = await vi.hoisted(async () => (await import('../support/binding-instances')).subscriptionLog());
vi.mock('../../src/guidepost', async (importOriginal) => (await import('../support/binding-instances')).mockedGuidepost(await importOriginal(), instances));
const subscriptions = instances.subscriptions;
const gpAt = (i: number) => instances.list[i].gp;

const manifest = {
  schemaVersion: 1,
  revision: 'vue-composables',
  items: [
    { id: 'tip', type: 'tooltip', target: { anchor: 'save' }, body: 'Saves.' },
    { id: 'intro', type: 'tour', trigger: 'manual', steps: [{ target: { anchor: 'save' }, body: 'One' }, { target: { anchor: 'save' }, body: 'Two' }] },
  ],
};
const { events, errors, options, clear } = collectingOptions(manifest);
const SaveButton = () => withDirectives(h('button', { type: 'button' }, 'Save'), [[vHelp, 'save']]);

let app: App | undefined;
function mount(setup: () => () => unknown) {
  app = mountApp(defineComponent({ setup }), options()).app;
}
afterEach(() => {
  app?.unmount();
  app = undefined;
  expect(errors).toEqual([]);
  document.body.innerHTML = '';
  clear();
  instances.clear();
});

describe('useExplain', () => {
  it('undefined until started, then explain(id); follows a ref id and a getter id', async () => {
    const id = ref('tip');
    let byRef!: ComputedRef<Explanation | undefined>;
    let byGetter!: ComputedRef<Explanation | undefined>;
    let unknown!: ComputedRef<Explanation | undefined>;
    mount(() => {
      byRef = useExplain(id);
      byGetter = useExplain(() => (id.value === 'tip' ? 'intro' : 'tip'));
      unknown = useExplain('no-such-item');
      return () => SaveButton();
    });
    expect(byRef.value).toBeUndefined();
    await vi.waitFor(() => expect(byRef.value).toMatchObject({ itemId: 'tip', shown: true }));
    expect(byGetter.value).toMatchObject({ itemId: 'intro', shown: false });
    expect(unknown.value).toBeUndefined();
    id.value = 'intro';
    expect(byRef.value?.itemId).toBe('intro');
    expect(byGetter.value?.itemId).toBe('tip');
  });

  it('recomputes on events of the instance', async () => {
    let tour!: ComputedRef<Explanation | undefined>;
    mount(() => {
      tour = useExplain('intro');
      return () => SaveButton();
    });
    await vi.waitFor(() => expect(tour.value).toMatchObject({ shown: false }));
    gpAt(0).startTour('intro');
    await vi.waitFor(() => expect(tour.value).toMatchObject({ shown: true }));
  });

  it('subscribes once per component and unsubscribes when the component unmounts', async () => {
    const show = ref(true);
    const Child = defineComponent({
      setup() {
        const tip = useExplain('tip');
        return () => h('output', String(tip.value?.shown));
      },
    });
    mount(() => () => [SaveButton(), show.value ? [h(Child), h(Child), h(Child)] : null]);
    expect(subscriptions()).toBe(6);
    show.value = false;
    await nextTick();
    expect(subscriptions()).toBe(0);
    for (let i = 0; i < 50; i++) {
      show.value = true;
      await nextTick();
      show.value = false;
      await nextTick();
    }
    expect(subscriptions()).toBe(0);
  });

  it('in an effect scope (outside a component): unsubscribes when the scope stops', async () => {
    let gp!: Guidepost | null;
    mount(() => {
      gp = useGuidepost().value;
      return () => null;
    });
    const before = subscriptions();
    // Composables read the app's binding through inject(): run inside the app's context.
    const scope = effectScope();
    const explained = app!.runWithContext(() => scope.run(() => useExplain('tip'))!);
    expect(gp).not.toBeNull();
    expect(subscriptions()).toBe(before + 2);
    await vi.waitFor(() => expect(explained.value?.itemId).toBe('tip'));
    scope.stop();
    expect(subscriptions()).toBe(before);
  });

  it('after the app unmounted: the subscriptions are gone and nothing is explained', async () => {
    let tip!: ComputedRef<Explanation | undefined>;
    mount(() => {
      tip = useExplain('tip');
      return () => SaveButton();
    });
    await vi.waitFor(() => expect(tip.value?.shown).toBe(true));
    app!.unmount();
    app = undefined;
    expect(subscriptions()).toBe(0);
    expect(tip.value).toBeUndefined();
  });

  it('an id undefined or empty at run time (a route param not there yet): undefined and state unknown, nothing thrown, once started too', async () => {
    const thrown: unknown[] = [];
    const tours: TourControls[] = [];
    const explained: ComputedRef<Explanation | undefined>[] = [];
    const container = document.body.appendChild(document.createElement('div'));
    app = createApp(
      defineComponent({
        setup() {
          // 'intro' shows when the instance is ready; the others must stay unknown then.
          for (const id of ['intro', () => undefined as unknown as string, ref(''), undefined as unknown as string]) {
            tours.push(useTour(id));
            explained.push(useExplain(id));
          }
          return () => h('p', tours.map((t) => t.state.value).join());
        },
      }),
    ).use(GuidepostPlugin, options());
    app.config.errorHandler = (error) => void thrown.push(error);
    app.mount(container);
    await vi.waitFor(() => expect(container.textContent).toMatch(/^waiting,/));
    expect(thrown).toEqual([]);
    expect(container.textContent).toBe('waiting,unknown,unknown,unknown');
    expect(explained.slice(1).map((e) => e.value)).toEqual([undefined, undefined, undefined]);
  });
});

describe('useTrack, useTour, useGuidepost', () => {
  it('useTrack sends goals with their properties; after unmount it does nothing', async () => {
    let track!: (name: string, properties?: Record<string, unknown>) => void;
    mount(() => {
      track = useTrack();
      return () => null;
    });
    await gpAt(0).start();
    track('exported', { format: 'csv' });
    expect(events.filter((e) => e.type === 'goal').map((e) => [e.name, e.properties])).toEqual([['exported', { format: 'csv' }]]);
    app!.unmount();
    app = undefined;
    expect(() => track('late')).not.toThrow();
    expect(events.filter((e) => e.type === 'goal')).toHaveLength(1);
  });

  it('useTour: start and close reach the instance; its state follows; a ref id is read when called', async () => {
    const id = ref('intro');
    let tour!: TourControls;
    mount(() => {
      tour = useTour(id);
      return () => SaveButton();
    });
    await vi.waitFor(() => expect(tour.state.value).toBe('waiting'));
    tour.start();
    await vi.waitFor(() => expect(tour.state.value).toBe('showing'));
    expect(tour.explanation.value).toMatchObject({ itemId: 'intro', shown: true });
    tour.close();
    await vi.waitFor(() => expect(tour.state.value).toBe('done'));
    expect(events.filter((e) => e.type === 'dismissed').map((e) => [e.item_id, e.origin])).toEqual([['intro', 'api']]);
    id.value = 'tip';
    expect(tour.explanation.value?.itemId).toBe('tip');
  });

  it('without the plugin: null instance, unknown state, no subscriptions, no errors', () => {
    let result: { gp: unknown; state: string; explained: unknown } | undefined;
    const plain = createApp(
      defineComponent({
        setup() {
          const tour = useTour('intro');
          const explained = useExplain('intro');
          useTrack()('nothing');
          tour.start();
          tour.close();
          result = { gp: useGuidepost().value, state: tour.state.value, explained: explained.value };
          return () => null;
        },
      }),
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    plain.mount(document.createElement('div'));
    plain.unmount();
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expect(result).toEqual({ gp: null, state: 'unknown', explained: undefined });
    expect(instances.list).toHaveLength(0);
  });
});
