/**
 * A tour and the page's own modal <dialog> (showModal(): everything outside it is inert), in
 * Chromium with the SDK bundled from src/ (src/ui/render-surfaces.tsx decides, src/ui/Layer.tsx
 * draws). A step whose target is behind the open dialog waits: no card, no shade, Tab and Escape
 * stay the dialog's; it shows when the dialog closes. So does a step with no target the tour has
 * not led into the dialog. A step on a control inside the dialog shows above it and works, and
 * the tour's next centered step goes on there.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPageWithScript, SDK_FROM_SOURCE, useChromiumWithBundle } from '../support/browser-harness';

const session = useChromiumWithBundle(SDK_FROM_SOURCE);

const TOURS = [
  { id: 'behind', type: 'tour', trigger: 'manual', steps: [{ target: '#search', title: 'Search', body: 'Find anything.' }, { target: '#share', title: 'Share', body: 'Share with your team.' }] },
  { id: 'centered', type: 'tour', trigger: 'manual', steps: [{ title: 'Welcome', body: 'Two steps.' }, { target: '#share', title: 'Share', body: 'Share with your team.' }] },
  {
    id: 'inside', type: 'tour', trigger: 'manual',
    steps: [{ target: '#save', title: 'Save', body: 'Saves your settings.' }, { title: 'Saved', body: 'Centered, in the dialog.' }, { target: '#search', title: 'Search', body: 'Behind the dialog.' }],
  },
];

const PAGE = `<!doctype html><html><head><style>body{font:16px sans-serif;margin:24px}</style></head><body>
<nav><button id="search">Search</button> <button id="share">Share</button></nav>
<dialog id="settings"><p>Settings</p><input id="name" aria-label="Name"> <button id="save">Save</button> <button id="close">Close</button></dialog>
<script src="/code.js"></script><script>
window.events = [];
window.clicks = [];
document.addEventListener('click', (e) => e.target.id && window.clicks.push(e.target.id));
document.getElementById('close').addEventListener('click', () => document.getElementById('settings').close());
// Every tour card or shade that is in the layer while the dialog is open (the layer's shadow root, watched from its creation).
window.whileOpen = [];
const dialog = document.getElementById('settings');
const watched = new WeakSet();
const look = (root) => {
  if (!dialog.open) return;
  for (const n of root.querySelectorAll('[data-part=tour-step],[data-part=overlay]')) window.whileOpen.push(n.getAttribute('data-part') + ':' + n.getAttribute('data-item') + (n.hasAttribute('data-step') ? ':' + n.getAttribute('data-step') : ''));
};
new MutationObserver(() => {
  const root = document.querySelector('[data-guidepost-host=layer]')?.shadowRoot;
  if (!root || watched.has(root)) return;
  watched.add(root);
  new MutationObserver(() => look(root)).observe(root, { childList: true, subtree: true, attributes: true });
  look(root);
}).observe(document.documentElement, { childList: true, subtree: true });
window.gp = Guidepost.createGuidepost({
  manifest: { schemaVersion: 1, revision: 'r', items: ${JSON.stringify(TOURS)} },
  locale: 'en',
  onEvent: (e) => window.events.push(e.type + ':' + (e.item_id ?? '') + (e.step !== undefined ? ':' + e.step : '') + (e.origin ? ':' + e.origin : '')),
});
window.ready = window.gp.start().then(() => true);
</script></body></html>`;

async function open(): Promise<{ p: Page; errors: string[] }> {
  const { page: p, errors } = await openPageWithScript(session.browser, PAGE, session.code, { width: 1280, height: 800 });
  await p.waitForFunction(() => window.ready);
  return { p, errors };
}

const stepOf = (p: Page, id: string) => p.locator('guidepost-root').locator(`[data-part=tour-step][data-item=${id}]`);
const overlayOf = (p: Page, id: string) => p.locator('guidepost-root').locator(`[data-part=overlay][data-item=${id}]`);
const events = (p: Page) => p.evaluate(() => window.events);
const dialogOpen = (p: Page) => p.evaluate(() => (document.getElementById('settings') as HTMLDialogElement).open);
const openDialog = (p: Page) => p.evaluate(() => {
  (document.getElementById('settings') as HTMLDialogElement).showModal();
  document.getElementById('name')!.focus();
});
/** The id of the page element that has focus, or "step:<item>:<n>" when a tour's step (or a control in it) has it. */
const focused = (p: Page) => p.evaluate((): string => {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  const step = active?.closest('[data-part=tour-step]');
  return step ? `step:${step.getAttribute('data-item')}:${step.getAttribute('data-step')}` : active?.id || (active?.tagName.toLowerCase() ?? 'none');
});
/** What explain() says of the item. */
const explainOf = (p: Page, id: string) => p.evaluate((id) => window.gp.explain().find((e) => e.itemId === id)!, id);
/** Whether the step is on screen: placed (or centered) and visible. */
const onScreen = (p: Page, id: string) => stepOf(p, id).evaluate((n: HTMLElement) => (n.hasAttribute('data-placement') || n.hasAttribute('data-centered')) && getComputedStyle(n).visibility === 'visible').catch(() => false);
/** The element a click at `selector`'s centre lands on, as "tag#id". */
const hitAt = (p: Page, selector: string) => p.evaluate((selector) => {
  const r = document.querySelector(selector)!.getBoundingClientRect();
  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return `${hit?.tagName.toLowerCase()}#${hit?.id}`;
}, selector);

