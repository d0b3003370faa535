/**
 * Content upkeep in the browser: preview shows an item regardless of targeting without
 * recording anything; the debug panel explains every item and is keyboard usable and
 * axe-clean; the element picker recommends selectors that match exactly the clicked element.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useChromiumAndServer, watchPageErrors } from '../support/browser-harness';

const require = createRequire(import.meta.url);
const session = useChromiumAndServer();

async function open(path: string): Promise<{ page: Page; errors: string[]; events: () => Promise<string[]> }> {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const seen: string[] = [];
  page.on('console', (m) => {
    const match = /guidepost event (\S+) (\S+)/.exec(m.text());
    if (match) seen.push(`${match[1]}:${match[2]}`);
  });
  await page.goto(new URL(path, session.server.url).href);
  return { page, errors, events: async () => seen };
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

describe('preview', () => {
  it('?guidepost_preview= shows an item marked as preview, recording nothing', async () => {
    const { page, events } = await open('/?guidepost_preview=week-start-hotspot&guidepost_force=help-links-holdout:help');
    await page.click('a[href="/settings"]');
    const hotspot = page.locator('[data-part=preview] [data-part=hotspot][data-item=week-start-hotspot]');
    await hotspot.waitFor();
    await expect.poll(() => page.locator('[data-part=preview-badge]').textContent()).toContain('week-start-hotspot');
    await hotspot.click();
    await page.locator('[data-part=popover][data-item=week-start-hotspot]').waitFor();
    const verdict = await page.evaluate(() => (window as any).tasklane.gp.explain('week-start-hotspot'));
    // A marker event after the click: the demo logs every event to the console, in order, so once
    // the marker has arrived, anything the preview and the click emitted would have arrived too.
    await page.evaluate(() => (window as any).tasklane.gp.track('preview_marker'));
    await expect.poll(events).toContain('goal:preview_marker');
    expect((await events()).filter((e) => e.endsWith(':week-start-hotspot'))).toEqual([]);
    // No progress was recorded: the real item is still "new" for this user.
    expect(verdict.reason.code).not.toBe('completed');
    await page.context().close();
  });

  it('gp.preview() shows an item whose goal is reached and whose condition is false', async () => {
    const { page, events } = await open('/');
    await page.locator('[data-part=tooltip][data-item=new-project-tip]').waitFor();
    await page.click('#new-project');
    await expect.poll(() => page.locator('[data-part=tooltip]').count()).toBe(0);
    const before = (await events()).length;
    await page.evaluate(() => (window as any).tasklane.gp.preview('new-project-tip'));
    await page.locator('[data-part=preview] [data-part=tooltip][data-item=new-project-tip]').waitFor();
    expect(await page.evaluate(() => (window as any).tasklane.gp.explain('new-project-tip').shown)).toBe(false);
    await page.locator('[data-part=tooltip] [data-part=close]').click();
    await expect.poll(() => page.locator('[data-part=tooltip]').count()).toBe(0);
    expect((await events()).slice(before).filter((e) => e.endsWith(':new-project-tip'))).toEqual([]);
    await page.context().close();
  });

  it('gp.preview() starts a manual tour without exposure or progress', async () => {
    const { page, events } = await open('/');
    await page.locator('[data-part=banner]').waitFor();
    await page.evaluate(() => (window as any).tasklane.gp.preview('welcome-tour'));
    await page.locator('[data-part=tour-step][data-item=welcome-tour]').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-part=tour-step]').count()).toBe(0);
    expect((await events()).filter((e) => e.endsWith(':welcome-tour'))).toEqual([]);
    const stored = await page.evaluate(() => (window as any).tasklane.gp.explain('welcome-tour'));
    expect(stored.reason.code).toBe('trigger');
    await page.context().close();
  });
});

describe('debug panel', () => {
  it('?guidepost_debug=1 lists every item with its verdict, attributes and experiment arm; axe-clean', async () => {
    const { page, errors } = await open('/?guidepost_debug=1&guidepost_force=help-links-holdout:holdout');
    const panel = page.locator('[data-part=debug-panel]');
    await panel.waitFor();
    const manifest = JSON.parse(await readFile(new URL('../../demo/manifest.json', import.meta.url), 'utf8'));
    const rows = await panel.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-item')));
    expect(rows).toEqual(manifest.items.map((i: { id: string }) => i.id));
    await expect.poll(() => panel.locator('tr[data-item=reports-help] [data-part=debug-verdict]').textContent()).toContain('page.path');
    expect(await panel.locator('select[id="gp-debug-force-help-links-holdout"]').inputValue()).toBe('holdout');
    expect(await panel.locator('[data-part=debug-attributes] pre').textContent()).toContain('"path": "/"');
    // Each row's Replay is one word on one line (a squeezed column broke it "Re / pl / ay").
    const replayLines = await panel.locator('[data-action=replay]').evaluateAll((buttons) =>
      buttons.map((b) => Math.round(b.getBoundingClientRect().height / parseFloat(getComputedStyle(b).lineHeight || '16'))),
    );
    expect(Math.max(...replayLines)).toBeLessThanOrEqual(2);
    expect(await panel.locator('[data-action=replay]').evaluateAll((buttons) => buttons.every((b) => getComputedStyle(b).whiteSpace === 'nowrap'))).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('is usable from the keyboard: filter, force a variation, close', async () => {
    const { page } = await open('/board?guidepost_debug=1&guidepost_force=help-links-holdout:holdout');
    const panel = page.locator('[data-part=debug-panel]');
    await panel.waitFor();
    // Its stylesheet comes with the debug tools, and goes when the panel closes.
    const sheets = () => page.evaluate(() => document.querySelector('guidepost-root')!.shadowRoot!.adoptedStyleSheets.length);
    const openSheets = await sheets();
    expect(await panel.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    expect(await page.locator('guidepost-help').count()).toBe(0);
    await panel.locator('#gp-debug-filter').focus();
    await page.keyboard.type('board');
    await expect.poll(() => panel.locator('tbody tr').count()).toBe(1);
    await panel.locator('select[id="gp-debug-force-help-links-holdout"]').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('guidepost-help').count()).toBe(1);
    await panel.locator('[data-part=close]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.count()).toBe(0);
    expect(await sheets()).toBe(openSheets - 1);
    await page.context().close();
  });
});

describe('element picker', () => {
  const screens: [string, string[]][] = [
    ['/', ['#new-project', '#import-projects', 'article.card:nth-of-type(2) h2', 'nav a[href="/reports"]']],
    ['/board', ['#add-task', '.column:nth-of-type(2) .task', 'section[aria-label="Done"] h2']],
    ['/settings', ['#workspace-name', '#week-start', 'main > button']],
  ];

  it.each(screens)('on %s, returns selectors that match exactly the clicked element', async (path, targets) => {
    const { page } = await open(`${path}${path.includes('?') ? '&' : '?'}guidepost_debug=1`);
    await page.locator('[data-part=debug-panel]').waitFor();
    for (const target of targets) {
      await page.locator('[data-part=debug-panel] [data-action=pick]').click();
      await page.locator('[data-part=picker]').waitFor();
      const box = (await page.locator(target).first().boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const selector = (await page.locator('[data-part=picker-selector]').textContent())!;
      expect(await page.locator('[data-part=picker-matches]').textContent()).toBe('1');
      const same = await page.evaluate(([picked, original]) => document.querySelector(picked) === document.querySelector(original), [selector, target]);
      expect(same, `${target} -> ${selector}`).toBe(true);
      await page.locator('[data-part=picker-result] button', { hasText: 'Done' }).click();
    }
    await page.context().close();
  });
});
