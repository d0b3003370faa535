/**
 * The view (src/runtime/view.ts) on a runtime built by hand: a page with nothing to draw loads no
 * UI and adds no node; the first surface loads the UI (and the reader's words) and draws it,
 * settled() resolving once it is on screen; later renders follow what shows; the debug panel
 * loads with its first opening; nothing is drawn for a destroyed instance; destroy() removes what
 * was added.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createView } from '../../src/runtime/view';
import type { Runtime } from '../../src/runtime/runtime';
import { standInRuntime } from '../support/runtime-harness';

const root = () => document.querySelector('guidepost-root');
const layer = () => root()?.shadowRoot ?? null;
const part = (selector: string) => layer()?.querySelector<HTMLElement>(selector) ?? null;

/** A stand-in runtime with a real view. */
function viewed(items: unknown[], options: Parameters<typeof standInRuntime>[1] = {}) {
  const standIn = standInRuntime(items, options);
  const view = createView(standIn.rt);
  standIn.rt.view = view;
  live.push({ rt: standIn.rt, destroy: view.destroy });
  return { ...standIn, view };
}
const live: { rt: Runtime; destroy: () => void }[] = [];
const showItem = (rt: Runtime, id: string, reference?: Element) => rt.showing.set(id, { item: rt.manifest!.items.find((i) => i.id === id)!, reference });

afterEach(() => {
  for (const { rt, destroy } of live.splice(0)) {
    rt.destroyed = true;
    destroy();
  }
  document.body.innerHTML = '';
});

describe('a page with nothing to draw', () => {
  it('loads no UI and adds no node', () => {
    const { view } = viewed([{ id: 'tip', type: 'tooltip', target: '#save', body: 'Saves' }]);
    view.render();
    view.render();
    expect(view.settled()).toBeUndefined();
    expect(root()).toBeNull();
  });

  it('destroy() before anything was drawn is safe, and so is a second one', () => {
    const { view } = viewed([{ id: 'b', type: 'banner', body: 'B' }]);
    expect(() => {
      view.destroy();
      view.destroy();
    }).not.toThrow();
    expect(root()).toBeNull();
  });
});

