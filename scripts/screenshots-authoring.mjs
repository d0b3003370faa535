// Takes the authoring screenshots in docs/screenshots/ (authoring-*.png), for docs/authoring.md:
// one writer's session on a copy of the demo served with `--author`, so "Save to file" works
// without touching demo/manifest.json.
//   npm run build && node scripts/screenshots-authoring.mjs
// Uses $CHROMIUM_PATH or Debian's Chromium.
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../dist/cli.js';

const executablePath = process.env.CHROMIUM_PATH ?? ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));
if (!executablePath) throw new Error('Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH');
const out = new URL('../docs/screenshots/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });

const site = mkdtempSync(join(tmpdir(), 'gp-author-shots-'));
cpSync(new URL('../demo', import.meta.url).pathname, site, { recursive: true });
const server = await startServer({ port: 0, host: '127.0.0.1', root: site, dataDir: join(site, 'data'), author: join(site, 'manifest.json') });
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
page.on('pageerror', (error) => console.error(`page error: ${error.message}`));

const panel = page.locator('[data-author=panel]');
const shot = async (name) => {
  // Fonts and the last layout settle; screenshots are not tests.
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `authoring-${name}.png`) });
  console.log(`docs/screenshots/authoring-${name}.png`);
};
const typeInto = async (field, text) => {
  await field.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
};
const pointAt = async (selector) => {
  const box = await page.locator(selector).first().boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  return box;
};

// The demo runs a help-link holdout experiment: pin the arm that shows help.
await page.goto(new URL('/?guidepost_author=1&guidepost_force=help-links-holdout:help', server.url).href);
await panel.locator('[data-author=items]').waitFor();
await shot('panel');

await panel.locator('[data-action=pick]').click();
await page.locator('[data-part=picker]').waitFor();
const button = await pointAt('#import-projects');
await shot('picker');
await page.mouse.click(button.x + button.width / 2, button.y + button.height / 2);
await panel.locator('[data-author=chooser]').waitFor();
await shot('chooser');

await panel.locator('[data-create=tour]').click();
const id = await panel.locator('[data-author=editor]').getAttribute('data-item');
await typeInto(panel.locator(`#gp-author-${id}-item-title`), 'Find your way');
await typeInto(panel.locator(`#gp-author-${id}-0-title`), 'Bring your projects');
await typeInto(panel.locator(`#gp-author-${id}-0-body`), 'Import them from a **CSV** file.');
await panel.locator(`#gp-author-${id}-0-advance`).selectOption('route');
await typeInto(panel.locator(`#gp-author-${id}-0-advance-route`), '/board');
await page.click('nav a[href="/board"]');
await page.locator('#add-task').waitFor();
for (const target of ['[data-help=add-task]', '#filter-tasks']) {
  await panel.locator('[data-action=add-step]').click();
  await page.locator('[data-part=picker]').waitFor();
  const box = await pointAt(target);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await panel.locator('[data-author=step]').nth(await panel.locator('[data-author=step]').count() - 1).waitFor();
}
await typeInto(panel.locator(`#gp-author-${id}-1-title`), 'Add your first task');
await typeInto(panel.locator(`#gp-author-${id}-1-body`), 'Tasks start in **To do**.');
await typeInto(panel.locator(`#gp-author-${id}-2-title`), 'Find tasks fast');
await panel.getByRole('button', { name: 'Preview step 2' }).click();
await page.locator(`[data-part=tour-step][data-item=${id}]`).waitFor();
await panel.locator('[data-step="1"]').scrollIntoViewIfNeeded();
await shot('tour');

await panel.locator('[data-action=stop-preview]').click();
await panel.locator(`#gp-author-${id}-trigger`).scrollIntoViewIfNeeded();
await panel.locator(`#gp-author-${id}-trigger`).selectOption('pageView');
await panel.locator(`#gp-author-${id}-page-on`).check();
await typeInto(panel.locator(`#gp-author-${id}-page-path`), '/');
await panel.locator(`#gp-author-${id}-trait-on`).check();
await panel.locator(`#gp-author-${id}-trait-scope`).selectOption('account');
await panel.locator(`#gp-author-${id}-trait-value`).selectOption('trial');
await panel.locator(`#gp-author-${id}-frequency`).selectOption('once');
await panel.locator(`[for="gp-author-${id}-trait-on"]`).evaluate((label) => label.closest('fieldset').scrollIntoView({ block: 'center' }));
await shot('rules');

await panel.locator('#gp-author-locale').scrollIntoViewIfNeeded();
await panel.locator('#gp-author-locale').selectOption('es');
await panel.locator('[data-author=missing]').evaluate((details) => (details.open = true));
await panel.locator('[data-author=missing] summary').scrollIntoViewIfNeeded();
await shot('translations');
await panel.locator('#gp-author-locale').selectOption('en');

await panel.locator('[data-author=export] h3').evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
await shot('export');
await panel.locator('[data-action=save]').click();
await panel.locator('[data-author=status]', { hasText: 'Saved to' }).waitFor();
await panel.locator('[data-author=export] h3').evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
await shot('saved');

await browser.close();
await server.close();
