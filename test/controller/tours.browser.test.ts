/**
 * Tours in real Chromium: progress, Next / Back / Done, how a tour ends (and which event
 * says so), focus in and out, a keyboard-only run, the spotlight overlay, right-to-left, and a
 * tour across the pages of an app without a router (every navigation a page load).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { watchPageErrors } from '../support/browser-harness';
import { attrNow, box, deepFocus, eventsLike, labEvents, shaded, tourStep, useLab, waitForLabEvent } from '../support/surfaces-lab';

const lab = useLab();

/** Events the test server's collector has written so far. */
async function collected(): Promise<Record<string, unknown>[]> {
  try {
    const text = await readFile(lab.server.collector.file, 'utf8');
    return text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  } catch {
    return [];
  }
}

/** Focuses the host's "Focus me first" button, then starts the tour from code. */
async function startBasics(page: Page) {
  await page.locator('#before').focus();
  await page.evaluate(() => window.lab.gp.startTour('basics'));
  const step = tourStep(page, 'basics');
  await step.waitFor();
  return step;
}

const progressOf = (page: Page) =>
  page.evaluate(() => {
    const step = document.querySelector('guidepost-root')?.shadowRoot?.querySelector('[data-part=tour-step]');
    return {
      step: step?.getAttribute('data-step'),
      text: step?.querySelector('[data-part=progress-text]')?.textContent,
      now: step?.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow'),
      max: step?.querySelector('[role=progressbar]')?.getAttribute('aria-valuemax'),
      centered: step?.hasAttribute('data-centered'),
    };
  });

