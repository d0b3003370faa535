/**
 * Surface actions (src/runtime/surface-actions.ts): what people do on a surface, and what each
 * reports and records. Closing ends an item with its origin, except a help link's or a hotspot's
 * popover (the "?" and the beacon stay; an opened hotspot is completed, and reported so once, and
 * its popover's buttons report no second end); each button reports
 * cta_clicked with its action, then next/done complete, dismiss dismisses, back moves a tour only,
 * url opens a new tab, track reports the goal, startTour starts the tour; "Was this helpful?"
 * reports feedback; a checklist folds and unfolds without a report, and its tasks start a tour or
 * open a page; URLs a compiled manifest could carry unchecked are refused and reported.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Guidepost, type GuidepostError, type GuidepostEvent, type KeyValueStorage } from '../../src/index';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { surfaceCallbacks } from '../../src/runtime/surface-actions';
import type { Item } from '../../src/manifest/schema';

const layer = () => document.querySelector('guidepost-root')?.shadowRoot ?? null;
const part = (selector: string) => layer()?.querySelector<HTMLElement>(selector) ?? null;
const record = async (storage: KeyValueStorage, id: string) =>
  (await storage.get<{ state: { items: Record<string, { status: string }> } }>('progress:u1'))?.state.items[id];
/** An item's reports, as "type" or "type:origin", with their properties when they have some. */
const reports = (events: GuidepostEvent[], id: string) =>
  events.filter((e) => e.item_id === id && !['exposure', 'viewed'].includes(e.type)).map((e) => [e.origin ? `${e.type}:${e.origin}` : e.type, e.properties]);

let live: Guidepost[] = [];
async function started(items: unknown[], navigate?: (path: string) => void) {
  document.body.innerHTML = '<button id="save">Save</button><h1 id="title">Title</h1>';
  const events: GuidepostEvent[] = [];
  const storage = memoryStorage();
  const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items }, user: { id: 'u1' }, storage, locale: 'en', navigate, onEvent: (e) => events.push(e) });
  live.push(gp);
  await gp.start();
  return { gp, events, storage };
}

