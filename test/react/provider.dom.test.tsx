/** @jsxImportSource react */
/**
 * src/react/provider.ts in happy-dom: one instance per provider, created in an effect (never
 * during render), started once, destroyed on unmount — including when it unmounts before
 * start() finished, under StrictMode's double effects and <Activity> hiding; options read once;
 * calls made before the instance exists kept (bounded) and made once it does; siblings and
 * nested providers independent.
 */
import { Activity, StrictMode, useContext, useEffect } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GuidepostOptions } from '../../src/index';
import { GuidepostContext, GuidepostProvider, type GuidepostBinding } from '../../src/react/index';
import { collectingOptions } from '../support/binding-host';
import { container, mount, outsideAct, rerender, unmount } from '../support/react-root';

const instances = await vi.hoisted(async () => (await import('../support/binding-instances')).optionsLog());
vi.mock('../../src/guidepost', async (importOriginal) => (await import('../support/binding-instances')).mockedGuidepost(await importOriginal(), instances));
const created = () => instances.created.map((c) => c.gp);
const live = () => created().filter((gp) => !instances.destroyed.has(gp));

const manifest = { schemaVersion: 1, revision: 'provider-1', items: [{ id: 'tip', type: 'tooltip', target: '#save', body: 'Saves.' }] };
const { events, errors, options, clear } = collectingOptions(manifest);

const hosts = () => document.querySelectorAll('[data-guidepost-host]').length;

outsideAct();
afterEach(async () => {
  await unmount();
  expect(errors).toEqual([]);
  document.body.innerHTML = '';
  clear();
  instances.clear();
});

/** The binding each render of it saw. */
function Probe({ seen }: { seen: GuidepostBinding[] }) {
  seen.push(useContext(GuidepostContext));
  return null;
}