describe('drawing', () => {
  it('the first surface loads the UI; settled() resolves once it is drawn', async () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, view } = viewed([{ id: 'tip', type: 'tooltip', target: '#save', body: 'Saves **all**' }]);
    showItem(rt, 'tip', document.getElementById('save')!);
    view.render();
    const settled = view.settled();
    expect(settled).toBeInstanceOf(Promise);
    await settled;
    const tip = part('[data-part=tooltip][data-item=tip]');
    expect(tip?.getAttribute('data-state')).toBe('open');
    expect(tip?.querySelector('strong')?.textContent).toBe('all');
  });

  it('later renders follow what shows: a surface taken out of `showing` leaves the page', async () => {
    document.body.innerHTML = '<button id="save">Save</button><h1 id="title">T</h1>';
    const { rt, view } = viewed([
      { id: 'tip', type: 'tooltip', target: '#save', body: 'Saves' },
      { id: 'title-tip', type: 'tooltip', target: '#title', body: 'Title' },
    ]);
    showItem(rt, 'tip', document.getElementById('save')!);
    view.render();
    await view.settled();
    expect(part('[data-item=tip]')).not.toBeNull();
    rt.showing.delete('tip');
    showItem(rt, 'title-tip', document.getElementById('title')!);
    view.render();
    expect(part('[data-item=tip]')).toBeNull();
    expect(part('[data-part=tooltip][data-item=title-tip]')).not.toBeNull();
  });

  it('a banner waits for the widgets chunk; settled() covers that wait too', async () => {
    const { rt, view } = viewed([{ id: 'welcome', type: 'banner', title: 'Welcome', body: 'Hello' }]);
    showItem(rt, 'welcome');
    view.render();
    await view.settled();
    await view.settled();
    expect(part('[data-part=banner][data-item=welcome]')?.textContent).toContain('Hello');
  });

  it("draws the SDK's own words in the reader's language from the first paint", async () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, view } = viewed([{ id: 'tip', type: 'tooltip', target: '#save', body: { en: 'Saves', fr: 'Enregistre' } }]);
    rt.locale = 'fr';
    showItem(rt, 'tip', document.getElementById('save')!);
    view.render();
    await view.settled();
    // A surface's own words follow the language of its texts: French here.
    expect(part('[data-item=tip]')?.textContent).toContain('Enregistre');
    expect(part('[data-item=tip] [data-part=close]')?.getAttribute('aria-label')).toBe('Fermer');
  });

  it('draws nothing when the runtime has no manifest, progress or document', async () => {
    for (const spoil of [(rt: Runtime) => void (rt.manifest = null), (rt: Runtime) => void (rt.progress = undefined), (rt: Runtime) => void (rt.doc = undefined)]) {
      const { rt, view } = viewed([{ id: 'b', type: 'banner', body: 'B' }]);
      showItem(rt, 'b');
      spoil(rt);
      view.render();
      expect(view.settled()).toBeUndefined();
    }
    expect(root()).toBeNull();
  });

  it('destroy() removes the host element and its surfaces; a render after it draws nothing', async () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, view } = viewed([{ id: 'tip', type: 'tooltip', target: '#save', body: 'Saves' }]);
    showItem(rt, 'tip', document.getElementById('save')!);
    view.render();
    await view.settled();
    expect(root()).not.toBeNull();
    rt.destroyed = true;
    view.destroy();
    expect(root()).toBeNull();
    view.render();
    expect(root()).toBeNull();
    expect(document.body.innerHTML).toBe('<button id="save">Save</button>');
  });

  it('an instance destroyed while its UI loads draws nothing when it arrives', async () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, view } = viewed([{ id: 'tip', type: 'tooltip', target: '#save', body: 'Saves' }]);
    showItem(rt, 'tip', document.getElementById('save')!);
    view.render();
    const settled = view.settled();
    rt.destroyed = true;
    view.destroy();
    await settled;
    expect(root()).toBeNull();
  });

  it('two views on one page draw into hosts of their own', async () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const a = viewed([{ id: 'a', type: 'tooltip', target: '#save', body: 'A' }]);
    const b = viewed([{ id: 'b', type: 'tooltip', target: '#save', body: 'B' }]);
    showItem(a.rt, 'a', document.getElementById('save')!);
    showItem(b.rt, 'b', document.getElementById('save')!);
    a.view.render();
    b.view.render();
    await a.view.settled();
    await b.view.settled();
    const hosts = [...document.querySelectorAll('guidepost-root')];
    expect(hosts).toHaveLength(2);
    expect(hosts.map((h) => h.shadowRoot!.querySelector('[data-part=tooltip]')?.getAttribute('data-item')).sort()).toEqual(['a', 'b']);
    a.rt.destroyed = true;
    a.view.destroy();
    expect([...document.querySelectorAll('guidepost-root')].map((h) => h.shadowRoot!.querySelector('[data-part=tooltip]')?.getAttribute('data-item'))).toEqual(['b']);
  });
});

describe('the debug panel', () => {
  it('loads with its first opening, even with nothing else to draw, and closes again', async () => {
    const { rt, view, errors } = viewed([{ id: 'b', type: 'banner', body: 'B', when: { 'user.plan': 'pro' } }]);
    rt.api = { explain: () => [] } as never;
    rt.debug.open = true;
    view.render();
    await view.settled();
    const panel = () => part('[data-part=debug-panel]');
    await expect.poll(() => panel()?.textContent ?? '').toContain('condition "user.plan" is false');
    expect(errors).toEqual([]);
    rt.debug.open = false;
    view.render();
    expect(panel()).toBeNull();
  });
});