afterEach(() => {
  live.forEach((gp) => gp.destroy());
  live = [];
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('closing', () => {
  it('Escape on a tooltip dismisses it for good with origin "escape"', async () => {
    const { gp, events, storage } = await started([{ id: 'tip', type: 'tooltip', target: '#save', body: 'Saves.' }]);
    part('[data-part=tooltip][data-item=tip]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await vi.waitFor(() => expect(part('[data-item=tip]')).toBeNull());
    expect(reports(events, 'tip')).toEqual([['dismissed:escape', undefined]]);
    await vi.waitFor(async () => expect((await record(storage, 'tip'))?.status).toBe('dismissed'));
    expect(gp.explain('tip')?.reason.code).toBe('dismissed');
  });

  it("a hotspot's popover: opening reports shown and completes it (reported, origin \"open\"); closing leaves the beacon and records no dismissal", async () => {
    const { events, storage } = await started([{ id: 'spot', type: 'hotspot', target: '#save', title: 'New', body: 'Try it.' }]);
    await vi.waitFor(() => expect(part('[data-part=hotspot][data-item=spot]')).not.toBeNull());
    part('[data-part=hotspot]')!.click();
    await vi.waitFor(() => expect(part('[data-part=popover][data-item=spot]')).not.toBeNull());
    await vi.waitFor(async () => expect((await record(storage, 'spot'))?.status).toBe('completed'));
    part('[data-part=popover] [data-part=close]')!.click();
    await vi.waitFor(() => expect(part('[data-part=popover]')).toBeNull());
    expect(part('[data-part=hotspot][data-item=spot]')).not.toBeNull();
    expect(reports(events, 'spot')).toEqual([['shown', undefined], ['completed:open', undefined]]);
  });

  it('a hotspot opened again in the same page view is shown again, but completed once: one event per change of its record', async () => {
    const { gp, events, storage } = await started([{ id: 'spot', type: 'hotspot', target: '#save', title: 'New', body: 'Try it.' }]);
    await vi.waitFor(() => expect(part('[data-part=hotspot][data-item=spot]')).not.toBeNull());
    for (let i = 0; i < 2; i++) {
      part('[data-part=hotspot]')!.click();
      await vi.waitFor(() => expect(part('[data-part=popover][data-item=spot]')).not.toBeNull());
      part('[data-part=popover] [data-part=close]')!.click();
      await vi.waitFor(() => expect(part('[data-part=popover]')).toBeNull());
    }
    expect(reports(events, 'spot')).toEqual([['shown', undefined], ['completed:open', undefined], ['shown', undefined]]);
    await vi.waitFor(async () => expect((await record(storage, 'spot'))?.status).toBe('completed'));
    gp.destroy();
    // What the record says after a reload is what the collector heard.
    const again = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items: [{ id: 'spot', type: 'hotspot', target: '#save', body: 'Try it.' }] }, user: { id: 'u1' }, storage, locale: 'en' });
    live.push(again);
    await again.start();
    expect(again.explain('spot')?.reason.code).toBe('completed');
  });

  it.each(['done', 'next', 'dismiss'])('a hotspot\'s "%s" button takes it away with its cta_clicked, and no second end', async (action) => {
    const { events, storage } = await started([{ id: 'spot', type: 'hotspot', target: '#save', body: 'Try it.', buttons: [{ label: 'OK', action }] }]);
    await vi.waitFor(() => expect(part('[data-part=hotspot][data-item=spot]')).not.toBeNull());
    part('[data-part=hotspot]')!.click();
    await vi.waitFor(() => expect(part('[data-part=popover] [data-action]')).not.toBeNull());
    part('[data-part=popover] [data-action]')!.click();
    await vi.waitFor(() => expect(part('[data-part=hotspot][data-item=spot]')).toBeNull());
    expect(reports(events, 'spot')).toEqual([['shown', undefined], ['completed:open', undefined], ['cta_clicked', { action }]]);
    await vi.waitFor(async () => expect((await record(storage, 'spot'))?.status).toBe('completed'));
  });

  it('a hotspot shown on every page view ("always"): Done keeps it away for the rest of that page view, and it comes back on the next; completed once', async () => {
    history.replaceState({}, '', '/');
    document.body.innerHTML = '<button id="save">Save</button><h1 id="title">Title</h1>';
    // A clock the test moves: each page view starts after what the one before it recorded.
    let clock = Date.UTC(2030, 0, 1);
    const events: GuidepostEvent[] = [];
    const items = [
      { id: 'spot', type: 'hotspot', target: '#save', body: 'Try it.', frequency: 'always', buttons: [{ label: 'OK', action: 'done' }] },
      { id: 'later', type: 'tooltip', target: '#title', trigger: { event: 'later' }, body: 'Later.' },
    ];
    const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items }, user: { id: 'u1' }, storage: memoryStorage(), locale: 'en', now: () => clock, onEvent: (e) => events.push(e) });
    live.push(gp);
    await gp.start();
    const openAndDone = async () => {
      await vi.waitFor(() => expect(part('[data-part=hotspot][data-item=spot]')).not.toBeNull());
      part('[data-part=hotspot]')!.click();
      await vi.waitFor(() => expect(part('[data-part=popover] [data-action]')).not.toBeNull());
      part('[data-part=popover] [data-action]')!.click();
      await vi.waitFor(() => expect(part('[data-part=hotspot][data-item=spot]')).toBeNull());
    };
    await openAndDone();
    clock += 60_000;
    history.pushState({}, '', '/other');
    // Completed in the page view before: shown again, opened, and Done.
    await openAndDone();
    clock += 1000;
    // Another decision in this page view (a tracked event brings a tooltip): the hotspot stays away.
    gp.track('later');
    await vi.waitFor(() => expect(part('[data-part=tooltip][data-item=later]')).not.toBeNull());
    expect(part('[data-part=hotspot][data-item=spot]')).toBeNull();
    expect(gp.explain('spot')?.reason).toMatchObject({ code: 'completed', forPageView: true });
    clock += 60_000;
    history.pushState({}, '', '/third');
    await vi.waitFor(() => expect(part('[data-part=hotspot][data-item=spot]')).not.toBeNull());
    expect(reports(events, 'spot').map(([type]) => type)).toEqual(['shown', 'completed:open', 'cta_clicked', 'shown', 'cta_clicked']);
    history.replaceState({}, '', '/');
  });

  it("a help link's popover: opening reports shown, closing leaves the \"?\"; neither completes nor dismisses it", async () => {
    const { events, storage } = await started([{ id: 'help', type: 'helpLink', target: '#title', title: 'About', body: 'What this is.' }]);
    const host = () => document.querySelector('guidepost-help')?.shadowRoot ?? null;
    await vi.waitFor(() => expect(host()?.querySelector('[data-part=help-link]') ?? null).not.toBeNull());
    host()!.querySelector<HTMLElement>('[data-part=help-link]')!.click();
    await vi.waitFor(() => expect(host()!.querySelector('[data-part=popover] [data-part=close]') ?? null).not.toBeNull());
    host()!.querySelector<HTMLElement>('[data-part=popover] [data-part=close]')!.click();
    await vi.waitFor(() => expect(host()!.querySelector('[data-part=popover]')).toBeNull());
    expect(host()!.querySelector('[data-part=help-link]')).not.toBeNull();
    expect(reports(events, 'help')).toEqual([['shown', undefined]]);
    expect((await record(storage, 'help'))?.status).toBe('seen');
  });
});