describe('tour basics', () => {
  it('moves with Next and Back, shows "n of N" and the progress bar, completes with Done and returns focus', async () => {
    const { page, errors, context } = await lab.open('/?scenario=tour');
    const step = await startBasics(page);
    expect(await progressOf(page)).toEqual({ step: '0', text: '1 of 4', now: '1', max: '4', centered: false });
    // Focus moved into the step.
    await expect.poll(async () => (await deepFocus(page)).within).toBe('tour-step');
    expect(await step.locator('[data-action=back]').count()).toBe(0);

    await step.locator('[data-action=next]').click();
    await expect.poll(() => progressOf(page)).toEqual({ step: '1', text: '2 of 4', now: '2', max: '4', centered: true });
    await step.locator('[data-action=back]').click();
    await expect.poll(() => progressOf(page)).toMatchObject({ step: '0', text: '1 of 4', now: '1' });
    await step.locator('[data-action=next]').click();
    await expect.poll(() => progressOf(page)).toMatchObject({ step: '1' });
    await step.locator('[data-action=next]').click();
    await expect.poll(() => progressOf(page)).toEqual({ step: '2', text: '3 of 4', now: '3', max: '4', centered: false });
    await step.locator('[data-action=next]').click();
    await expect.poll(() => progressOf(page)).toEqual({ step: '3', text: '4 of 4', now: '4', max: '4', centered: false });
    // The last step has Done instead of Next, and no "Skip tour".
    expect(await step.locator('[data-action=next]').count()).toBe(0);
    expect(await step.locator('[data-action=skip]').count()).toBe(0);
    await step.locator('[data-action=done]').click();

    await waitForLabEvent(page, { type: 'completed', item_id: 'basics' });
    await expect.poll(() => step.count()).toBe(0);
    expect(await eventsLike(page, { type: 'dismissed', item_id: 'basics' })).toEqual([]);
    const viewed = (await eventsLike(page, { type: 'step_viewed', item_id: 'basics' })).map((e) => e.step);
    expect(viewed).toEqual([0, 1, 0, 1, 2, 3]);
    expect((await eventsLike(page, { type: 'step_back', item_id: 'basics' })).map((e) => e.step)).toEqual([1]);
    // Focus is back on the button that had it before the tour started.
    await expect.poll(() => deepFocus(page)).toMatchObject({ id: 'before', hosts: [] });
    // The completion also reached the collector at /collect (batched, so poll for it).
    const anonymousId = await page.evaluate(() => (window.lab.events[0] as unknown as { anonymous_id: string }).anonymous_id);
    await expect.poll(async () => (await collected()).some((e) => e.type === 'completed' && e.item_id === 'basics' && e.anonymous_id === anonymousId), { timeout: 5000 }).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is a modal dialog labelled by its title', async () => {
    const { page, context } = await lab.open('/?scenario=tour');
    const step = await startBasics(page);
    expect(await step.getAttribute('role')).toBe('dialog');
    expect(await step.getAttribute('aria-modal')).toBe('true');
    const label = await step.evaluate((node) => {
      const id = node.getAttribute('aria-labelledby');
      const root = node.getRootNode() as ShadowRoot;
      return id ? root.getElementById(id)?.textContent : null;
    });
    expect(label).toBe('Step one');
    await context.close();
  });

  it('closes on Escape: dismissed with origin "escape", focus returns', async () => {
    const { page, errors, context } = await lab.open('/?scenario=tour');
    const step = await startBasics(page);
    await expect.poll(async () => (await deepFocus(page)).hosts).toEqual(['guidepost-root']);
    await page.keyboard.press('Escape');
    await expect.poll(() => step.count()).toBe(0);
    const dismissed = await waitForLabEvent(page, { type: 'dismissed', item_id: 'basics' });
    expect(dismissed.origin).toBe('escape');
    expect(await eventsLike(page, { type: 'completed' })).toEqual([]);
    await expect.poll(() => deepFocus(page)).toMatchObject({ id: 'before' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('"Skip tour" is a dismissal with origin "skip"', async () => {
    const { page, errors, context } = await lab.open('/?scenario=tour');
    const step = await startBasics(page);
    await step.locator('[data-action=skip]').click();
    await expect.poll(() => step.count()).toBe(0);
    expect((await waitForLabEvent(page, { type: 'dismissed', item_id: 'basics' })).origin).toBe('skip');
    expect(await eventsLike(page, { type: 'completed' })).toEqual([]);
    expect(await page.locator('[data-part=overlay]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('closing with × on the last step is a dismissal (origin "close"), not a completion', async () => {
    const { page, errors, context } = await lab.open('/?scenario=tour');
    const step = await startBasics(page);
    for (const n of ['1', '2', '3']) {
      await step.locator('[data-action=next]').click();
      await expect.poll(() => attrNow(step, 'data-step')).toBe(n);
    }
    await step.locator('[data-part=close]').click();
    await expect.poll(() => step.count()).toBe(0);
    const dismissed = await waitForLabEvent(page, { type: 'dismissed', item_id: 'basics' });
    expect(dismissed.origin).toBe('close');
    expect(await eventsLike(page, { type: 'completed', item_id: 'basics' })).toEqual([]);
    expect(await page.evaluate(() => (window.lab.gp.explain('basics') as { reason: { code: string } }).reason.code)).toBe('dismissed');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('keyboard only', () => {
  /** Presses Tab until the focused element inside the tour step is the button with `action`. */
  async function tabTo(page: Page, action: string) {
    for (let i = 0; i < 12; i++) {
      if ((await deepFocus(page)).action === action) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached the "${action}" button; focus is on ${JSON.stringify(await deepFocus(page))}`);
  }

  it('starts, walks and completes a tour with the keyboard alone', async () => {
    const { page, errors, context } = await lab.open('/?scenario=tour');
    // Tab from the top of the page to the host's "Take the tour" button, then Enter.
    for (let i = 0; i < 6 && (await deepFocus(page)).id !== 'start-tour'; i++) await page.keyboard.press('Tab');
    expect((await deepFocus(page)).id).toBe('start-tour');
    await page.keyboard.press('Enter');
    const step = tourStep(page, 'basics');
    await step.waitFor();
    await expect.poll(async () => (await deepFocus(page)).hosts).toEqual(['guidepost-root']);

    await page.keyboard.press('ArrowRight');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('0');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    await tabTo(page, 'next');
    await page.keyboard.press('Enter');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('2');
    // Focus is inside the new step again; Tab stays in the (modal) step.
    await tabTo(page, 'next');
    await page.keyboard.press('Space');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('3');
    await tabTo(page, 'done');
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      expect((await deepFocus(page)).hosts, 'Tab stays inside the step').toEqual(['guidepost-root']);
    }
    await tabTo(page, 'done');
    await page.keyboard.press('Enter');
    await waitForLabEvent(page, { type: 'completed', item_id: 'basics' });
    await expect.poll(() => step.count()).toBe(0);
    await expect.poll(() => deepFocus(page)).toMatchObject({ id: 'start-tour' });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('spotlight overlay', () => {
  it('dims the page with a cutout around the target', async () => {
    const { page, context } = await lab.open('/?scenario=spotlight');
    await tourStep(page, 'spot').waitFor();
    const overlay = page.locator('svg[data-part=overlay][data-item=spot]');
    expect(await overlay.count()).toBe(1);
    const target = await box(page.locator('#spot-a'));
    const inner: [number, number][] = [
      [target.x + 1, target.y + 1], [target.x + target.width - 1, target.y + 1],
      [target.x + 1, target.y + target.height - 1], [target.x + target.width - 1, target.y + target.height - 1],
      [target.x + target.width / 2, target.y + target.height / 2],
    ];
    const outer: [number, number][] = [
      [target.x - 24, target.y + target.height / 2], [target.x + target.width + 24, target.y + target.height / 2],
      [target.x + target.width / 2, target.y - 24], [target.x + target.width / 2, target.y + target.height + 24], [5, 5], [1270, 790],
    ];
    await expect.poll(() => shaded(page, inner)).toEqual(inner.map(() => false));
    expect(await shaded(page, outer)).toEqual(outer.map(() => true));
    await context.close();
  });

  it('stays from step to step (the page never shows undimmed between steps): only its cutout moves to the next target', async () => {
    const { page, errors, context } = await lab.open('/?scenario=spotlight');
    const step = tourStep(page, 'spot');
    await step.waitFor();
    // Marks the overlay element, and records any frame in which no overlay covers the page.
    await page.evaluate(() => {
      const root = document.querySelector('guidepost-root')!.shadowRoot!;
      const w = window as unknown as { gaps: number; watching: boolean };
      root.querySelector('svg[data-part=overlay]')!.setAttribute('data-first', '');
      w.gaps = 0;
      w.watching = true;
      const tick = () => {
        const svg = root.querySelector('svg[data-part=overlay]');
        if (!svg || svg.getBoundingClientRect().width === 0) w.gaps++;
        if (w.watching) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const spotB = await box(page.locator('#spot-b'));
    await step.locator('[data-action=next]').click();
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    // The cutout is around the second target now.
    await expect.poll(() => shaded(page, [[spotB.x + spotB.width / 2, spotB.y + spotB.height / 2]])).toEqual([false]);
    const seen = await page.evaluate(() => {
      const w = window as unknown as { gaps: number; watching: boolean };
      w.watching = false;
      return { same: document.querySelector('guidepost-root')!.shadowRoot!.querySelectorAll('svg[data-part=overlay][data-first]').length, gaps: w.gaps };
    });
    expect(seen).toEqual({ same: 1, gaps: 0 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('dismisses with origin "overlay" when the dimmed area is clicked', async () => {
    const { page, errors, context } = await lab.open('/?scenario=spotlight');
    const step = tourStep(page, 'spot');
    await step.waitFor();
    await page.mouse.click(900, 700);
    await expect.poll(() => step.count()).toBe(0);
    expect((await waitForLabEvent(page, { type: 'dismissed', item_id: 'spot' })).origin).toBe('overlay');
    expect(await page.locator('[data-part=overlay]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps clicks on the target from reaching the page, unless the step allows them; then a click advances', async () => {
    const { page, errors, context } = await lab.open('/?scenario=spotlight');
    const step = tourStep(page, 'spot');
    await step.waitFor();
    const a = await box(page.locator('#spot-a'));
    // Where each click lands, seen first (window, capture phase) whatever stops it later.
    await page.evaluate(() => {
      const w = window as unknown as { landed: string[] };
      w.landed = [];
      window.addEventListener('click', (event) => {
        const target = event.composedPath()[0] as Element;
        w.landed.push(target.getAttribute?.('data-part') ?? target.id);
      }, true);
    });
    await page.mouse.click(a.x + a.width / 2, a.y + a.height / 2);
    // The click was dispatched, onto the spotlight's cutout over the target; its dispatch (and
    // the host's handler, had it reached the target) is over by the time the test reads this.
    await expect.poll(() => page.evaluate(() => (window as unknown as { landed: string[] }).landed)).toEqual(['overlay-cutout']);
    expect(await page.evaluate(() => window.lab.hostClicks)).toEqual({});
    expect(await step.getAttribute('data-step')).toBe('0');
    expect(await eventsLike(page, { type: 'dismissed' })).toEqual([]);

    await step.locator('[data-action=next]').click();
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    const b = await box(page.locator('#spot-b'));
    // The overlay's cutout moved to the new target before we click through it.
    await expect.poll(() => shaded(page, [[b.x + b.width / 2, b.y + b.height / 2]])).toEqual([false]);
    await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
    await expect.poll(() => page.evaluate(() => window.lab.hostClicks)).toEqual({ 'spot-b': 1 });
    await expect.poll(() => attrNow(step, 'data-step')).toBe('2');
    expect(await eventsLike(page, { type: 'dismissed' })).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a step that advances on a click of its target', () => {
  it('lets a real click through its spotlight without allowClicksThrough, and moves on', async () => {
    const { page, errors, context } = await lab.open('/?scenario=spotlight&variant=implied');
    const step = tourStep(page, 'spot');
    await step.waitFor();
    await step.locator('[data-action=next]').click();
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    const b = await box(page.locator('#spot-b'));
    await expect.poll(() => shaded(page, [[b.x + b.width / 2, b.y + b.height / 2]])).toEqual([false]);
    await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
    await expect.poll(() => page.evaluate(() => window.lab.hostClicks)).toEqual({ 'spot-b': 1 });
    await expect.poll(() => attrNow(step, 'data-step')).toBe('2');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('right to left', () => {
  it('renders Arabic surfaces with dir="rtl" and mirrors the arrow keys', async () => {
    const { page, errors, context } = await lab.open('/?scenario=rtl&lang=ar');
    const step = tourStep(page, 'rtl-tour');
    await step.waitFor();
    expect(await step.getAttribute('dir')).toBe('rtl');
    expect(await step.getAttribute('lang')).toBe('ar');
    expect(await step.locator('[data-part=title]').textContent()).toBe('الخطوة الأولى');
    expect(await step.locator('[data-action=next]').textContent()).toBe('التالي');
    expect(await step.locator('[data-part=progress-text]').textContent()).toBe('1 من 3');
    await expect.poll(async () => (await deepFocus(page)).hosts).toEqual(['guidepost-root']);

    // In RTL, "forward" is to the left.
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('0');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('2');
    await page.keyboard.press('ArrowLeft');
    await waitForLabEvent(page, { type: 'completed', item_id: 'rtl-tour' });
    const events = await labEvents(page);
    expect(events.filter((e) => e.type === 'step_back').map((e) => e.step)).toEqual([1]);
    // The tooltip waited for the tour to leave the stage; it is right to left too.
    const tooltip = page.locator('[data-part=tooltip][data-item=rtl-tip]');
    await tooltip.waitFor();
    expect(await tooltip.getAttribute('dir')).toBe('rtl');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('step_next for every move forward, as the collector stores it', () => {
  it('"Take me there" (the app\'s router goes to the advanceOn page): step_next for step 0 with origin "route", between the two step_viewed', async () => {
    const { page, errors, context } = await lab.open('/?scenario=routes');
    const step = tourStep(page, 'route-tour');
    await step.waitFor();
    await step.locator('[data-action=go]').click();
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    const anonymousId = await page.evaluate(() => (window.lab.events[0] as unknown as { anonymous_id: string }).anonymous_id);
    const stored = async () =>
      (await collected())
        .filter((e) => e.item_id === 'route-tour' && e.anonymous_id === anonymousId && String(e.type).startsWith('step_'))
        .map((e) => `${e.type}@${e.step}${e.origin ? `:${e.origin}` : ''}`);
    await expect.poll(stored, { timeout: 5000 }).toEqual(['step_viewed@0', 'step_next@0:route', 'step_viewed@1']);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a tour across the pages of an app without a router (every navigation a page load)', () => {
  /** Steps 1 and 2 live on /mpa/b; the last one leads to /mpa/done. */
  const manifest = {
    schemaVersion: 1,
    revision: 'mpa',
    items: [{ id: 'mp', type: 'tour', trigger: 'manual', steps: [
      { route: '/mpa/a', target: '#here', title: 'On page A', body: 'One.' },
      { route: '/mpa/b', target: '#here', title: 'On page B', body: 'Two.' },
      { route: '/mpa/b', target: '#here', title: 'Last', body: 'Three.', advanceOn: { route: '/mpa/done' } },
    ] }],
  };

  /** Every /mpa/* page: the IIFE build, no `navigate` option (location.assign), progress in IndexedDB, events to /collect. */
  const servePages = (context: BrowserContext) =>
    context.route('**/mpa/*', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><title>Page</title><script src="/dist/guidepost.iife.js"></script></head>
<body><main><button id="here">Here</button></main><script>
window.gp = Guidepost.createGuidepost({ manifest: ${JSON.stringify(manifest)}, locale: 'en', endpoint: '/collect' });
window.gp.start().then(() => { window.started = true; });
</script></body></html>`,
      }),
    );

  const load = async (page: Page, path: string) => {
    await page.goto(lab.url(path));
    await page.waitForFunction(() => (window as unknown as { started?: boolean }).started === true);
  };
  const explained = (page: Page) => page.evaluate(() => (window as unknown as { gp: { explain(id: string): { reason: Record<string, unknown> } } }).gp.explain('mp').reason);

  it('Next onto the next page shows that step there; back on the first page it waits, nothing repeated; "Take me there" from the last step completes it once', async () => {
    const context = await lab.browser.newContext();
    await servePages(context);
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await load(page, '/mpa/a');
    await page.evaluate(() => (window as unknown as { gp: { startTour(id: string): void } }).gp.startTour('mp'));
    const step = page.locator('[data-part=tour-step][data-item=mp]');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('0');
    await step.locator('[data-action=next]').click();
    await page.waitForURL('**/mpa/b');
    await page.waitForFunction(() => (window as unknown as { started?: boolean }).started === true);
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');

    // Back on page A (a page load): the tour waits for step 2's page; step 1 is not shown again.
    await load(page, '/mpa/a');
    await expect.poll(() => explained(page)).toMatchObject({ code: 'waiting', step: 1, route: '/mpa/b' });
    expect(await step.count()).toBe(0);

    await load(page, '/mpa/b');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    await step.locator('[data-action=next]').click();
    await expect.poll(() => attrNow(step, 'data-step')).toBe('2');
    await step.locator('[data-action=go]').click();
    await page.waitForURL('**/mpa/done');
    await page.waitForFunction(() => (window as unknown as { started?: boolean }).started === true);
    await expect.poll(() => explained(page)).toMatchObject({ code: 'completed' });
    expect(await step.count()).toBe(0);

    const stored = async () =>
      (await collected())
        .filter((e) => e.item_id === 'mp' && ['step_viewed', 'step_next', 'completed', 'dismissed'].includes(String(e.type)))
        .sort((x, y) => Date.parse(String(x.ts)) - Date.parse(String(y.ts)))
        .map((e) => `${e.type}${e.step === undefined ? '' : `@${e.step}`}${e.origin ? `:${e.origin}` : ''}`);
    await expect.poll(stored, { timeout: 10_000 }).toEqual(['step_viewed@0', 'step_next@0:next', 'step_viewed@1', 'step_viewed@1', 'step_next@1:next', 'step_viewed@2', 'step_next@2:route', 'completed']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
