/**
 * One anonymous id per browser (src/store/identity.ts startIdentity, src/runtime/tab-sync.ts):
 * two tabs of one context (one IndexedDB, one BroadcastChannel) whose first visit starts at
 * the same moment are one unit. With Web Locks the second tab waits for the first one's id to
 * be stored and takes it: both report the same unit from their first assignment. Without them
 * (taken off the page), each makes its own at once and the tab channel settles on the smaller.
 * How long start() took in each tab is logged (measured, not asserted).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SDK_FROM_SOURCE, useChromiumWithBundle, watchPageErrors } from '../support/browser-harness';

const session = useChromiumWithBundle(SDK_FROM_SOURCE);

const manifest = {
  schemaVersion: 1,
  revision: 'r',
  experiments: [{ key: 'e', variations: [{ key: 'off', enabled: false }, { key: 'on' }], scope: { items: ['tip'] } }],
  items: [{ id: 'tip', type: 'banner', body: 'x' }],
};

const page = (locks: boolean) => `<!doctype html><html><body>
${locks ? '' : "<script>Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined });</script>"}
<script src="/code.js"></script><script>
window.events = [];
window.gp = Guidepost.createGuidepost({ locale: 'en', manifest: ${JSON.stringify(manifest)}, onEvent: (e) => window.events.push(e) });
// Started at one moment in both tabs (a time on the shared clock), as a person restoring two tabs does.
window.goAt = (at) => new Promise((resolve) => setTimeout(async () => { const t = performance.now(); await window.gp.start(); resolve(performance.now() - t); }, at - Date.now()));
</script></body></html>`;

type Seen = { type: string; unit_id?: string; anonymous_id?: string };
const events = (p: Page) => p.evaluate(() => (window as unknown as { events: Seen[] }).events);
const units = async (p: Page) => (await events(p)).flatMap((e) => (e.type === 'assignment' ? [e.unit_id!] : []));

/** Tracks a goal in `p`'s tab: the anonymous id it goes out with. */
const lastGoal = (p: Page) =>
  p.evaluate(() => {
    const w = window as unknown as { gp: { track(name: string): void }; events: Seen[] };
    w.gp.track('g');
    return w.events.filter((e) => e.type === 'goal').at(-1)?.anonymous_id;
  });

/**
 * Two pages of one context at http://localhost/ (answered by the test, no server): a secure
 * context, as Web Locks need (the harness's http://guidepost.test is not one: no locks there).
 */
async function twoTabs(locks: boolean) {
  const html = page(locks);
  const context = await session.browser.newContext();
  await context.route('http://localhost/**', (route) =>
    new URL(route.request().url()).pathname === '/code.js' ? route.fulfill({ contentType: 'text/javascript', body: session.code }) : route.fulfill({ contentType: 'text/html', body: html }),
  );
  const [a, b] = [await context.newPage(), await context.newPage()];
  const [errorsA, errorsB] = [watchPageErrors(a), watchPageErrors(b)];
  const errors = () => [...errorsA, ...errorsB];
  await a.goto('http://localhost/');
  await b.goto('http://localhost/');
  expect(await a.evaluate(() => typeof navigator.locks?.request)).toBe(locks ? 'function' : 'undefined');
  const at = Date.now() + 300;
  const go = (p: Page) => p.evaluate((t) => (window as unknown as { goAt: (at: number) => Promise<number> }).goAt(t), at);
  const took = await Promise.all([go(a), go(b)]);
  console.log(`start() on a first visit, two tabs at once (${locks ? 'Web Locks' : 'no locks'}): ${took.map((ms) => `${ms.toFixed(1)} ms`).join(', ')}`);
  return { a, b, errors };
}

describe('two tabs of a first visit, started together', () => {
  it('with Web Locks: one unit from the first assignment on', async () => {
    const { a, b, errors } = await twoTabs(true);
    // The assignment is reported once per unit and session on the device: by either tab.
    await expect.poll(async () => (await units(a)).length + (await units(b)).length).toBeGreaterThan(0);
    const all = [...(await units(a)), ...(await units(b))];
    expect(new Set(all).size).toBe(1);
    expect([await lastGoal(a), await lastGoal(b)]).toEqual([all[0], all[0]]);
    expect(errors()).toEqual([]);
    await a.context().close();
  });

  it('without Web Locks: the tabs settle on one id (the smaller) over their channel', async () => {
    const { a, b, errors } = await twoTabs(false);
    await expect.poll(async () => new Set([await lastGoal(a), await lastGoal(b)]).size).toBe(1);
    const settled = await lastGoal(a);
    // Each tab made its own: the smaller is the one kept (assigned, by whichever tab reported it).
    const all = [...(await units(a)), ...(await units(b))].sort();
    expect(all[0]).toBe(settled);
    expect(errors()).toEqual([]);
    await a.context().close();
  });
});