describe('buttons on a banner', () => {
  const banner = (action: string, extra: Record<string, unknown> = {}) => ({ id: 'promo', type: 'banner', body: 'Hello', buttons: [{ label: 'Go', action, ...extra }] });
  const press = () => part('[data-part=banner] [data-action]')!.click();

  it.each([
    ['done', 'completed'],
    ['next', 'completed'],
    ['dismiss', 'dismissed'],
  ])('"%s" reports the click, then ends the banner %s with origin "cta"', async (action, status) => {
    const { gp, events, storage } = await started([banner(action)]);
    press();
    await vi.waitFor(() => expect(part('[data-item=promo]')).toBeNull());
    expect(reports(events, 'promo')).toEqual([['cta_clicked', { action }], [`${status}:cta`, undefined]]);
    await vi.waitFor(async () => expect((await record(storage, 'promo'))?.status).toBe(status));
    expect(gp.explain('promo')?.reason.code).toBe(status);
  });

  it('"back" outside a tour only reports the click: the banner stays', async () => {
    const { gp, events } = await started([banner('back')]);
    press();
    expect(reports(events, 'promo')).toEqual([['cta_clicked', { action: 'back' }]]);
    expect(part('[data-part=banner][data-item=promo]')).not.toBeNull();
    expect(gp.explain('promo')?.shown).toBe(true);
  });

  it('"url" opens the page in a new tab without an opener; the banner stays', async () => {
    const open = vi.spyOn(window, 'open').mockImplementation(() => null);
    const { events } = await started([banner('url', { url: 'https://example.com/pricing' })]);
    press();
    expect(open).toHaveBeenCalledWith('https://example.com/pricing', '_blank', 'noopener');
    expect(reports(events, 'promo')).toEqual([['cta_clicked', { action: 'url' }]]);
    expect(part('[data-part=banner][data-item=promo]')).not.toBeNull();
  });

  it('"track" reports its event as a goal, which completes the help whose goal it is', async () => {
    const { events } = await started([{ ...banner('track', { event: 'upgraded' }), goal: 'upgraded' }]);
    press();
    expect(events.filter((e) => e.type === 'goal').map((e) => e.name)).toEqual(['upgraded']);
    expect(reports(events, 'promo')).toEqual([['cta_clicked', { action: 'track' }], ['completed:goal', undefined]]);
    await vi.waitFor(() => expect(part('[data-item=promo]')).toBeNull());
  });

  it('"startTour" starts the tour it names', async () => {
    const tour = { id: 'intro', type: 'tour', trigger: 'manual', steps: [{ target: '#save', title: 'Save', body: 'Here.' }] };
    const { gp, events } = await started([banner('startTour', { tour: 'intro' }), tour]);
    press();
    await vi.waitFor(() => expect(part('[data-part=tour-step][data-item=intro]')).not.toBeNull());
    expect(reports(events, 'promo')).toEqual([['cta_clicked', { action: 'startTour' }]]);
    expect(gp.explain('intro')?.shown).toBe(true);
  });
});

