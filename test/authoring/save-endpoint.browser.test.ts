/**
 * "Save to file" end to end: the demo served by `guidepost serve --author` (a copy, so
 * demo/manifest.json is never touched); the panel offers the button because the endpoint
 * answers, the edit lands in the file with only its own line changed, the previous file is the
 * .bak, and the next patch starts from what was saved. A file edited by hand after the page
 * loaded it is never overwritten: the save is refused, the draft re-applied onto the new file.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/cli/serve';
import { launchChromium, PROJECT_ROOT, watchPageErrors } from '../support/browser-harness';

let site = '';
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  site = await mkdtemp(join(tmpdir(), 'guidepost-author-save-'));
  await cp(join(PROJECT_ROOT, 'demo'), site, { recursive: true });
  server = await startServer({ port: 0, host: '127.0.0.1', root: site, dataDir: join(site, 'data'), author: join(site, 'manifest.json') });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(site, { recursive: true, force: true });
});

describe('Save to file', () => {
  it('writes the edit into the manifest file, keeping the previous one as .bak', async () => {
    const original = await readFile(join(site, 'manifest.json'), 'utf8');
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    await page.goto(new URL('/?guidepost_author=1', server.url).href);
    const panel = page.locator('[data-author=panel]');
    const save = panel.locator('[data-action=save]');
    await save.waitFor();
    expect(await save.textContent()).toBe('Save to file (manifest.json)');
    expect(await save.isDisabled()).toBe(true); // nothing to save yet
    await panel.locator('[data-author=items] [data-item=new-project-tip] button').click();
    const title = panel.locator('#gp-author-new-project-tip-item-title');
    await title.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Start here!');
    await save.click();
    await panel.locator('[data-author=status]', { hasText: 'Saved to manifest.json (previous version in manifest.json.bak)' }).waitFor();

    const written = await readFile(join(site, 'manifest.json'), 'utf8');
    expect(await readFile(join(site, 'manifest.json.bak'), 'utf8')).toBe(original);
    const before = original.split('\n');
    const after = written.split('\n');
    expect(after.length).toBe(before.length);
    const changed = after.flatMap((line, i) => (line === before[i] ? [] : [[before[i], line]]));
    expect(changed).toEqual([[expect.stringContaining('"en": "Start here"'), expect.stringContaining('"en": "Start here!"')]]);
    // Saved: the patch now starts from the file as written.
    await expect.poll(() => panel.locator('[data-author=change-count]').textContent()).toBe('0');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a file changed on disk since the page loaded it: nothing written, the edit re-applied onto it, then saved with both', async () => {
    const file = join(site, 'manifest.json');
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    await page.goto(new URL('/?guidepost_author=1', server.url).href);
    const panel = page.locator('[data-author=panel]');
    await panel.locator('[data-action=save]').waitFor();
    await panel.locator('[data-author=items] [data-item=new-project-tip] button').click();
    const title = panel.locator('#gp-author-new-project-tip-item-title');
    await title.fill('Edited in the panel');
    // Meanwhile someone edits the file by hand: another place.
    const byHand = (await readFile(file, 'utf8')).replace(/"revision": "[^"]*"/, '"revision": "by-hand"');
    await writeFile(file, byHand);
    await panel.locator('[data-action=save]').click();
    await panel.locator('[data-author=notice][data-kind=save-rebased]').waitFor();
    await panel.locator('[role=alert][data-author=save-error]', { hasText: 'Not saved:' }).waitFor();
    expect(await readFile(file, 'utf8')).toBe(byHand);
    await panel.locator('[data-action=save]').click();
    await panel.locator('[data-author=status]', { hasText: 'Saved to manifest.json' }).waitFor();
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written.revision).toBe('by-hand');
    expect(JSON.stringify(written)).toContain('Edited in the panel');
    // The browser logs the refused request itself; nothing else went wrong.
    expect(errors.filter((e) => !e.includes('409 (Conflict)'))).toEqual([]);
    await page.close();
  });
});