describe('GuidepostProvider: the instance', () => {
  it('is created in an effect (not during render), started once, then exposed with ready', async () => {
    const seen: GuidepostBinding[] = [];
    let createdDuringRender = -1;
    function Spy() {
      createdDuringRender = Math.max(createdDuringRender, instances.created.length);
      return null;
    }
    document.body.innerHTML = '<button id="save">Save</button>';
    mount(
      <GuidepostProvider options={options()}>
        <Spy />
        <Probe seen={seen} />
      </GuidepostProvider>,
    );
    expect(createdDuringRender).toBe(0);
    expect(seen[0]).toMatchObject({ gp: null, ready: false });
    expect(instances.created).toHaveLength(1);
    await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ gp: created()[0], ready: true }));
    expect(instances.started.size).toBe(1);
    // Every render before start() finished said "not ready".
    const firstReady = seen.findIndex((b) => b.ready);
    expect(seen.slice(0, firstReady).every((b) => !b.ready)).toBe(true);
  });

  it('reads its options once: a re-render with other options creates no new instance', async () => {
    const first = options({ locale: 'en' });
    mount(<GuidepostProvider options={first}>{null}</GuidepostProvider>);
    rerender(<GuidepostProvider options={options({ locale: 'de' })}>{null}</GuidepostProvider>);
    rerender(<GuidepostProvider options={options({ locale: 'fr' })}>{null}</GuidepostProvider>);
    expect(instances.created).toHaveLength(1);
    expect(instances.created[0].options).toBe(first);
  });

  it("follows its options' user: signed in once auth resolves, another account, signed out", async () => {
    const given = options();
    mount(<GuidepostProvider options={given}>{null}</GuidepostProvider>);
    const gp = created()[0];
    await gp.start();
    const goalsAs = () => events.filter((e) => e.type === 'goal').map((e) => `${e.name}:${e.user_id}:${e.account_id}`);
    const step = async (name: string, user: GuidepostOptions['user']) => {
      rerender(<GuidepostProvider options={{ ...given, user }}>{null}</GuidepostProvider>);
      gp.track(name);
      await vi.waitFor(() => expect(goalsAs().some((g) => g.startsWith(`${name}:`))).toBe(true));
    };
    await step('anonymous', undefined);
    await step('signed-in', { id: 'u_42', accountId: 'acme' });
    // A new object with the same ids: nothing changes.
    await step('same', { id: 'u_42', accountId: 'acme' });
    await step('switched', { id: 'u_42', accountId: 'globex' });
    await step('signed-out', undefined);
    expect(goalsAs()).toEqual(['anonymous:null:null', 'signed-in:u_42:acme', 'same:u_42:acme', 'switched:u_42:globex', 'signed-out:null:null']);
    expect(instances.created).toHaveLength(1);
  });

  it('unmounted before start() finished: destroyed, never marked ready, nothing left in the page', async () => {
    const seen: GuidepostBinding[] = [];
    document.body.innerHTML = '<button id="save">Save</button>';
    mount(
      <GuidepostProvider options={options()}>
        <Probe seen={seen} />
      </GuidepostProvider>,
    );
    const gp = created()[0];
    await unmount();
    expect(instances.destroyed.has(gp)).toBe(true);
    // start() settles on a destroyed instance; the provider sets nothing afterwards.
    await gp.start();
    expect(seen.some((b) => b.ready)).toBe(false);
    expect(hosts()).toBe(0);
    expect(live()).toEqual([]);
  });

  it('StrictMode: one instance created, started and exposed; one destroyed on unmount', async () => {
    const seen: GuidepostBinding[] = [];
    document.body.innerHTML = '<button id="save">Save</button>';
    mount(
      <StrictMode>
        <GuidepostProvider options={options()}>
          <Probe seen={seen} />
        </GuidepostProvider>
      </StrictMode>,
    );
    expect(instances.created).toHaveLength(1);
    await vi.waitFor(() => expect(seen.at(-1)?.ready).toBe(true));
    expect(instances.started.size).toBe(1);
    expect(new Set(seen.map((b) => b.gp).filter(Boolean))).toEqual(new Set([created()[0]]));
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'exposure')).toHaveLength(1));
    await unmount();
    expect(live()).toEqual([]);
    expect(hosts()).toBe(0);
  });

  it('<Activity> hidden: the instance is destroyed; shown again: a new one, ready again once started', async () => {
    const seen: GuidepostBinding[] = [];
    const ui = (mode: 'visible' | 'hidden') => (
      <Activity mode={mode}>
        <GuidepostProvider options={options()}>
          <Probe seen={seen} />
        </GuidepostProvider>
      </Activity>
    );
    mount(ui('visible'));
    await vi.waitFor(() => expect(seen.at(-1)?.ready).toBe(true));
    const first = created()[0];
    rerender(ui('hidden'));
    await vi.waitFor(() => expect(instances.destroyed.has(first)).toBe(true));
    rerender(ui('visible'));
    await vi.waitFor(() => expect(instances.created).toHaveLength(2));
    const second = created()[1];
    await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ gp: second, ready: true }));
    expect(live()).toEqual([second]);
  });

  it('sibling providers hold their own instances; unmounting one leaves the other running', async () => {
    function Toggle({ show }: { show: boolean }) {
      return (
        <>
          {show && <GuidepostProvider options={options()}>{null}</GuidepostProvider>}
          <GuidepostProvider options={options()}>{null}</GuidepostProvider>
        </>
      );
    }
    mount(<Toggle show />);
    expect(instances.created).toHaveLength(2);
    rerender(<Toggle show={false} />);
    await Promise.resolve();
    expect(live()).toEqual([created()[1]]);
  });

  it('a nested provider is what its subtree sees', async () => {
    const outer: GuidepostBinding[] = [];
    const inner: GuidepostBinding[] = [];
    mount(
      <GuidepostProvider options={options()}>
        <Probe seen={outer} />
        <GuidepostProvider options={options()}>
          <Probe seen={inner} />
        </GuidepostProvider>
      </GuidepostProvider>,
    );
    await vi.waitFor(() => expect(inner.at(-1)?.gp).not.toBeNull());
    await vi.waitFor(() => expect(outer.at(-1)?.gp).not.toBeNull());
    expect(inner.at(-1)!.gp).not.toBe(outer.at(-1)!.gp);
    expect(new Set([inner.at(-1)!.gp, outer.at(-1)!.gp])).toEqual(new Set(created()));
  });

  it('100 StrictMode mounts and unmounts leave no instance, host or history wrapper behind', { timeout: 120_000 }, async () => {
    const pushState = history.pushState;
    for (let i = 0; i < 100; i++) {
      mount(
        <StrictMode>
          <GuidepostProvider options={options()}>{null}</GuidepostProvider>
        </StrictMode>,
      );
      await unmount();
      container.remove();
    }
    expect(instances.created).toHaveLength(100);
    expect(live()).toEqual([]);
    expect(hosts()).toBe(0);
    expect(history.pushState).toBe(pushState);
    expect(document.body.innerHTML).toBe('');
  });
});