describe('buttons and feedback on a tour step', () => {
  const tour = (extra: Record<string, unknown> = {}) => ({
    id: 'intro',
    type: 'tour',
    trigger: 'manual',
    steps: [
      { target: '#save', title: 'One', body: '1', buttons: [{ label: 'Later', action: 'dismiss' }, { label: 'Continue', action: 'next' }] },
      { target: '#title', title: 'Two', body: '2', buttons: [{ label: 'Previous', action: 'back' }, { label: 'Finish', action: 'done' }] },
    ],
    ...extra,
  });
  const step = () => part('[data-part=tour-step][data-item=intro]');
  const press = (action: string) => step()!.querySelector<HTMLElement>(`[data-part=actions] [data-action=${action}]`)!.click();

  it('next, back and done move and finish the tour, each click reported with its action', async () => {
    const { gp, events } = await started([tour()]);
    gp.startTour('intro');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('0'));
    press('next');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('1'));
    press('back');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('0'));
    press('next');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('1'));
    press('done');
    await vi.waitFor(() => expect(step()).toBeNull());
    const clicks = events.filter((e) => e.type === 'cta_clicked').map((e) => e.properties?.action);
    expect(clicks).toEqual(['next', 'back', 'next', 'done']);
    expect(events.filter((e) => ['step_next', 'step_back', 'completed', 'dismissed'].includes(e.type)).map((e) => `${e.type}@${e.step ?? ''}`)).toEqual(['step_next@0', 'step_back@1', 'step_next@0', 'completed@']);
  });

  it('dismiss closes the tour with origin "cta"', async () => {
    const { gp, events } = await started([tour()]);
    gp.startTour('intro');
    await vi.waitFor(() => expect(step()).not.toBeNull());
    press('dismiss');
    await vi.waitFor(() => expect(step()).toBeNull());
    expect(events.filter((e) => e.type === 'dismissed').map((e) => [e.item_id, e.origin])).toEqual([['intro', 'cta']]);
    expect(gp.explain('intro')?.reason.code).toBe('dismissed');
  });

  it('"Was this helpful?" on the last step reports the answer, then the comment', async () => {
    const { gp, events } = await started([tour({ feedback: true, steps: [{ target: '#save', title: 'Only', body: 'One.' }] })]);
    gp.startTour('intro');
    await vi.waitFor(() => expect(step()?.querySelector('[data-answer=yes]') ?? null).not.toBeNull());
    step()!.querySelector<HTMLElement>('[data-answer=yes]')!.click();
    await vi.waitFor(() => expect(step()?.querySelector('textarea') ?? null).not.toBeNull());
    const comment = step()!.querySelector('textarea')!;
    comment.value = '  Clear enough  ';
    comment.dispatchEvent(new Event('input', { bubbles: true }));
    // Preact draws the typed comment in a microtask (queueMicrotask): submit after it has.
    await Promise.resolve();
    step()!.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'feedback')).toHaveLength(2));
    expect(reports(events, 'intro').filter(([type]) => type === 'feedback')).toEqual([['feedback', { helpful: true }], ['feedback', { helpful: true, comment: 'Clear enough' }]]);
  });
});

