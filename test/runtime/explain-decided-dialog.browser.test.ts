/**
 * explain() (src/runtime/explain-decided.ts) while the page's own modal <dialog> is open, in
 * Chromium with the SDK bundled from src/: a tour whose step is behind the dialog waits (the
 * renderer draws no card: src/ui/modal-wait.ts), and is said to wait; a tooltip on a control in
 * the dialog is drawn meanwhile, and is said to be shown, not held back by that tour.
 */
import { expect, it } from 'vitest';
import { openPageWithScript, SDK_FROM_SOURCE, useChromiumWithBundle } from '../support/browser-harness';
import type { Explanation } from '../../src/options';

const session = useChromiumWithBundle(SDK_FROM_SOURCE);

const ITEMS = [
  { id: 'behind', type: 'tour', trigger: 'manual', steps: [{ target: '#search', title: 'Search', body: 'Find anything.' }] },
  { id: 'tip', type: 'tooltip', target: '#save', title: 'Saving', body: 'Saves your settings.' },
];

const PAGE = `<!doctype html><html><head><style>body{font:16px sans-serif;margin:24px}</style></head><body>
<nav><button id="search">Search</button></nav>
<dialog id="settings"><p>Settings</p><button id="save">Save</button></dialog>
<script src="/code.js"></script><script>
document.getElementById('settings').showModal();
window.gpDialog = Guidepost.createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items: ${JSON.stringify(ITEMS)} }, locale: 'en' });
window.ready = window.gpDialog.start().then(() => true);
</script></body></html>`;

declare global {
  interface Window {
    ready: Promise<boolean>;
    gpDialog: { startTour(id: string): void; closeTour(id: string): void; destroy(): void; explain(): Explanation[] };
  }
}

it('the tour behind the dialog is waiting; the tooltip in the dialog is shown, not held back by it', async () => {
  const { page, errors } = await openPageWithScript(session.browser, PAGE, session.code, { width: 1280, height: 800 });
  await page.waitForFunction(() => window.ready);
  const layer = page.locator('guidepost-root');
  await expect.poll(() => layer.locator('[data-part=tooltip][data-item=tip]').count()).toBe(1);
  await page.evaluate(() => window.gpDialog.startTour('behind'));
  const explain = (id: string) => page.evaluate((id) => window.gpDialog.explain().find((e) => e.itemId === id)!, id);
  await expect.poll(async () => (await explain('behind')).reason).toMatchObject({ code: 'waiting', step: 0, dialog: true });
  expect(await layer.locator('[data-part=tour-step]').count()).toBe(0);
  // The tooltip stays drawn while the tour waits, and explain() says so.
  expect(await layer.locator('[data-part=tooltip][data-item=tip]').count()).toBe(1);
  expect(await explain('tip')).toMatchObject({ shown: true });
  expect((await explain('tip')).reason.code).not.toBe('tour-running');
  expect(errors).toEqual([]);
  await page.context().close();
});

it('a tour closed while it waits behind the dialog is said closed, and does not show when the dialog closes', async () => {
  const { page, errors } = await openPageWithScript(session.browser, PAGE, session.code, { width: 1280, height: 800 });
  await page.waitForFunction(() => window.ready);
  await page.evaluate(() => window.gpDialog.startTour('behind'));
  const explain = (id: string) => page.evaluate((id) => window.gpDialog.explain().find((e) => e.itemId === id)!, id);
  await expect.poll(async () => (await explain('behind')).reason.code).toBe('waiting');
  await page.evaluate(() => window.gpDialog.closeTour('behind'));
  await expect.poll(async () => (await explain('behind')).reason.code).toBe('dismissed');
  expect((await explain('behind')).shown).toBe(false);
  await page.evaluate(() => (document.getElementById('settings') as HTMLDialogElement).close());
  // The tooltip's target left the top layer with the dialog: the page settles, and no tour step comes.
  await expect.poll(() => page.evaluate(() => !(document.getElementById('settings') as HTMLDialogElement).open)).toBe(true);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  expect(await page.locator('guidepost-root').locator('[data-part=tour-step]').count()).toBe(0);
  expect(errors).toEqual([]);
  await page.context().close();
});

it('destroy() while a tour waits behind the dialog leaves nothing, and nothing comes when the dialog closes', async () => {
  const { page, errors } = await openPageWithScript(session.browser, PAGE, session.code, { width: 1280, height: 800 });
  await page.waitForFunction(() => window.ready);
  await page.evaluate(() => window.gpDialog.startTour('behind'));
  await expect.poll(() => page.evaluate(() => window.gpDialog.explain().find((e) => e.itemId === 'behind')!.reason.code)).toBe('waiting');
  await page.evaluate(() => window.gpDialog.destroy());
  expect(await page.evaluate(() => document.querySelectorAll('[data-guidepost-host]').length)).toBe(0);
  await page.evaluate(() => (document.getElementById('settings') as HTMLDialogElement).close());
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  expect(await page.evaluate(() => document.querySelectorAll('[data-guidepost-host]').length)).toBe(0);
  expect(errors).toEqual([]);
  await page.context().close();
});
