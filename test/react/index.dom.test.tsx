/** @jsxImportSource react */
/**
 * guidepost/react in happy-dom: one instance per provider (StrictMode's double mount included),
 * nothing left after unmount, hooks that work before and after the instance exists, and
 * <HelpAnchor> that adds an attribute, not an element.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StrictMode, useContext, useEffect, useLayoutEffect, type ReactNode } from 'react';
import { memoryStorage, type Guidepost } from '../../src/index';
import { GuidepostContext, GuidepostProvider, HelpAnchor, useExplain, useGuidepost, useTour, useTrack } from '../../src/react/index';
import { collectingOptions, hosts, part, saveHelpAndTour, until } from '../support/binding-host';
import { container, mount, outsideAct, unmount } from '../support/react-root';

// Every instance the bindings create, and which were destroyed.
const instances = await vi.hoisted(async () => (await import('../support/binding-instances')).destroyLog());
vi.mock('../../src/guidepost', async (importOriginal) => (await import('../support/binding-instances')).mockedGuidepost(await importOriginal(), instances));
const live = () => instances.live().length;

const { events, errors, options, clear } = collectingOptions(saveHelpAndTour('react-1'));

outsideAct();

afterEach(async () => {
  await unmount();
  expect(errors).toEqual([]);
  document.body.innerHTML = '';
  clear();
  instances.clear();
});

function Page() {
  return (
    <HelpAnchor name="save">
      <button type="button">Save</button>
    </HelpAnchor>
  );
}

describe('GuidepostProvider', () => {
  it('StrictMode: the double mount leaves one live instance, exposed once; unmount destroys it', async () => {
    let effectRuns = 0;
    function Probe() {
      useEffect(() => void effectRuns++, []);
      return null;
    }
    mount(
      <StrictMode>
        <GuidepostProvider options={options()}>
          <Probe />
          <Page />
        </GuidepostProvider>
      </StrictMode>,
    );
    expect(effectRuns).toBe(2); // StrictMode did mount, unmount and mount again
    expect(instances.created).toHaveLength(1);
    await until(() => expect(part('[data-part=help-link][data-item=save-help]')).not.toBeNull());
    expect(live()).toBe(1);
    expect(document.querySelectorAll('guidepost-help')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'exposure').map((e) => e.item_id)).toEqual(['save-help']);
    await unmount();
    expect(live()).toBe(0);
    expect(instances.destroyed.size).toBe(1);
    expect(hosts()).toBe(0);
  });

  it('100 mount/unmount cycles leave no host element and no instance behind', { timeout: 120_000 }, async () => {
    const storage = memoryStorage();
    for (let i = 0; i < 100; i++) {
      mount(
        <StrictMode>
          <GuidepostProvider options={{ ...options(), storage }}>
            <Page />
          </GuidepostProvider>
        </StrictMode>,
      );
      await until(() => expect(part('[data-part=help-link][data-item=save-help]')).not.toBeNull());
      await unmount();
      container.remove();
    }
    expect(instances.created).toHaveLength(100);
    expect(live()).toBe(0);
    expect(hosts()).toBe(0);
    expect(document.body.innerHTML).toBe('');
    // One storage, one session: the help link was exposed once in 100 mounts.
    expect(events.filter((e) => e.type === 'exposure')).toHaveLength(1);
  });

  it('useGuidepost is null in the first render, then the instance; null outside a provider', async () => {
    const seen: (Guidepost | null)[] = [];
    function Probe() {
      seen.push(useGuidepost());
      return null;
    }
    mount(
      <GuidepostProvider options={options()}>
        <Probe />
      </GuidepostProvider>,
    );
    await until(() => expect(seen).toEqual([null, instances.created[0]]));
    await unmount();
    seen.length = 0;
    mount(<Probe />);
    expect(seen).toEqual([null]);
  });
});

describe('hooks', () => {
  it('useTrack works from a child mount effect (before the provider has an instance) and after', async () => {
    function Child() {
      const track = useTrack();
      useEffect(() => track('page_opened', { from: 'effect' }), [track]);
      return (
        <button type="button" id="later" onClick={() => track('clicked')}>
          Later
        </button>
      );
    }
    mount(
      <GuidepostProvider options={options()}>
        <Child />
      </GuidepostProvider>,
    );
    await until(() => expect(events.filter((e) => e.type === 'goal').map((e) => e.name)).toEqual(['page_opened']));
    expect(events.find((e) => e.name === 'page_opened')?.properties).toEqual({ from: 'effect' });
    document.querySelector<HTMLButtonElement>('#later')!.click();
    expect(events.filter((e) => e.type === 'goal').map((e) => e.name)).toEqual(['page_opened', 'clicked']);
  });

  it('useTour starts and closes a tour; its state follows explain(); useExplain re-renders on events', async () => {
    const states: string[] = [];
    function Tour() {
      const tour = useTour('intro');
      const help = useExplain('save-help');
      states.push(tour.state);
      return (
        <>
          <Page />
          <output id="state">{tour.state}</output>
          <output id="help">{help?.shown ? 'shown' : help?.reason.code ?? 'unknown'}</output>
          <button type="button" id="start" onClick={tour.start}>
            Start
          </button>
          <button type="button" id="close" onClick={tour.close}>
            Close
          </button>
        </>
      );
    }
    mount(
      <GuidepostProvider options={options()}>
        <Tour />
      </GuidepostProvider>,
    );
    const text = (id: string) => document.getElementById(id)!.textContent;
    expect(text('state')).toBe('unknown');
    await until(() => expect(text('state')).toBe('waiting'));
    await until(() => expect(text('help')).toBe('shown'));
    document.querySelector<HTMLButtonElement>('#start')!.click();
    await until(() => expect(text('state')).toBe('showing'));
    expect(part('[data-part=tour-step][data-item=intro]')).not.toBeNull();
    document.querySelector<HTMLButtonElement>('#close')!.click();
    await until(() => expect(text('state')).toBe('done'));
    expect(part('[data-part=tour-step]')).toBeNull();
    expect(events.find((e) => e.type === 'dismissed')).toMatchObject({ item_id: 'intro', origin: 'api' });
    expect(states[0]).toBe('unknown');
  });

  it('useExplain follows a route change that emits no event', async () => {
    history.replaceState({}, '', '/settings');
    const routeManifest = { schemaVersion: 1, revision: 'react-routes', items: [{ id: 'settings-tip', type: 'tooltip', target: { anchor: 'save' }, when: { 'page.path': '/settings' }, body: 'Saved here.' }] };
    function Tip() {
      const tip = useExplain('settings-tip');
      return (
        <>
          <Page />
          <output id="tip">{tip?.shown ? 'shown' : tip?.reason.code ?? 'unknown'}</output>
        </>
      );
    }
    mount(
      <GuidepostProvider options={{ ...options(), manifest: routeManifest }}>
        <Tip />
      </GuidepostProvider>,
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

  it('useExplain hears a change made between its first render and its subscription', async () => {
    const goalManifest = { schemaVersion: 1, revision: 'react-goal', items: [{ id: 'goal-tip', type: 'tooltip', target: { anchor: 'save' }, goal: 'saved', body: 'Save here.' }] };
    // Mounted once the instance has started: its first render already explains, and its layout
    // effect (which React runs before the hook's subscribing effect) changes the answer at once.
    function Tip() {
      const tip = useExplain('goal-tip');
      const gp = useGuidepost();
      useLayoutEffect(() => {
        if (tip?.shown) gp!.track('saved');
      }, [tip?.shown]);
      return <output id="tip">{tip ? (tip.shown ? 'shown' : tip.reason.code) : 'unknown'}</output>;
    }
    function WhenReady() {
      return useContext(GuidepostContext).ready ? <Tip /> : null;
    }
    mount(
      <GuidepostProvider options={{ ...options(), manifest: goalManifest }}>
        <Page />
        <WhenReady />
      </GuidepostProvider>,
    );
    await until(() => expect(events.some((e) => e.type === 'completed' && e.item_id === 'goal-tip')).toBe(true));
    await until(() => expect(document.getElementById('tip')!.textContent).toBe('goal-reached'));
  });

  it('a tour can be completed with its own buttons and useTour reports done', async () => {
    function Tour() {
      const tour = useTour('intro');
      useEffect(() => tour.start(), [tour.start]);
      return (
        <>
          <Page />
          <output id="state">{tour.state}</output>
        </>
      );
    }
    mount(
      <GuidepostProvider options={options()}>
        <Tour />
      </GuidepostProvider>,
    );
    await until(() => expect(part('[data-part=tour-step][data-item=intro] [data-action=next]')).not.toBeNull());
    part('[data-action=next]')!.click();
    await until(() => expect(part('[data-part=tour-step] [data-action=done]')).not.toBeNull());
    part('[data-action=done]')!.click();
    await until(() => expect(document.getElementById('state')!.textContent).toBe('done'));
    expect(events.some((e) => e.type === 'completed' && e.item_id === 'intro')).toBe(true);
  });
});

describe('HelpAnchor', () => {
  it('sets data-help on its only child without adding an element', () => {
    mount(
      <HelpAnchor name="export">
        <a href="/export" className="link">
          Export
        </a>
      </HelpAnchor>,
    );
    expect(container.innerHTML).toBe('<a href="/export" class="link" data-help="export">Export</a>');
  });

  it('passes data-help to a component child, which forwards it', () => {
    function Fancy(props: { 'data-help'?: string; children: ReactNode }) {
      return <span data-help={props['data-help']}>{props.children}</span>;
    }
    mount(
      <HelpAnchor name="fancy">
        <Fancy>Hi</Fancy>
      </HelpAnchor>,
    );
    expect(container.innerHTML).toBe('<span data-help="fancy">Hi</span>');
  });
});