describe('a checklist', () => {
  const tasks = [{ id: 'learn', title: 'Take the tour', tour: 'intro' }, { id: 'plan', title: 'Pick a plan', url: '/settings/plan' }, { id: 'read', title: 'Read the guide', url: 'https://example.com/guide' }];
  const checklist = { id: 'setup', type: 'checklist', title: 'Get started', tasks };
  const tour = { id: 'intro', type: 'tour', trigger: 'manual', steps: [{ target: '#save', title: 'Save', body: 'Here.' }] };
  const list = () => part('[data-part=checklist][data-item=setup]');
  const task = (id: string) => list()!.querySelector<HTMLElement>(`[data-task=${id}] [data-part=task-button]`)!;

  it('folds and unfolds from its launcher, reporting nothing', async () => {
    const { events } = await started([checklist, tour]);
    await vi.waitFor(() => expect(list()?.dataset.state).toBe('open'));
    list()!.querySelector<HTMLElement>('[data-part=checklist-launcher]')!.click();
    await vi.waitFor(() => expect(list()?.dataset.state).toBe('closed'));
    list()!.querySelector<HTMLElement>('[data-part=checklist-launcher]')!.click();
    await vi.waitFor(() => expect(list()?.dataset.state).toBe('open'));
    expect(reports(events, 'setup')).toEqual([]);
  });

  it("a task starts its tour, opens this site's page in this tab and another site's in a new tab, each click reported", async () => {
    const open = vi.spyOn(window, 'open').mockImplementation(() => null);
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {});
    const { events } = await started([checklist, tour]);
    await vi.waitFor(() => expect(list()?.dataset.state).toBe('open'));
    task('plan').click();
    // Once the click is written (a page load ends the document).
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('/settings/plan'));
    task('read').click();
    expect(open).toHaveBeenCalledWith('https://example.com/guide', '_blank', 'noopener');
    task('learn').click();
    await vi.waitFor(() => expect(part('[data-part=tour-step][data-item=intro]')).not.toBeNull());
    expect(reports(events, 'setup')).toEqual([['cta_clicked', { task: 'plan' }], ['cta_clicked', { task: 'read' }], ['cta_clicked', { task: 'learn' }]]);
  });
});

describe("a checklist task's page in a single-page app", () => {
  it("goes through the app's router (no page load), relative URLs resolved against this page", async () => {
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {});
    const paths: string[] = [];
    const tasks = [{ id: 'plan', title: 'Pick a plan', url: '/settings/plan?tab=billing#card' }, { id: 'team', title: 'Invite', url: 'team' }];
    await started([{ id: 'setup', type: 'checklist', title: 'Get started', tasks }], (path) => paths.push(path));
    const list = () => part('[data-part=checklist][data-item=setup]');
    await vi.waitFor(() => expect(list()?.dataset.state).toBe('open'));
    list()!.querySelector<HTMLElement>('[data-task=plan] [data-part=task-button]')!.click();
    list()!.querySelector<HTMLElement>('[data-task=team] [data-part=task-button]')!.click();
    expect(paths).toEqual(['/settings/plan?tab=billing#card', new URL('team', location.href).pathname]);
    expect(assign).not.toHaveBeenCalled();
  });
});

describe('URLs a compiled manifest carries unchecked (surfaceCallbacks called directly)', () => {
  function runtime() {
    const errors: GuidepostError[] = [];
    const rt: Runtime = createRuntime({ manifest: null, locale: 'en', onError: (e) => errors.push(e) });
    const emit = vi.fn();
    rt.tracker = { emit } as unknown as Runtime['tracker'];
    rt.doc = document;
    return { rt, errors, emit };
  }

  it('a button and a task with a javascript: URL are reported and not followed', () => {
    const open = vi.spyOn(window, 'open').mockImplementation(() => null);
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {});
    const { rt, errors, emit } = runtime();
    const callbacks = surfaceCallbacks(rt);
    const button = { label: 'Go', action: 'url', url: 'javascript:alert(1)' } as const;
    callbacks.onButton({ id: 'promo', type: 'banner', buttons: [button] } as Item, { label: 'Go', button, primary: true });
    const task = { id: 't', title: 'T', url: 'javascript:alert(2)' };
    callbacks.onTask({ id: 'setup', type: 'checklist', tasks: [task] } as Item, task);
    expect(open).not.toHaveBeenCalled();
    expect(assign).not.toHaveBeenCalled();
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['manifest', 'item "promo": the URL "javascript:alert(1)" is not allowed (use an http(s), mailto or relative URL); not followed'],
      ['manifest', 'item "setup": the URL "javascript:alert(2)" is not allowed (use an http(s), mailto or relative URL); not followed'],
    ]);
    // The clicks themselves are still reported.
    expect(emit.mock.calls.map(([fields]) => fields.properties)).toEqual([{ action: 'url' }, { task: 't' }]);
  });
});
