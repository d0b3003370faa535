/**
 * Escape during a tour when the page opens a modal dialog of its own over it (a session-timeout
 * prompt): one Escape closes one layer, the dialog, and the tour goes on (src/ui/TourStep.tsx
 * with escape.ts pageModalElsewhere). Without the dialog, Escape from the page still ends the
 * tour; a step pointing into the dialog is the dialog's to close. In Chromium (`:modal`), with
 * the SDK bundled from src/.
 */
import { describe, expect, it } from 'vitest';
import { openPageWithScript, SDK_FROM_SOURCE, useChromiumWithBundle } from '../support/browser-harness';

const session = useChromiumWithBundle(SDK_FROM_SOURCE);

const tour = (first: string) => ({
  id: 'intro', type: 'tour', trigger: 'manual',
  steps: [{ target: first, title: 'Projects', body: 'Your projects live here.' }, { target: '#b', title: 'Share', body: 'Share with your team.' }],
});

const page = (first: string) => `<!doctype html><html><head><style>body{font:16px sans-serif;margin:24px}</style></head><body>
<nav><button id="a">Projects</button> <button id="b">Share</button></nav>
<dialog id="timeout"><p>Still there?</p><button id="stay">Stay signed in</button></dialog>
<script src="/code.js"></script><script>
window.events = [];
window.gp = Guidepost.createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items: [${JSON.stringify(tour(first))}] }, locale: 'en', onEvent: (e) => window.events.push(e.type + (e.origin ? ':' + e.origin : '')) });
window.gp.start().then(() => window.gp.startTour('intro'));
</script></body></html>`;

const stepOf = (p: import('playwright-core').Page) => p.locator('guidepost-root').locator('[data-part=tour-step][data-item=intro]');

describe('Escape with the page’s own modal dialog over a tour', () => {
  it('closes the dialog only; the tour stays, and a second Escape then ends it', async () => {
    const { page: p, errors } = await openPageWithScript(session.browser, page('#a'), session.code, { width: 1280, height: 800 });
    await stepOf(p).waitFor();
    await p.evaluate(() => {
      (document.getElementById('timeout') as HTMLDialogElement).showModal();
      document.getElementById('stay')!.focus();
    });
    await p.keyboard.press('Escape');
    await expect.poll(() => p.evaluate(() => (document.getElementById('timeout') as HTMLDialogElement).open)).toBe(false);
    expect(await stepOf(p).count()).toBe(1);
    expect(await p.evaluate(() => window.events as string[])).not.toContain('dismissed:escape');
    // The dialog gone, Escape is the tour's again.
    await p.keyboard.press('Escape');
    await expect.poll(() => p.evaluate(() => window.events as string[])).toContain('dismissed:escape');
    await expect.poll(() => stepOf(p).count()).toBe(0);
    expect(errors).toEqual([]);
    await p.context().close();
  });

  it('a step pointing into the open dialog is closed by Escape, as the tour is in that layer', async () => {
    const { page: p, errors } = await openPageWithScript(session.browser, page('#stay'), session.code, { width: 1280, height: 800 });
    await p.evaluate(() => {
      (document.getElementById('timeout') as HTMLDialogElement).showModal();
      document.getElementById('stay')!.focus();
    });
    await stepOf(p).waitFor();
    await p.keyboard.press('Escape');
    await expect.poll(() => p.evaluate(() => window.events as string[])).toContain('dismissed:escape');
    expect(errors).toEqual([]);
    await p.context().close();
  });
});

declare global {
  interface Window {
    events: string[];
  }
}
