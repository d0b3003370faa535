/**
 * The screen before the engine (src/runtime/decisions.ts): a page on which every item is ruled
 * out never loads the decision chunk, explain() gives the engine's own reasons meanwhile, and
 * the chunk loads (in every arm of an experiment alike) as soon as some item may show.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Explanation } from '../../src/index';

const gate = vi.hoisted(() => ({ opened: 0, hold: undefined as Promise<void> | undefined, breakOpen: false }));

vi.mock('../../src/runtime/decide-chunk', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/runtime/decide-chunk')>();
  if (gate.hold) await gate.hold;
  return {
    ...original,
    openDecider: (...args: Parameters<typeof original.openDecider>) => {
      if (gate.breakOpen) throw new Error('cannot open');
      gate.opened++;
      return original.openDecider(...args);
    },
  };
});

const items = [
  { id: 'reports-tip', type: 'tooltip', target: '#title', when: { 'page.path': '/reports' }, title: 'Reports', body: 'Your numbers.' },
  { id: 'settings-banner', type: 'banner', when: { 'page.path': '/settings', 'account.plan': 'trial' }, body: 'Upgrade' },
  { id: 'pro-banner', type: 'banner', when: { 'account.plan': 'pro' }, body: 'Thanks' },
  { id: 'later', type: 'banner', schedule: { start: '2999-01-01T00:00:00Z' }, body: 'Soon' },
  { id: 'intro', type: 'tour', trigger: 'manual', steps: [{ title: 'Welcome', body: 'A short tour.' }] },
];
const manifest = { schemaVersion: 1, revision: 'r1', items };
const user = { id: 'u1', accountId: 'a1', accountTraits: { plan: 'trial' } };
const byId = (list: Explanation[]) => Object.fromEntries(list.map((e) => [e.itemId, e]));

afterEach(() => {
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
  gate.hold = undefined;
  gate.breakOpen = false;
});

describe('a page where nothing can show', () => {
  // First in this file: the chunk is imported once per module registry, and this test holds that import.
  it('says an item waits for the decision while the chunk loads, then decides it', async () => {
    let release!: () => void;
    gate.hold = new Promise<void>((resolve) => (release = resolve));
    history.replaceState({}, '', '/reports');
    document.body.innerHTML = '<h1 id="title">Reports</h1>';
    const gp = createGuidepost({ manifest, user, locale: 'en', storage: memoryStorage() });
    const started = gp.start();
    await vi.waitFor(() => expect(gp.explain('reports-tip')?.reason.code).toBe('deciding'));
    expect(gp.explain('reports-tip')?.message).toMatch(/decision engine is loading/);
    expect(gp.explain('pro-banner')?.reason.code).toBe('condition');
    // A manual tour waits for a call from code; once asked for, the engine decides it, not the screen.
    expect(gp.explain('intro')?.reason.code).toBe('trigger');
    gp.startTour('intro');
    expect(gp.explain('intro')?.reason.code).toBe('deciding');
    release();
    await started;
    await vi.waitFor(() => expect(gp.explain('intro')).toMatchObject({ shown: true }));
    // While the tour's step holds the screen, the tip waits for it, hidden.
    expect(gp.explain('reports-tip')).toMatchObject({ shown: false, reason: { code: 'tour-running', tour: 'intro' } });
    gp.closeTour('intro');
    await vi.waitFor(() => expect(gp.explain('reports-tip')).toMatchObject({ shown: true }));
    gp.destroy();
  });
  it('never loads the decision chunk, and explain() gives the reasons the engine would', async () => {
    // Each instance opens its own decider: count from here.
    const before = gate.opened;
    history.replaceState({}, '', '/dashboard');
    document.body.innerHTML = '<h1 id="title">Dashboard</h1>';
    const gp = createGuidepost({ manifest, user, locale: 'en', storage: memoryStorage() });
    await gp.start();
    expect(gate.opened).toBe(before);
    const screened = gp.explain();
    expect(screened.map((e) => e.reason.code)).toEqual(['condition', 'condition', 'condition', 'before-schedule', 'trigger']);
    expect(byId(screened)['settings-banner'].reason).toEqual({ code: 'condition', path: 'page.path', actual: '/dashboard', expected: '/settings' });
    expect(byId(screened)['pro-banner'].message).toBe('not shown: condition "account.plan" is false (expected "pro", actual value "trial")');

    // A page where the tooltip applies: the chunk loads once, decides and shows it.
    const changed = new Promise<void>((resolve) => gp.onChange(resolve));
    history.pushState({}, '', '/reports');
    document.body.innerHTML = '<h1 id="title">Reports</h1>';
    await changed;
    await vi.waitFor(() => expect(gp.explain('reports-tip')).toMatchObject({ shown: true }));
    expect(gate.opened).toBe(before + 1);
    // Back on the first page, the engine's verdicts match what the screen said there.
    const again = new Promise<void>((resolve) => gp.onChange(resolve));
    history.pushState({}, '', '/dashboard');
    await again;
    await vi.waitFor(() => expect(gp.explain('reports-tip')?.reason.code).toBe('condition'));
    expect(gp.explain()).toEqual(screened);
    gp.destroy();
  });

});

describe('the debug panel on a page where nothing can show', () => {
  it('opens from the URL switch, and lists every item with its reason, without the decision chunk', async () => {
    const before = gate.opened;
    history.replaceState({}, '', '/dashboard?guidepost_debug=1');
    const gp = createGuidepost({ manifest, user, locale: 'en', storage: memoryStorage() });
    await gp.start();
    const panel = () => document.querySelector('guidepost-root')?.shadowRoot?.querySelector('[data-part=debug-panel]');
    await vi.waitFor(() => expect(panel()?.textContent).toContain('settings-banner'), { timeout: 5000 });
    expect(panel()?.textContent).toContain('condition "page.path" is false');
    expect(gate.opened).toBe(before);
    gp.destroy();
  });
});

describe('a decision chunk that cannot be opened', () => {
  it('is reported once, explain() says so, and the next page view tries again', async () => {
    gate.breakOpen = true;
    history.replaceState({}, '', '/reports');
    document.body.innerHTML = '<h1 id="title">Reports</h1>';
    const errors: string[] = [];
    const gp = createGuidepost({ manifest, user, locale: 'en', storage: memoryStorage(), onError: (e) => errors.push(`${e.code}: ${e.message}`) });
    await gp.start();
    for (let i = 0; i < 3; i++) gp.track(`clicked-${i}`);
    expect(errors).toEqual(['internal: the Guidepost decision code could not be loaded: cannot open']);
    expect(gp.explain('reports-tip')?.reason).toEqual({ code: 'deciding', failed: true });
    gate.breakOpen = false;
    const changed = new Promise<void>((resolve) => gp.onChange(resolve));
    history.pushState({}, '', '/reports?tab=2');
    await changed;
    await vi.waitFor(() => expect(gp.explain('reports-tip')).toMatchObject({ shown: true }));
    expect(errors).toHaveLength(1);
    gp.destroy();
  });
});

describe('experiments', () => {
  const experimentManifest = {
    schemaVersion: 1,
    revision: 'r1',
    experiments: [
      {
        key: 'help',
        scope: { items: ['reports-tip'] },
        variations: [{ key: 'control' }, { key: 'moved', overrides: { 'reports-tip': { when: { 'page.path': '/dashboard' } } } }],
      },
    ],
    items: [items[0]],
  };

  it.each(['control', 'moved'])('arm "%s": the chunk loads when any arm could show the item here', async (arm) => {
    const opened = gate.opened;
    history.replaceState({}, '', `/dashboard?guidepost_force=help:${arm}`);
    document.body.innerHTML = '<h1 id="title">Dashboard</h1>';
    const gp = createGuidepost({ manifest: experimentManifest, user, locale: 'en', storage: memoryStorage() });
    await gp.start();
    // Whether the engine loads never depends on the arm: both arms load it, so exposure waits alike.
    expect(gate.opened).toBe(opened + 1);
    expect(gp.explain('reports-tip')).toMatchObject(arm === 'moved' ? { shown: true } : { shown: false, reason: { code: 'condition' } });
    gp.destroy();
  });
});