describe('a tour step whose target is behind the page’s open modal dialog', () => {
  it('waits (no card, no shade, Tab and Escape stay the dialog’s), then shows when the dialog closes', async () => {
    const { p, errors } = await open();
    await openDialog(p);
    await p.evaluate(() => window.gp.startTour('behind'));
    // The tour runs (its first step is decided on) and the layer followed the dialog.
    await expect.poll(() => events(p)).toContain('step_viewed:behind:0');
    await expect.poll(() => p.evaluate(() => document.querySelector('[data-guidepost-host=layer]')?.parentElement?.id)).toBe('settings');
    expect(await focused(p)).toBe('name');
    // Tab goes through the dialog's own controls, never into a tour card.
    const tabs: string[] = [];
    for (const key of ['Tab', 'Tab', 'Shift+Tab']) {
      await p.keyboard.press(key);
      tabs.push(await focused(p));
    }
    expect(tabs).toEqual(['save', 'close', 'save']);
    // explain() says the step waits for the dialog, not that the tour is on screen.
    const waiting = await explainOf(p, 'behind');
    expect(waiting).toMatchObject({ shown: false, reason: { code: 'waiting', step: 0, dialog: true } });
    expect(waiting.message).toMatch(/^waiting: step 1 waits for the page's dialog to close/);
    // Escape closes the page's dialog, not the tour.
    await p.keyboard.press('Escape');
    await expect.poll(() => dialogOpen(p)).toBe(false);
    // Then the step shows, spotlighting its target, and takes focus as a step that appears does.
    await expect.poll(() => onScreen(p, 'behind')).toBe(true);
    expect(await explainOf(p, 'behind')).toMatchObject({ shown: true });
    expect(await overlayOf(p, 'behind').count()).toBe(1);
    await expect.poll(() => focused(p)).toBe('step:behind:0');
    expect(await p.evaluate(() => window.whileOpen)).toEqual([]);
    expect(await events(p)).not.toContainEqual(expect.stringMatching(/^dismissed:/));
    expect((await events(p)).filter((e) => e.startsWith('step_viewed:behind:0'))).toHaveLength(1);
    await stepOf(p, 'behind').locator('[data-action=next]').click();
    await expect.poll(() => events(p)).toContain('step_viewed:behind:1');
    expect(errors).toEqual([]);
    await p.context().close();
  });

  it.each([
    ['a step on a page control', 'behind'],
    ['a centered step (no target)', 'centered'],
  ])('%s on screen when the page opens its modal dialog over it: card and shade go (the dialog takes clicks, Tab and Escape), and come back as they were when it closes', async (_, tour) => {
    const { p, errors } = await open();
    await p.evaluate((tour) => window.gp.startTour(tour), tour);
    await expect.poll(() => onScreen(p, tour)).toBe(true);
    await expect.poll(() => focused(p)).toBe(`step:${tour}:0`);
    await openDialog(p);
    await expect.poll(() => stepOf(p, tour).count()).toBe(0);
    expect(await overlayOf(p, tour).count()).toBe(0);
    // Nothing of the tour's lies over the dialog: a click on its button reaches it.
    expect(await hitAt(p, '#save')).toBe('button#save');
    await p.mouse.click(...(await p.locator('#save').evaluate((n) => { const r = n.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2] as [number, number]; })));
    expect(await p.evaluate(() => window.clicks)).toContain('save');
    await p.locator('#name').focus();
    await p.keyboard.press('Tab');
    expect(await focused(p)).toBe('save');
    await p.keyboard.press('Escape');
    await expect.poll(() => dialogOpen(p)).toBe(false);
    // The same step, seen once (it waited; it was not shown anew).
    await expect.poll(() => onScreen(p, tour)).toBe(true);
    expect(await stepOf(p, tour).getAttribute('data-step')).toBe('0');
    expect(await overlayOf(p, tour).count()).toBe(1);
    expect((await events(p)).filter((e) => e.startsWith(`step_viewed:${tour}:`))).toEqual([`step_viewed:${tour}:0`]);
    expect(await events(p)).not.toContainEqual(expect.stringMatching(/^dismissed:/));
    expect(errors).toEqual([]);
    await p.context().close();
  });

  it('a centered step (no target) started while the dialog is open waits for it to close', async () => {
    const { p, errors } = await open();
    await openDialog(p);
    await p.evaluate(() => window.gp.startTour('centered'));
    await expect.poll(() => events(p)).toContain('step_viewed:centered:0');
    await expect.poll(() => p.evaluate(() => document.querySelector('[data-guidepost-host=layer]')?.parentElement?.id)).toBe('settings');
    expect(await focused(p)).toBe('name');
    await p.keyboard.press('Escape');
    await expect.poll(() => dialogOpen(p)).toBe(false);
    await expect.poll(() => onScreen(p, 'centered')).toBe(true);
    await expect.poll(() => focused(p)).toBe('step:centered:0');
    expect(await p.evaluate(() => window.whileOpen)).toEqual([]);
    expect(errors).toEqual([]);
    await p.context().close();
  });
});

