/**
 * Authoring mode on the demo, in real Chromium: a writer using only the editor (clicks and
 * keys) creates a three-step tour across two routes and a help link, edits an existing text,
 * previews live, and exports. The exported manifest validates, renders the same items after a
 * reload that loads it, and differs from the original only where edited. Then the same work
 * with the keyboard alone, and axe on the panel. No event leaves while authoring.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { applyPatch, diffJson, type Json, type JsonObject } from '../../src/authoring/json-patch';
import { validateManifest } from '../../src/manifest/validate';
import { useChromiumAndServer, watchPageErrors } from '../support/browser-harness';

const require = createRequire(import.meta.url);
const session = useChromiumAndServer();
const HELP_ARM = 'guidepost_force=help-links-holdout:help';
const demo = JSON.parse(readFileSync(new URL('../../demo/manifest.json', import.meta.url), 'utf8')) as JsonObject;
const demoItems = demo.items as JsonObject[];

/** `events`: what the demo's onEvent logged ("[tasklane] guidepost event …"). */
type Authoring = { page: Page; panel: Locator; errors: string[]; events: string[] };

async function openAuthoring(path: string): Promise<Authoring> {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const events: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('guidepost event')) events.push(m.text());
  });
  await page.goto(new URL(`${path}?guidepost_author=1&${HELP_ARM}`, session.server.url).href);
  const panel = page.locator('[data-author=panel]');
  await panel.locator('[data-author=items]').waitFor();
  return { page, panel, errors, events };
}

