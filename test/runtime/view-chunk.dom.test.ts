/**
 * The drawing half of the view (src/runtime/view-chunk.ts), mounted directly on a runtime built by
 * hand: surfaces from `showing`; checklists with their done tasks and folded state; previews
 * marked; templates that read the user's own data only; a first paint that waits for the widgets'
 * chunk when it has a banner (and is whole); "viewed" reported once per page view with its arm; an
 * item whose content cannot render reported once and kept off screen; a page that blocks the host
 * element reported once for all items; a render that fails reported, never thrown; destroy()
 * removes every node.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountView, type MountedView } from '../../src/runtime/view-chunk';
import type { DebugOps } from '../../src/runtime/debug-tools';
import { recordEvent } from '../../src/engine/progress';
import type { Experiments, ItemArm } from '../../src/controller/experiments';
import type { Item } from '../../src/manifest/schema';
import type { Runtime } from '../../src/runtime/runtime';
import { NOW, standInRuntime } from '../support/runtime-harness';

// The "viewed" tracker needs real layout (half visible for a second): its callback is captured here.
const viewed = vi.hoisted(() => ({ onViewed: undefined as ((itemId: string) => void) | undefined }));
vi.mock('../../src/ui/viewed', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/ui/viewed')>();
  return {
    ...original,
    createViewTracker: (_win: Window, onViewed: (itemId: string) => void) => {
      viewed.onViewed = onViewed;
      return { scan: () => undefined, dispose: () => undefined };
    },
  };
});

const ops: DebugOps = { evaluate: () => undefined, assignExperiments: () => undefined, attributes: () => ({}), explanations: () => [] };
const root = () => document.querySelector('guidepost-root');
const layer = () => root()?.shadowRoot ?? null;
const part = (selector: string) => layer()?.querySelector<HTMLElement>(selector) ?? null;

const live: { rt: Runtime; mounted: MountedView }[] = [];
function mounted(items: unknown[], options: Parameters<typeof standInRuntime>[1] = {}) {
  const standIn = standInRuntime(items, options);
  const view = mountView(standIn.rt, ops);
  // What the chunk calls back when its widgets arrive: draw again, as view.ts does (not once destroyed).
  standIn.rt.view = { ...standIn.rt.view!, render: () => void (standIn.rt.destroyed || view.render(undefined)) };
  live.push({ rt: standIn.rt, mounted: view });
  return { ...standIn, view };
}
const show = (rt: Runtime, id: string, extra: Record<string, unknown> = {}) => rt.showing.set(id, { item: rt.manifest!.items.find((i) => i.id === id)!, ...extra });

afterEach(() => {
  for (const { rt, mounted: view } of live.splice(0)) {
    rt.destroyed = true;
    view.destroy();
  }
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('drawing what shows', () => {
  it('draws a tooltip on its target with its rich text, with the stable DOM contract', () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, view } = mounted([{ id: 'tip', type: 'tooltip', target: '#save', title: 'Save', body: 'Saves **everything**' }]);
    show(rt, 'tip', { reference: document.getElementById('save') });
    view.render(undefined);
    const tip = part('[data-part=tooltip][data-item=tip]');
    expect(tip?.getAttribute('data-state')).toBe('open');
    expect(tip?.querySelector('strong')?.textContent).toBe('everything');
    expect(view.settled()).toBeUndefined();
  });

  it("fills templates from the user's own data, with the fallback for what is missing or not data", () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, view } = mounted(
      [{ id: 'tip', type: 'tooltip', target: '#save', body: 'Hi {{user.traits.firstName|there}} of {{account.plan|?}} ({{account.id}}), {{user.traits.__proto__|none}} {{user.traits.missing|nobody}} {{user.traits.nested|obj}}' }],
      { user: { id: 'u1', accountId: 'acme', traits: { firstName: 'Ada', nested: { a: 1 } }, accountTraits: { plan: 'pro' } } },
    );
    show(rt, 'tip', { reference: document.getElementById('save') });
    view.render(undefined);
    expect(part('[data-item=tip]')?.textContent).toContain('Hi Ada of pro (acme), none nobody obj');
  });

  it('reads the user as it is at each render (identify() in between)', () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, view } = mounted([{ id: 'tip', type: 'tooltip', target: '#save', body: 'Hi {{user.traits.firstName|there}}' }], { user: { traits: { firstName: 'Ada' } } });
    show(rt, 'tip', { reference: document.getElementById('save') });
    view.render(undefined);
    expect(part('[data-item=tip]')?.textContent).toContain('Hi Ada');
    rt.user = { traits: { firstName: 'Grace' } };
    view.render(undefined);
    expect(part('[data-item=tip]')?.textContent).toContain('Hi Grace');
  });

  it('marks a previewed item as a preview', () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, view } = mounted([{ id: 'tip', type: 'tooltip', target: '#save', body: 'Hi' }]);
    show(rt, 'tip', { reference: document.getElementById('save') });
    rt.previewing.add('tip');
    view.render(undefined);
    expect(part('[data-part=preview][data-item=tip]')).not.toBeNull();
  });

  it("a previewed item that cannot show says why in the preview badge", () => {
    const { rt, view } = mounted([{ id: 'tip', type: 'tooltip', target: '#nowhere', body: 'Hi' }]);
    show(rt, 'tip', { preview: true, notShown: 'its target #nowhere is not on this page' });
    rt.previewing.add('tip');
    view.render(undefined);
    expect(layer()?.textContent).toContain('its target #nowhere is not on this page');
    expect(part('[data-part=tooltip][data-item=tip]')).toBeNull();
  });

  it('draws nothing and adds no node when nothing shows', () => {
    const { view } = mounted([{ id: 'tip', type: 'tooltip', target: '#save', body: 'Hi' }]);
    view.render(undefined);
    expect(root()).toBeNull();
  });

  it('destroy() removes every node it added, in the layer and beside targets', async () => {
    document.body.innerHTML = '<h2 id="title">Title</h2><button id="save">Save</button>';
    const before = document.body.innerHTML;
    const { rt, view } = mounted([
      { id: 'tip', type: 'tooltip', target: '#save', body: 'Hi' },
      { id: 'help', type: 'helpLink', target: '#title', title: 'Help', body: 'About titles' },
    ]);
    show(rt, 'tip', { reference: document.getElementById('save') });
    show(rt, 'help', { reference: document.getElementById('title') });
    view.render(undefined);
    await view.settled();
    expect(root()).not.toBeNull();
    expect(document.querySelector('guidepost-help')).not.toBeNull();
    view.destroy();
    expect(document.body.innerHTML).toBe(before);
  });
});

describe('checklists', () => {
  const checklist = { id: 'start', type: 'checklist', title: 'Start', tasks: [{ id: 'a', title: 'Create', completeOn: 'created' }, { id: 'b', title: 'Invite', completeOn: 'invited' }] };

  it('draws the tasks done so far, folded unless expanded', async () => {
    const { rt, view, progress } = mounted([checklist]);
    progress.set(recordEvent(progress.get(), 'created', NOW));
    show(rt, 'start');
    view.render(undefined);
    await view.settled();
    expect(part('[data-part=checklist][data-item=start]')?.getAttribute('data-state')).toBe('closed');
    rt.expandedChecklists.add('start');
    view.render(undefined);
    expect(part('[data-part=checklist][data-item=start]')?.getAttribute('data-state')).toBe('open');
    expect([...layer()!.querySelectorAll('[data-part=checklist-task]')].map((t) => [t.getAttribute('data-task'), t.getAttribute('data-state')])).toEqual([['a', 'done'], ['b', 'todo']]);
  });
});

describe("the widgets' chunk", () => {
  it('a first paint with a banner waits for it and is whole: the tooltip does not show before the banner', async () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, view } = mounted([
      { id: 'tip', type: 'tooltip', target: '#save', body: 'Tip' },
      { id: 'welcome', type: 'banner', body: 'Welcome' },
    ]);
    show(rt, 'tip', { reference: document.getElementById('save') });
    show(rt, 'welcome');
    view.render(undefined);
    expect(root()).toBeNull();
    const settled = view.settled();
    expect(settled).toBeInstanceOf(Promise);
    await settled;
    expect(part('[data-part=tooltip][data-item=tip]')).not.toBeNull();
    expect(part('[data-part=banner][data-item=welcome]')?.textContent).toContain('Welcome');
    expect(view.settled()).toBeUndefined();
  });
});

describe('"viewed"', () => {
  it('is reported once per page view per item, with its arm when it has one', () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, view, events } = mounted([
      { id: 'tip', type: 'tooltip', target: '#save', body: 'Tip' },
      { id: 'plain', type: 'tooltip', target: '#save', body: 'Plain' },
    ]);
    rt.experiments = {
      armFor: (item: Item) => (item.id === 'tip' ? ({ experiment: { key: 'exp' }, assignment: { experiment: 'exp', variation: 'on', forced: false, enabled: true } } as unknown as ItemArm) : undefined),
    } as unknown as Experiments;
    show(rt, 'tip', { reference: document.getElementById('save') });
    view.render(undefined);
    expect(viewed.onViewed).toBeTypeOf('function');
    viewed.onViewed!('tip');
    viewed.onViewed!('tip');
    viewed.onViewed!('plain');
    expect(events).toEqual([
      { type: 'viewed', item_id: 'tip', item_type: 'tooltip', item_version: 1, experiment: 'exp', variation: 'on', forced: false },
      { type: 'viewed', item_id: 'plain', item_type: 'tooltip', item_version: 1 },
    ]);
    expect(rt.pageView.viewed).toEqual(new Set(['tip', 'plain']));
  });

  it('ignores ids the manifest does not have (a stale element, a forged attribute)', () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, view, events } = mounted([{ id: 'tip', type: 'tooltip', target: '#save', body: 'Tip' }]);
    show(rt, 'tip', { reference: document.getElementById('save') });
    view.render(undefined);
    for (const id of ['ghost', '__proto__', 'constructor', '']) viewed.onViewed!(id);
    expect(events).toEqual([]);
    expect(rt.pageView.viewed.size).toBe(0);
  });

  it('is not reported for a previewed item', () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, view, events } = mounted([{ id: 'tip', type: 'tooltip', target: '#save', body: 'Tip' }]);
    rt.previewing.add('tip');
    show(rt, 'tip', { reference: document.getElementById('save'), preview: true });
    view.render(undefined);
    viewed.onViewed!('tip');
    expect(events).toEqual([]);
  });
});

describe('an item that cannot be shown', () => {
  it('content that cannot render: reported once as a manifest problem naming the item, kept off screen for the page view; the others show', () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, view, errors } = mounted([
      { id: 'fine', type: 'tooltip', target: '#save', body: 'Fine' },
      { id: 'bad', type: 'tooltip', target: '#save', body: 'Bad' },
    ]);
    // A compiled manifest is not validated: buttons that are not a list.
    const bad = { ...rt.manifest!.items[1], buttons: 42 } as unknown as Item;
    rt.manifest = { ...rt.manifest!, items: [rt.manifest!.items[0], bad] };
    show(rt, 'fine', { reference: document.getElementById('save') });
    rt.showing.set('bad', { item: bad, reference: document.getElementById('save')! });
    view.render(undefined);
    expect(part('[data-part=tooltip][data-item=fine]')).not.toBeNull();
    expect(part('[data-item=bad]')).toBeNull();
    expect(rt.showing.has('bad')).toBe(false);
    expect(rt.pageView.unrenderable.has('bad')).toBe(true);
    expect(errors.map((e) => e.code)).toEqual(['manifest']);
    expect(errors[0].message).toMatch(/^item "bad" cannot be shown: /);
    // Shown again by mistake, it is not reported twice.
    rt.showing.set('bad', { item: bad, reference: document.getElementById('save')! });
    view.render(undefined);
    expect(errors).toHaveLength(1);
  });

  it('a page that blocks the host element: one report for all items, each kept off screen, nothing thrown', () => {
    document.body.innerHTML = '<button id="save">Save</button><h1 id="title">T</h1>';
    vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(() => {
      throw new DOMException('shadow roots are disabled here', 'NotSupportedError');
    });
    const { rt, view, errors } = mounted([
      { id: 'a', type: 'tooltip', target: '#save', body: 'A' },
      { id: 'b', type: 'tooltip', target: '#title', body: 'B' },
    ]);
    show(rt, 'a', { reference: document.getElementById('save') });
    show(rt, 'b', { reference: document.getElementById('title') });
    expect(() => view.render(undefined)).not.toThrow();
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['internal', 'nothing can be shown: the page does not let Guidepost create a host element with a shadow root (NotSupportedError: shadow roots are disabled here)'],
    ]);
    expect([...rt.pageView.unrenderable.keys()].sort()).toEqual(['a', 'b']);
    expect(rt.showing.size).toBe(0);
    expect(document.querySelector('guidepost-root')).toBeNull();
  });

  it('a tour whose step cannot render ends with origin "error" (no dismissal recorded by the person)', async () => {
    const close = vi.fn();
    const { rt, view } = mounted([{ id: 'intro', type: 'tour', steps: [{ title: 'Hi', body: 'Step' }] }]);
    vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(() => {
      throw new DOMException('blocked', 'NotSupportedError');
    });
    rt.tours = {
      surfaces: () => [{ item: rt.manifest!.items[0], tour: { step: 0, total: 1, allowClicksThrough: false, feedback: false } }],
      isRunning: () => true,
      runningIds: () => ['intro'],
      close,
    } as never;
    view.render(undefined);
    await vi.waitFor(() => expect(close).toHaveBeenCalledWith('intro', 'error'));
  });
});

describe('a render that fails', () => {
  it('is reported, never thrown into the caller (a click, track(), startTour())', () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, view, errors } = mounted([{ id: 'tip', type: 'tooltip', target: '#save', body: 'Tip' }]);
    show(rt, 'tip', { reference: document.getElementById('save') });
    const brokenPanel = { debugTools: () => { throw new Error('panel exploded'); } } as never;
    expect(() => view.render(brokenPanel)).not.toThrow();
    expect(errors.map((e) => [e.code, e.message])).toEqual([['internal', 'rendering failed: panel exploded']]);
  });
});