describe('a tour step on a control inside the page’s open modal dialog', () => {
  it('shows above the dialog and works; the next, centered step goes on there; a step behind the dialog then waits, focus back on the dialog’s control, until it closes', async () => {
    const { p, errors } = await open();
    await openDialog(p);
    await p.evaluate(() => window.gp.startTour('inside'));
    await expect.poll(() => onScreen(p, 'inside')).toBe(true);
    expect(await overlayOf(p, 'inside').count()).toBe(1);
    // Its Next takes the click (the layer is in the dialog, above it), and Tab stays in the step.
    const next = stepOf(p, 'inside').locator('[data-action=next]');
    const b = (await next.boundingBox())!;
    expect(await p.evaluate(([x, y]) => document.elementFromPoint(x, y)?.getAttribute('data-guidepost-host'), [b.x + b.width / 2, b.y + b.height / 2])).toBe('layer');
    await expect.poll(() => focused(p)).toBe('step:inside:0');
    await p.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
    // The centered step goes on above the dialog: the tour is in it.
    await expect.poll(() => onScreen(p, 'inside')).toBe(true);
    await expect.poll(() => stepOf(p, 'inside').getAttribute('data-step')).toBe('1');
    expect(await dialogOpen(p)).toBe(true);
    await stepOf(p, 'inside').locator('[data-action=next]').click();
    // Its third step points behind the dialog: it waits, and focus, which was in the tour's card,
    // goes back into the dialog (to the control the tour pointed at there), not to <body>.
    await expect.poll(() => events(p)).toContain('step_viewed:inside:2');
    await expect.poll(() => stepOf(p, 'inside').count()).toBe(0);
    await expect.poll(() => focused(p)).toBe('save');
    expect(await p.evaluate(() => window.whileOpen.filter((s: string) => s.endsWith(':2')))).toEqual([]);
    await p.keyboard.press('Escape');
    await expect.poll(() => dialogOpen(p)).toBe(false);
    await expect.poll(() => onScreen(p, 'inside')).toBe(true);
    expect(await stepOf(p, 'inside').getAttribute('data-step')).toBe('2');
    expect(await events(p)).not.toContainEqual(expect.stringMatching(/^dismissed:/));
    expect(errors).toEqual([]);
    await p.context().close();
  });
});

declare global {
  interface Window {
    events: string[];
    clicks: string[];
    whileOpen: string[];
    ready: Promise<boolean>;
    gp: { startTour(id: string): void; explain(): import('../../src/options').Explanation[] };
  }
}