describe('GuidepostProvider: calls before the instance exists', () => {
  it('a child\'s mount effect runs before the provider\'s: its calls are made once the instance exists, in order', async () => {
    const order: string[] = [];
    function Child() {
      const { run } = useContext(GuidepostContext);
      useEffect(() => {
        run(() => order.push('first'));
        run((gp) => order.push(gp === created()[0] ? 'second, same instance' : 'wrong instance'));
      }, [run]);
      return null;
    }
    mount(
      <GuidepostProvider options={options()}>
        <Child />
      </GuidepostProvider>,
    );
    expect(order).toEqual(['first', 'second, same instance']);
  });

  it('keeps at most 100 of them', () => {
    let made = 0;
    function Child() {
      const { run } = useContext(GuidepostContext);
      useEffect(() => {
        for (let i = 0; i < 250; i++) run(() => made++);
      }, [run]);
      return null;
    }
    mount(
      <GuidepostProvider options={options()}>
        <Child />
      </GuidepostProvider>,
    );
    expect(made).toBe(100);
  });

  it('run() is stable across renders, and calls made after unmount are dropped', async () => {
    const seen: GuidepostBinding[] = [];
    mount(
      <GuidepostProvider options={options()}>
        <Probe seen={seen} />
      </GuidepostProvider>,
    );
    await vi.waitFor(() => expect(seen.at(-1)?.ready).toBe(true));
    expect(new Set(seen.map((b) => b.run)).size).toBe(1);
    const run = seen[0].run;
    await unmount();
    const call = vi.fn();
    run(call);
    expect(call).not.toHaveBeenCalled();
  });

  it('outside a provider: no instance, calls dropped, no document', () => {
    const seen: GuidepostBinding[] = [];
    mount(<Probe seen={seen} />);
    const call = vi.fn();
    seen[0].run(call);
    expect(seen[0]).toMatchObject({ gp: null, ready: false });
    expect(seen[0].doc()).toBeUndefined();
    expect(call).not.toHaveBeenCalled();
    expect(instances.created).toHaveLength(0);
  });

  it('doc(): the document from the options, else the page\'s', () => {
    const seen: GuidepostBinding[] = [];
    const other = document.implementation.createHTMLDocument('other');
    mount(
      <>
        <GuidepostProvider options={options()}>
          <Probe seen={seen} />
        </GuidepostProvider>
        <GuidepostProvider options={options({ document: other })}>
          <Probe seen={seen} />
        </GuidepostProvider>
      </>,
    );
    expect(seen[0].doc()).toBe(document);
    expect(seen[1].doc()).toBe(other);
  });
});

describe('GuidepostProvider makes the calls a child makes in StrictMode\'s second effect run', () => {
  it('a listener a custom hook subscribes through run() is subscribed again after StrictMode\'s simulated unmount', async () => {
    // GuidepostContext is public "to build your own hooks". This one subscribes in an effect and
    // unsubscribes in its cleanup, as React asks; StrictMode runs effect, cleanup, effect.
    const heard: string[] = [];
    function useGoals() {
      const { run } = useContext(GuidepostContext);
      useEffect(() => {
        let off: (() => void) | undefined;
        let live = true;
        run((gp) => {
          if (live) off = gp.on('goal', (e) => heard.push(e.name ?? ''));
        });
        return () => {
          live = false;
          off?.();
        };
      }, [run]);
    }
    function Child() {
      useGoals();
      return null;
    }
    mount(
      <StrictMode>
        <GuidepostProvider options={options()}>
          <Child />
        </GuidepostProvider>
      </StrictMode>,
    );
    const gp = created()[0];
    await gp.start();
    gp.track('saved');
    await vi.waitFor(() => expect(events.some((e) => e.type === 'goal' && e.name === 'saved')).toBe(true));
    expect(heard).toEqual(['saved']);
  });
});
