/** @jsxImportSource react */
/**
 * src/react/hooks.ts in happy-dom: useExplain subscribes once per component (StrictMode
 * included) and unsubscribes when it unmounts or the instance changes; it follows its id; the
 * functions the hooks return keep their identity across renders; every hook is harmless outside
 * a provider.
 */
import { StrictMode, useEffect } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Explanation, Guidepost } from '../../src/index';
import { GuidepostProvider, useExplain, useGuidepost, useTour, useTrack, type TourControls } from '../../src/react/index';
import { collectingOptions } from '../support/binding-host';
import { mount, outsideAct, rerender, unmount } from '../support/react-root';

/** Every instance, and how many of its on() / onChange() subscriptions are live. */
const instances = await vi.hoisted(async () => (await import('../support/binding-instances')).subscriptionLog());
vi.mock('../../src/guidepost', async (importOriginal) => (await import('../support/binding-instances')).mockedGuidepost(await importOriginal(), instances));
const subscriptions = instances.subscriptions;
const gpAt = (i: number) => instances.list[i].gp;

const manifest = {
  schemaVersion: 1,
  revision: 'hooks-1',
  items: [
    { id: 'tip', type: 'tooltip', target: '#save', body: 'Saves.' },
    { id: 'intro', type: 'tour', trigger: 'manual', steps: [{ target: '#save', body: 'One' }, { target: '#save', body: 'Two' }] },
  ],
};
const { events, errors, options, clear } = collectingOptions(manifest);

outsideAct();
beforeAll(() => {
  document.body.innerHTML = '';
});
afterEach(async () => {
  await unmount();
  expect(errors).toEqual([]);
  document.body.innerHTML = '';
  clear();
  instances.clear();
});

function Explain({ id, seen }: { id: string; seen: (Explanation | undefined)[] }) {
  seen.push(useExplain(id));
  return <button id="save">Save</button>;
}

describe('useExplain', () => {
  it('undefined until the instance has started, then explain(id); undefined for an unknown id', async () => {
    const seen: (Explanation | undefined)[] = [];
    const unknown: (Explanation | undefined)[] = [];
    mount(
      <GuidepostProvider options={options()}>
        <Explain id="tip" seen={seen} />
        <Explain id="no-such-item" seen={unknown} />
      </GuidepostProvider>,
    );
    expect(seen[0]).toBeUndefined();
    await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ itemId: 'tip', shown: true }));
    expect(unknown.every((e) => e === undefined)).toBe(true);
  });

  it('follows its id', async () => {
    const seen: (Explanation | undefined)[] = [];
    const ui = (id: string) => (
      <GuidepostProvider options={options()}>
        <Explain id={id} seen={seen} />
      </GuidepostProvider>
    );
    mount(ui('tip'));
    await vi.waitFor(() => expect(seen.at(-1)?.itemId).toBe('tip'));
    rerender(ui('intro'));
    expect(seen.at(-1)).toMatchObject({ itemId: 'intro', shown: false });
  });

  it('re-renders on events of the instance (a tour started from elsewhere)', async () => {
    const seen: (Explanation | undefined)[] = [];
    mount(
      <GuidepostProvider options={options()}>
        <Explain id="intro" seen={seen} />
      </GuidepostProvider>,
    );
    await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ shown: false }));
    gpAt(0).startTour('intro');
    await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ itemId: 'intro', shown: true }));
  });

  it('subscribes once per component (two subscriptions: events and changes), StrictMode included; unsubscribes on unmount', async () => {
    const seen: (Explanation | undefined)[] = [];
    const ui = (count: number) => (
      <StrictMode>
        <GuidepostProvider options={options()}>
          {Array.from({ length: count }, (_, i) => (
            <Explain key={i} id="tip" seen={seen} />
          ))}
        </GuidepostProvider>
      </StrictMode>
    );
    mount(ui(3));
    await vi.waitFor(() => expect(seen.at(-1)?.shown).toBe(true));
    // The render that computed "shown" may commit before React runs its passive effects (the
    // subscriptions) when start() resolved within the same batch as the instance arrived.
    await vi.waitFor(() => expect(subscriptions()).toBe(6));
    rerender(ui(1));
    expect(subscriptions()).toBe(2);
    await unmount();
    expect(subscriptions()).toBe(0);
  });

  it('100 components mounted and unmounted under one provider leave no subscription', async () => {
    const seen: (Explanation | undefined)[] = [];
    const ui = (show: boolean) => <GuidepostProvider options={options()}>{show && <Explain id="tip" seen={seen} />}</GuidepostProvider>;
    mount(ui(true));
    await vi.waitFor(() => expect(seen.at(-1)?.shown).toBe(true));
    for (let i = 0; i < 100; i++) {
      rerender(ui(false));
      expect(subscriptions()).toBe(0);
      rerender(ui(true));
      expect(subscriptions()).toBe(2);
    }
    rerender(ui(false));
    expect(subscriptions()).toBe(0);
  });

  it('an id undefined or empty at run time (a route param not there yet): undefined and state unknown, nothing thrown, once started too', async () => {
    const seen = new Map<string, [Explanation | undefined, string]>();
    function Child({ id, name }: { id: string; name: string }) {
      const explained = useExplain(id);
      seen.set(name, [explained, useTour(id).state]);
      return null;
    }
    mount(
      <GuidepostProvider options={options()}>
        <Child id="intro" name="control" />
        <Child id={undefined as unknown as string} name="undefined" />
        <Child id="" name="empty" />
      </GuidepostProvider>,
    );
    // The control says the instance is ready: the others rendered with it too.
    await vi.waitFor(() => expect(seen.get('control')?.[1]).toBe('waiting'));
    expect(seen.get('undefined')).toEqual([undefined, 'unknown']);
    expect(seen.get('empty')).toEqual([undefined, 'unknown']);
  });
});

