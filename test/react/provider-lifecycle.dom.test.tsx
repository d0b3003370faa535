/** @jsxImportSource react */
/**
 * src/react/provider.ts and hooks.ts in happy-dom, around the life of an instance: each one is
 * destroyed exactly once (StrictMode's double effects and <Activity> included), no render or
 * effect is handed an instance already destroyed, and a listener a hook subscribed is never
 * called after the component unmounted. (The instance's callback options are in
 * provider-callbacks.dom.test.tsx.)
 */
import { Activity, StrictMode, useEffect } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage, type Guidepost } from '../../src/index';
import { GuidepostProvider, useExplain, useGuidepost } from '../../src/react/index';
import { collectingOptions } from '../support/binding-host';
import { mount, outsideAct, rerender, unmount } from '../support/react-root';

/**
 * Every instance, how many times destroy() was called on it, and the listeners given to on():
 * each is wrapped to record a call made after its disposer ran.
 */
const instances = await vi.hoisted(async () => (await import('../support/binding-instances')).disposerLog());
vi.mock('../../src/guidepost', async (importOriginal) => (await import('../support/binding-instances')).mockedGuidepost(await importOriginal(), instances));
const created = () => instances.created;
const destroyed = (gp: Guidepost | null) => gp !== null && (instances.destroys.get(gp) ?? 0) > 0;

const manifest = { schemaVersion: 1, revision: 'provider-lifecycle', items: [{ id: 'tip', type: 'tooltip', target: '#save', body: 'Saves.' }] };
const { events, errors, options, clear } = collectingOptions(manifest);

/** A memory storage whose reads wait until `open()`: start() cannot finish booting before then. */
function heldStorage() {
  const storage = memoryStorage();
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, storage: { ...storage, get: async <T,>(key: string) => (await opened, storage.get<T>(key)) } };
}

outsideAct();
afterEach(async () => {
  await unmount();
  expect(errors).toEqual([]);
  document.body.innerHTML = '';
  clear();
  instances.clear();
});

/**
 * Records, for every render and every run of its effect, the instance useGuidepost() gave and
 * whether that instance was already destroyed at that moment.
 */
function Witness({ seen }: { seen: { at: 'render' | 'effect'; gp: Guidepost | null; destroyed: boolean }[] }) {
  const gp = useGuidepost();
  seen.push({ at: 'render', gp, destroyed: destroyed(gp) });
  useEffect(() => {
    seen.push({ at: 'effect', gp, destroyed: destroyed(gp) });
  }, [gp]);
  return <button id="save">Save</button>;
}

describe('GuidepostProvider destroys each instance exactly once', () => {
  it('StrictMode: one instance, destroyed once on unmount, never while mounted', async () => {
    const seen: Parameters<typeof Witness>[0]['seen'] = [];
    mount(
      <StrictMode>
        <GuidepostProvider options={options()}>
          <Witness seen={seen} />
        </GuidepostProvider>
      </StrictMode>,
    );
    const [gp] = created();
    await gp.start();
    // StrictMode's simulated unmount released it; the second effect run took it back.
    expect(instances.destroys.get(gp)).toBe(0);
    await unmount();
    expect(created()).toHaveLength(1);
    expect([...instances.destroys.values()]).toEqual([1]);
    expect(seen.filter((s) => s.gp !== null).every((s) => s.gp === gp && !s.destroyed)).toBe(true);
  });

  it('<Activity> hidden and shown again (StrictMode too): each instance destroyed once, and no render or effect is given a destroyed one', async () => {
    const seen: Parameters<typeof Witness>[0]['seen'] = [];
    const ui = (mode: 'visible' | 'hidden') => (
      <StrictMode>
        <Activity mode={mode}>
          <GuidepostProvider options={options()}>
            <Witness seen={seen} />
          </GuidepostProvider>
        </Activity>
      </StrictMode>
    );
    mount(ui('visible'));
    const first = created()[0];
    await first.start();
    rerender(ui('hidden'));
    await vi.waitFor(() => expect(destroyed(first)).toBe(true));
    rerender(ui('visible'));
    await vi.waitFor(() => expect(created()).toHaveLength(2));
    const second = created()[1];
    await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ at: 'effect', gp: second }));
    await unmount();
    expect([...instances.destroys.values()]).toEqual([1, 1]);
    // What a child rendered or ran its effects with after `first` was destroyed: never `first`.
    expect(seen.filter((s) => s.destroyed).map((s) => s.at)).toEqual([]);
  });
});

describe('hooks unsubscribe when their component unmounts', () => {
  /** A useExplain child under a provider; `show` adds or removes it. */
  let rendered: (Guidepost | null)[] = [];
  function Tip() {
    rendered.push(useGuidepost());
    useExplain('tip');
    return null;
  }
  let given = options();
  const ui = (show: boolean) => (
    <GuidepostProvider options={given}>
      <button id="save">Save</button>
      {show && <Tip />}
    </GuidepostProvider>
  );
  afterEach(() => {
    rendered = [];
  });

  it('useExplain mounted before start() finished, unmounted after: no listener of it is called again', async () => {
    const held = heldStorage();
    given = options({ storage: held.storage });
    mount(ui(true));
    const [gp] = created();
    // The child has the instance (and its effects ran) while start() cannot have booted it yet.
    await vi.waitFor(() => expect(rendered.at(-1)).toBe(gp));
    await Promise.resolve();
    held.open();
    await gp.start();
    await vi.waitFor(() => expect(instances.ons).toBeGreaterThan(0));
    rerender(ui(false));
    expect(instances.offs).toBe(instances.ons);
    gp.track('after_unmount');
    await vi.waitFor(() => expect(events.some((e) => e.type === 'goal' && e.name === 'after_unmount')).toBe(true));
    expect(instances.callsAfterOff).toBe(0);
  });

  it('useExplain subscribed after start() finished, unmounted: its listener is not called again', async () => {
    given = options();
    mount(ui(false));
    const [gp] = created();
    await gp.start();
    rerender(ui(true));
    rerender(ui(false));
    expect(instances.offs).toBe(1);
    gp.track('after_unmount');
    await vi.waitFor(() => expect(events.some((e) => e.type === 'goal' && e.name === 'after_unmount')).toBe(true));
    expect(instances.callsAfterOff).toBe(0);
  });
});
