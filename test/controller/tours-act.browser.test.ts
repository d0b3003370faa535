/**
 * Tour steps that ask the person to act on the page, in Chromium with real clicks (hit testing
 * decides what a click reaches, which happy-dom cannot tell), the SDK bundled from src/ (not the
 * built dist/): a step that advances on an event lets a click through to its target, or to the
 * whole page when it has none; a link clicked on a step that advances on a click, in an app
 * without a router (a page load), leaves the next page at the step it leads to, not at the one
 * clicked; and a tour the person ends by acting on the page leaves focus where they acted.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { SDK_FROM_SOURCE, useChromiumWithBundle, watchPageErrors } from '../support/browser-harness';
import { attrNow, deepFocus, tourStep } from '../support/surfaces-lab';

const ORIGIN = 'http://guidepost.test';

const session = useChromiumWithBundle(SDK_FROM_SOURCE);

interface Site {
  manifest: unknown;
  /** The body of each page, by path. */
  pages: Record<string, string>;
  /** The app's own script, run after `window.gp` is created and before it starts. */
  script?: string;
}

/**
 * A fresh context whose pages (no router: every navigation is a page load) embed the SDK with
 * its default storage (IndexedDB, kept across the page loads) and record its events in `window.events`.
 */
async function openSite(site: Site, path = '/'): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await session.browser.newContext({ viewport: { width: 1000, height: 700 } });
  await context.route(`${ORIGIN}/**`, (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname === '/sdk.js') return route.fulfill({ contentType: 'text/javascript', body: session.code });
    const body = site.pages[pathname];
    if (body === undefined) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><title>App</title><script src="/sdk.js"></script></head><body>${body}<script>
window.events = [];
window.gp = Guidepost.createGuidepost({ manifest: ${JSON.stringify(site.manifest)}, locale: 'en', onEvent: (event) => window.events.push(event) });
${site.script ?? ''}
window.gp.start().then(() => { window.started = true; });
</script></body></html>`,
    });
  });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await load(page, path);
  return { page, context, errors };
}

async function load(page: Page, path: string) {
  await page.goto(`${ORIGIN}${path}`);
  await started(page);
}

const started = (page: Page) => page.waitForFunction(() => (window as unknown as { started?: boolean }).started === true);
const startTour = (page: Page, id: string) => page.evaluate((tour) => (window as unknown as { gp: { startTour(id: string): void } }).gp.startTour(tour), id);
/** "type@step" of the tour's step events and its end, in order. */
const trail = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { events: { type: string; step?: number }[] }).events
      .filter((e) => ['step_viewed', 'step_next', 'step_back', 'target_not_found', 'completed', 'dismissed'].includes(e.type))
      .map((e) => `${e.type}${e.step === undefined ? '' : `@${e.step}`}`),
  );

/** A real mouse click in the middle of `selector`'s box: what the click reaches is up to hit testing. */
async function clickMiddle(page: Page, selector: string) {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} has no box`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

describe('a step that advances on an event', () => {
  const site: Site = {
    manifest: {
      schemaVersion: 1,
      revision: 'act',
      items: [
        { id: 'create', type: 'tour', trigger: 'manual', steps: [
          { target: '#new-project', title: 'Create a project', body: 'Press **Create**.', advanceOn: { event: 'project_created' } },
          { target: '#list', title: 'Your projects', body: 'It is here.' },
        ] },
        { id: 'anywhere', type: 'tour', trigger: 'manual', steps: [
          { title: 'Create a project', body: 'Press **Create**, wherever you are.', advanceOn: { event: 'project_created' } },
          { target: '#list', title: 'Your projects', body: 'It is here.' },
        ] },
      ],
    },
    pages: { '/': '<main><div id="new-project"><button id="create" type="button">Create</button></div><ul id="list"><li>First</li></ul></main>' },
    script: `document.getElementById('create').addEventListener('click', () => window.gp.track('project_created'));`,
  };

  it('with a target: a real click reaches the target (not the shade), and what the person did moves the tour on', async () => {
    const { page, context, errors } = await openSite(site);
    await startTour(page, 'create');
    const step = tourStep(page, 'create');
    await step.waitFor();
    expect(await attrNow(step, 'aria-modal')).toBeNull();
    await clickMiddle(page, '#create');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    expect(await trail(page)).toEqual(['step_viewed@0', 'step_next@0', 'step_viewed@1']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('without a target: no shade over the page, so the click reaches the page', async () => {
    const { page, context, errors } = await openSite(site);
    await startTour(page, 'anywhere');
    const step = tourStep(page, 'anywhere');
    await step.waitFor();
    expect(await page.locator('[data-part=overlay-shade]').count()).toBe(0);
    await clickMiddle(page, '#create');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    expect(await trail(page)).toEqual(['step_viewed@0', 'step_next@0', 'step_viewed@1']);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a link clicked on a step that advances on a click, in an app without a router', () => {
  // The link is on every page: were the clicked step the one saved, each page load would show it again.
  const nav = '<nav><a id="to-board" href="/board">Board</a></nav>';
  const site: Site = {
    manifest: {
      schemaVersion: 1,
      revision: 'mpa-click',
      items: [{ id: 'walk', type: 'tour', trigger: 'manual', steps: [
        { target: '#to-board', title: 'Open the board', body: 'Click **Board**.', advanceOn: { click: true } },
        { target: '#add-task', route: '/board', title: 'Add tasks', body: 'Tasks start here.' },
      ] }],
    },
    pages: { '/': `${nav}<main>Projects</main>`, '/board': `${nav}<main><button id="add-task">Add task</button></main>` },
  };

  it('the page it loads resumes at the step the click led to', async () => {
    const { page, context, errors } = await openSite(site);
    await startTour(page, 'walk');
    const step = tourStep(page, 'walk');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('0');
    await clickMiddle(page, '#to-board');
    await page.waitForURL(`${ORIGIN}/board`);
    await started(page);
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('focus when the person ends the tour by acting on the page', () => {
  const site: Site = {
    manifest: {
      schemaVersion: 1,
      revision: 'focus',
      items: [{ id: 'save', type: 'tour', trigger: 'manual', steps: [
        { target: '#save', title: 'Save it', body: 'Press **Save**.', advanceOn: { click: true } },
      ] }],
    },
    pages: { '/': '<main><button id="before">Start here</button><input id="name"><button id="save" type="button">Save</button></main>' },
  };

  it('stays on what they acted on, not pulled back to where the tour started', async () => {
    const { page, context, errors } = await openSite(site);
    await page.locator('#before').focus();
    await startTour(page, 'save');
    const step = tourStep(page, 'save');
    await step.waitFor();
    await expect.poll(() => deepFocus(page).then((f) => f.part)).toBe('tour-step');
    await clickMiddle(page, '#save');
    await expect.poll(() => trail(page)).toEqual(['step_viewed@0', 'step_next@0', 'completed']);
    await expect.poll(() => step.count()).toBe(0);
    expect(await deepFocus(page)).toMatchObject({ id: 'save', hosts: [] });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('closed from the step (its ×): goes back to where the tour started', async () => {
    const { page, context } = await openSite(site);
    await page.locator('#before').focus();
    await startTour(page, 'save');
    const step = tourStep(page, 'save');
    await step.waitFor();
    await step.locator('[data-part=close]').click();
    await expect.poll(() => step.count()).toBe(0);
    await expect.poll(() => deepFocus(page)).toMatchObject({ id: 'before', hosts: [] });
    await context.close();
  });
});
