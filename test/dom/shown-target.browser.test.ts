/**
 * A step's target re-rendered by the app in two passes (removed, then an identical element
 * inserted a frame later, as frameworks do on a keyed re-render) is the same step view: one
 * step_viewed, focus left where the person had it (src/dom/shown-target.ts, LOST_GRACE_MS). A
 * target the page hides (a tab switched away) is lost as a removed one is: the step does not stay
 * over nothing, and the tour's rule for a missing target applies. In Chromium, from src/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPageWithScript, SDK_FROM_SOURCE, useChromiumWithBundle } from '../support/browser-harness';

const session = useChromiumWithBundle(SDK_FROM_SOURCE);

const tour = {
  id: 'intro', type: 'tour', trigger: 'manual',
  steps: [
    { target: '#a', title: 'Projects', body: 'Your projects live here.', waitMs: 300, onMissingTarget: 'skip' },
    { target: '#b', title: 'Share', body: 'Share with your team.' },
  ],
};

const PAGE = `<!doctype html><html><head><style>body{font:16px sans-serif;margin:24px}</style></head><body>
<section id="panel"><div id="toolbar"><button id="a">Projects</button></div></section> <button id="b">Share</button>
<script src="/code.js"></script><script>
window.events = [];
window.gp = Guidepost.createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items: [${JSON.stringify(tour)}] }, locale: 'en',
  onError: (e) => window.events.push('error:' + e.message), onEvent: (e) => window.events.push(e.type + (e.step !== undefined ? '@' + e.step : '')) });
window.gp.start().then(() => window.gp.startTour('intro'));
</script></body></html>`;

const events = (p: Page) => p.evaluate(() => (window as unknown as { events: string[] }).events);
const step = (p: Page) => p.locator('guidepost-root').locator('[data-part=tour-step][data-item=intro]');
const focusedAction = (p: Page) => p.evaluate(() => document.querySelector('guidepost-root')?.shadowRoot?.activeElement?.getAttribute('data-action') ?? null);

describe('a step target re-rendered in two passes', () => {
  it('is one step view: one step_viewed, and focus stays on the button the person was on', async () => {
    const { page: p, errors } = await openPageWithScript(session.browser, PAGE, session.code, { width: 1280, height: 800 });
    await step(p).waitFor();
    await step(p).locator('[data-action=next]').focus();
    // Removed now, an identical one inserted two frames later.
    await p.evaluate(() => new Promise<void>((done) => {
      const toolbar = document.getElementById('toolbar')!;
      toolbar.innerHTML = '';
      requestAnimationFrame(() => requestAnimationFrame(() => {
        toolbar.innerHTML = '<button id="a">Projects</button>';
        done();
      }));
    }));
    expect(await focusedAction(p)).toBe('next');
    await p.keyboard.press('Enter');
    await expect.poll(() => events(p)).toContain('step_viewed@1');
    expect((await events(p)).filter((e) => e.startsWith('step_'))).toEqual(['step_viewed@0', 'step_next@0', 'step_viewed@1']);
    expect(errors).toEqual([]);
    await p.context().close();
  });

  it('hidden by the page: lost, then the tour’s rule (skip) moves it on; no shade left over nothing', async () => {
    const { page: p, errors } = await openPageWithScript(session.browser, PAGE, session.code, { width: 1280, height: 800 });
    await step(p).waitFor();
    await p.evaluate(() => void (document.getElementById('panel')!.hidden = true));
    await expect.poll(() => events(p)).toContain('target_not_found@0');
    await expect.poll(() => events(p)).toContain('step_viewed@1');
    expect(await step(p).getAttribute('data-step')).toBe('1');
    expect(errors).toEqual([]);
    await p.context().close();
  });
});