describe('useTrack, useTour, useGuidepost', () => {
  it('the functions keep their identity across renders; useTour\'s change with its id', async () => {
    const tracks = new Set<unknown>();
    const tours: TourControls[] = [];
    function Child({ id }: { id: string }) {
      tracks.add(useTrack());
      tours.push(useTour(id));
      return null;
    }
    const ui = (id: string) => (
      <GuidepostProvider options={options()}>
        <Child id={id} />
      </GuidepostProvider>
    );
    mount(ui('intro'));
    await vi.waitFor(() => expect(tours.at(-1)?.state).toBe('waiting'));
    rerender(ui('intro'));
    expect(tracks.size).toBe(1);
    expect(new Set(tours.map((t) => t.start)).size).toBe(1);
    expect(new Set(tours.map((t) => t.close)).size).toBe(1);
    rerender(ui('other'));
    expect(tours.at(-1)!.start).not.toBe(tours[0].start);
    expect(tracks.size).toBe(1);
  });

  it('useTour: start and close go to the instance; state follows', async () => {
    const tours: TourControls[] = [];
    function Child() {
      tours.push(useTour('intro'));
      return <button id="save">Save</button>;
    }
    mount(
      <GuidepostProvider options={options()}>
        <Child />
      </GuidepostProvider>,
    );
    await vi.waitFor(() => expect(tours.at(-1)?.state).toBe('waiting'));
    tours.at(-1)!.start();
    await vi.waitFor(() => expect(tours.at(-1)?.state).toBe('showing'));
    expect(tours.at(-1)!.explanation).toMatchObject({ itemId: 'intro', shown: true });
    tours.at(-1)!.close();
    await vi.waitFor(() => expect(tours.at(-1)?.state).toBe('done'));
    expect(events.filter((e) => e.type === 'dismissed').map((e) => e.item_id)).toEqual(['intro']);
  });

  it('useTour.start from a child\'s mount effect (before the instance exists) starts the tour', async () => {
    function Child() {
      const { start, state } = useTour('intro');
      useEffect(() => start(), [start]);
      return <output id="state">{state}</output>;
    }
    mount(
      <GuidepostProvider options={options()}>
        <button id="save">Save</button>
        <Child />
      </GuidepostProvider>,
    );
    await vi.waitFor(() => expect(document.getElementById('state')!.textContent).toBe('showing'));
  });

  it('outside a provider: null instance, unknown state, calls that do nothing and never throw', () => {
    let gp: Guidepost | null | undefined;
    let tour: TourControls | undefined;
    let explained: Explanation | undefined | null = null;
    function Child() {
      gp = useGuidepost();
      tour = useTour('intro');
      explained = useExplain('intro');
      const track = useTrack();
      useEffect(() => track('nothing'), [track]);
      return null;
    }
    mount(<Child />);
    expect(gp).toBeNull();
    expect(explained).toBeUndefined();
    expect(tour!.state).toBe('unknown');
    expect(() => {
      tour!.start();
      tour!.close();
    }).not.toThrow();
    expect(instances.list).toHaveLength(0);
  });

  it('useTrack from an event handler after start reaches the instance with its properties', async () => {
    let track: ((name: string, properties?: Record<string, unknown>) => void) | undefined;
    function Child() {
      track = useTrack();
      return null;
    }
    mount(
      <GuidepostProvider options={options()}>
        <Child />
      </GuidepostProvider>,
    );
    await gpAt(0).start();
    track!('exported', { format: 'csv', rows: 3 });
    expect(events.filter((e) => e.type === 'goal').map((e) => [e.name, e.properties])).toEqual([['exported', { format: 'csv', rows: 3 }]]);
  });
});