/** Types into a field as a person does: click, select what is there, type. */
async function typeInto(page: Page, field: Locator, text: string) {
  await field.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

/** Clicks the middle of a page element while the picker is up. */
async function pickWithMouse(page: Page, selector: string) {
  await page.locator('[data-part=picker]').waitFor();
  const box = (await page.locator(selector).first().boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** Saves the download the Download button starts and parses it. */
async function download(page: Page, panel: Locator): Promise<JsonObject> {
  const [file] = await Promise.all([page.waitForEvent('download'), panel.locator('[data-action=download]').click()]);
  expect(file.suggestedFilename()).toBe('manifest.json');
  return JSON.parse(await readFile((await file.path())!, 'utf8')) as JsonObject;
}

const errorsOf = (manifest: Json) => validateManifest(manifest).problems.filter((p) => p.severity === 'error').map((p) => p.message);
const stepTitles = (panel: Locator, id: string) => panel.locator(`[data-author=steps] input[id^="gp-author-${id}-"][id$="-title"]`).evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));

describe('authoring mode in the demo', () => {
  it('a writer builds a three-step tour across two routes and a help link, previews, exports; the export validates, renders after reload, differs only where edited', async () => {
    const { page, panel, errors, events } = await openAuthoring('/');
    // An existing text, edited in place.
    await panel.locator('[data-author=items] [data-item=new-project-tip] button').click();
    await typeInto(page, panel.locator('#gp-author-new-project-tip-item-title'), 'Start here!');

    // Step 1 on "/": pick, choose "New tour".
    await panel.locator('[data-action=pick]').click();
    await pickWithMouse(page, '#import-projects');
    await expect.poll(() => panel.locator('[data-author=chooser] [data-author=selector]').textContent()).toBe('#import-projects');
    expect(await panel.locator('[data-author=chooser] [data-author=matches] strong').textContent()).toBe('1');
    await panel.locator('[data-create=tour]').click();
    const editor = panel.locator('[data-author=editor]');
    const id = (await editor.getAttribute('data-item'))!;
    expect(id).toBe('import-projects-tour');
    // The new item's title has focus with its placeholder ("New tour") selected: typing replaces it.
    const title = panel.locator(`#gp-author-${id}-item-title`);
    await expect
      .poll(() => title.evaluate((el: HTMLInputElement) => [(el.getRootNode() as ShadowRoot | Document).activeElement === el, el.selectionStart, el.selectionEnd === el.value.length && el.value.length > 0]))
      .toEqual([true, 0, true]);
    await page.keyboard.type('Find your way');
    expect(await title.inputValue()).toBe('Find your way');
    await typeInto(page, panel.locator(`#gp-author-${id}-0-title`), 'Bring your projects');
    await typeInto(page, panel.locator(`#gp-author-${id}-0-body`), 'Import them from a **CSV** file.');
    await panel.locator(`#gp-author-${id}-0-advance`).selectOption('route');
    await typeInto(page, panel.locator(`#gp-author-${id}-0-advance-route`), '/board');

    // Steps 2 and 3 on /board, picked in the wrong order, then reordered; a fourth picked by mistake and deleted.
    await page.click('nav a[href="/board"]');
    await page.locator('#add-task').waitFor();
    for (const target of ['#filter-tasks', '[data-help=add-task]', 'section[aria-label="Done"] h2']) {
      await panel.locator('[data-action=add-step]').click();
      await pickWithMouse(page, target);
      await panel.locator(`[data-step="${(await panel.locator('[data-author=step]').count()) - 1}"]`).waitFor();
    }
    await expect.poll(() => panel.locator('[data-author=step]').count()).toBe(4);
    await typeInto(page, panel.locator(`#gp-author-${id}-1-title`), 'Filter the board');
    await typeInto(page, panel.locator(`#gp-author-${id}-2-title`), 'Add a task');
    await panel.locator(`#gp-author-${id}-1-placement`).selectOption('left');
    await panel.getByRole('button', { name: 'Move step 3 up' }).click();
    await panel.getByRole('button', { name: 'Delete step 4' }).click();
    expect(await stepTitles(panel, id)).toEqual(['Bring your projects', 'Add a task', 'Filter the board']);
    await expect.poll(() => editor.locator('[data-step="1"] [data-author=matches] strong').textContent()).toBe('1');

    // Live preview of step 2 with the SDK's preview, above which the panel stays usable.
    await panel.getByRole('button', { name: 'Preview step 2' }).click();
    const step = page.locator(`[data-part=tour-step][data-item=${id}]`);
    await expect.poll(() => step.locator('[data-part=title]').textContent()).toBe('Add a task');
    await typeInto(page, panel.locator(`#gp-author-${id}-1-title`), 'Add your first task');
    await expect.poll(() => step.locator('[data-part=title]').textContent()).toBe('Add your first task');
    await panel.locator('[data-action=stop-preview]').click();
    await expect.poll(() => step.count()).toBe(0);

    // The help link on /reports, on its data-help anchor.
    await page.click('nav a[href="/reports"]');
    await page.locator('#export-report').waitFor();
    await panel.locator('[data-action=pick]').click();
    await pickWithMouse(page, '#export-report');
    expect(await panel.locator('[data-author=chooser] [data-author=selector]').textContent()).toBe('[data-help="export"]');
    await panel.locator('[data-create=helpLink]').click();
    await typeInto(page, panel.locator('#gp-author-export-help-item-label'), 'Help: exporting');
    await typeInto(page, panel.locator('#gp-author-export-help-item-title'), 'Exports');
    await typeInto(page, panel.locator('#gp-author-export-help-item-body'), 'A CSV of every project.');
    // Applied to the page as it is being written (a real help link now, events muted).
    await page.locator('[data-part=help-link][data-item=export-help]').waitFor();
    await expect.poll(() => panel.locator('[data-author=items] [data-item=export-help] [data-author=verdict]').textContent()).toMatch(/^shown/);

    const exported = await download(page, panel);
    const patch = JSON.parse(await panel.locator('#gp-author-patch').inputValue());
    expect(errors).toEqual([]);
    expect(events).toEqual([]);
    // Closed: the manifest the page loaded is back (the draft's help link goes), then events flow
    // again (and this test would see them).
    await panel.locator('[data-author=close]').click();
    await expect.poll(() => page.locator('[data-part=help-link][data-item=export-help]').count()).toBe(0);
    await page.click('#export-report');
    await expect.poll(() => events.some((e) => e.includes('goal report_exported'))).toBe(true);
    await page.context().close();

    // Valid, as the CLI sees it; and the patch names only what was edited.
    expect(errorsOf(exported)).toEqual([]);
    const tip = demoItems.findIndex((i) => i.id === 'new-project-tip');
    const ops = diffJson(demo, exported);
    expect(ops.map((op) => `${op.op} ${op.path}`)).toEqual([`replace /items/${tip}/title/en`, `add /items/${demoItems.length}`, `add /items/${demoItems.length + 1}`]);
    expect(patch).toEqual(ops);
    expect(applyPatch(demo, patch)).toEqual(exported);
    const tour = (exported.items as JsonObject[])[demoItems.length];
    expect((tour.steps as JsonObject[]).map((s) => [s.route, s.target, s.placement, s.advanceOn])).toEqual([
      ['/', '#import-projects', undefined, { route: '/board' }],
      ['/board', { anchor: 'add-task' }, undefined, undefined],
      ['/board', '#filter-tasks', 'left', undefined],
    ]);
    expect((exported.items as JsonObject[])[demoItems.length + 1]).toMatchObject({ id: 'export-help', type: 'helpLink', target: { anchor: 'export' }, label: { en: 'Help: exporting' } });

    // Reloaded with the exported manifest: the same items, and they render.
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const reloaded = await context.newPage();
    const reloadErrors = watchPageErrors(reloaded);
    await reloaded.route('**/authored-manifest.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(exported) }));
    await reloaded.goto(new URL(`/reports?manifest=/authored-manifest.json&${HELP_ARM}`, session.server.url).href);
    const link = reloaded.locator('[data-part=help-link][data-item=export-help]');
    await link.waitFor();
    expect(await link.getAttribute('aria-label')).toBe('Help: exporting');
    expect(await reloaded.evaluate(() => (window as any).tasklane.gp.manifest.items.map((i: { id: string }) => i.id))).toEqual((exported.items as JsonObject[]).map((i) => i.id));
    await reloaded.click('nav a[href="/"]');
    await reloaded.evaluate((tourId) => (window as any).tasklane.gp.startTour(tourId), id);
    const shown = reloaded.locator(`[data-part=tour-step][data-item=${id}]`);
    await expect.poll(() => shown.locator('[data-part=title]').textContent()).toBe('Bring your projects');
    // Step 1 moves on when the reader reaches /board: "Take me there".
    await shown.getByRole('button', { name: /take me there/i }).click();
    await expect.poll(() => shown.locator('[data-part=title]').textContent()).toBe('Add your first task');
    await shown.getByRole('button', { name: /next/i }).click();
    await expect.poll(() => shown.locator('[data-part=title]').textContent()).toBe('Filter the board');
    expect(reloadErrors).toEqual([]);
    await context.close();
  });

  it('works from the keyboard alone: pick, create, write, reorder, place, download', async () => {
    const { page, panel, errors, events } = await openAuthoring('/reports');
    expect(await focusedElement(page)).toMatchObject({ id: 'gp-author-title' });
    await tabTo(page, (f) => f.text === 'Pick an element');
    // Escape cancels the picker and gives focus back to the button.
    await page.keyboard.press('Enter');
    await page.locator('[data-part=picker]').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedElement(page)).toMatchObject({ text: 'Pick an element' });
    await page.keyboard.press('Enter');
    await pickWithKeys(page, 'button “Export CSV”');
    await expect.poll(() => focusedElement(page)).toMatchObject({ text: 'Help link' });
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedElement(page)).toMatchObject({ id: 'gp-author-export-help-item-label' });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Help: export');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Export');

    // A tour: first step on the page heading, second on the Export button; then reordered.
    await tabTo(page, (f) => f.text === 'Pick an element', 'Shift+Tab');
    await page.keyboard.press('Enter');
    await pickWithKeys(page, 'h1 “Reports”');
    await expect.poll(() => focusedElement(page)).toMatchObject({ text: 'Help link' });
    await tabTo(page, (f) => f.text === 'New tour starting here');
    await page.keyboard.press('Enter');
    const id = 'reports-title-tour';
    await expect.poll(() => focusedElement(page)).toMatchObject({ id: `gp-author-${id}-item-title` });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Reports in two steps');
    await tabTo(page, (f) => f.text === 'Add a step: pick its target');
    await page.keyboard.press('Enter');
    await pickWithKeys(page, 'button “Export CSV”');
    await expect.poll(() => focusedElement(page)).toMatchObject({ id: `gp-author-${id}-1-title` });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Export here');
    await tabTo(page, (f) => f.label === 'Move step 2 up', 'Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedElement(page)).toMatchObject({ label: 'Move step 1 down' });
    expect(await stepTitles(panel, id)).toEqual(['Export here', 'Step 1']);
    await tabTo(page, (f) => f.id === `gp-author-${id}-0-placement`, 'Shift+Tab');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => panel.locator(`#gp-author-${id}-0-placement`).inputValue()).toBe('top');

    await tabTo(page, (f) => f.text === 'Download manifest.json');
    const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const exported = JSON.parse(await readFile((await file.path())!, 'utf8')) as JsonObject;
    expect(errorsOf(exported)).toEqual([]);
    const added = (exported.items as JsonObject[]).slice(demoItems.length);
    expect(added.map((i) => i.id)).toEqual(['export-help', id]);
    expect(added[0]).toMatchObject({ target: { anchor: 'export' }, label: { en: 'Help: export' }, title: { en: 'Export' } });
    expect((added[1].steps as JsonObject[]).map((s) => [s.target, s.placement, s.route])).toEqual([[{ anchor: 'export' }, 'top', '/reports'], ['#reports-title', undefined, '/reports']]);
    expect(diffJson(demo, exported).map((op) => op.path)).toEqual([`/items/${demoItems.length}`, `/items/${demoItems.length + 1}`]);
    expect(errors).toEqual([]);
    expect(events).toEqual([]);
    await page.context().close();
  });

  it('axe finds no serious or critical problem in the panel: lists, tour editor, chooser, picker', async () => {
    const { page, panel } = await openAuthoring('/board');
    await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
    await panel.locator('[data-author=items] [data-item=welcome-tour] button').click();
    await panel.locator('[data-author=editor][data-item=welcome-tour]').waitFor();
    expect(await panelViolations(page)).toEqual([]);
    await panel.locator('[data-action=pick]').click();
    await page.locator('[data-part=picker]').waitFor();
    await page.keyboard.press('ArrowDown');
    expect(await panelViolations(page)).toEqual([]);
    await pickWithMouse(page, '#add-task');
    await panel.locator('[data-author=chooser]').waitFor();
    expect(await panelViolations(page)).toEqual([]);
    await page.context().close();
  });
});

type Focused = { id: string; label: string; text: string };

/** The element that has focus, looking into shadow roots. */
function focusedElement(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return { id: active?.id ?? '', label: active?.getAttribute('aria-label') ?? '', text: (active?.textContent ?? '').trim() };
  });
}

/** Presses Tab (or Shift+Tab) until the focused element is the one wanted. */
async function tabTo(page: Page, wanted: (focused: Focused) => boolean, key = 'Tab', max = 150) {
  for (let i = 0; i < max; i++) {
    if (wanted(await focusedElement(page))) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${key} never reached the element; focus is on ${JSON.stringify(await focusedElement(page))}`);
}

/** In the picker: arrow keys until the bar announces `description`, then Enter. */
async function pickWithKeys(page: Page, description: string, max = 200) {
  const bar = page.locator('[data-author=pick-bar]');
  await bar.waitFor();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('ArrowDown');
    if ((await bar.textContent())?.endsWith(`: ${description}`)) return page.keyboard.press('Enter');
  }
  throw new Error(`the picker never reached ${description}`);
}

/**
 * axe's serious and critical violations for nodes inside the authoring panel's host. Throws when
 * axe passed no rule on a node of the panel at all (it would not have looked inside it).
 */
function panelViolations(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const inPanel = (node: any) => JSON.stringify(node.target).includes('guidepost-author');
    const result = await (window as any).axe.run(document, { resultTypes: ['violations', 'passes'] });
    const checked = result.passes.flatMap((rule: any) => rule.nodes.filter(inPanel)).length;
    if (checked < 20) throw new Error(`axe checked only ${checked} nodes of the panel`);
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v: any) => v.nodes.filter(inPanel).map((n: any) => `${v.id}: ${JSON.stringify(n.target)} ${n.failureSummary}`));
  });
}
