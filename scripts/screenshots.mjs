// Takes the screenshots in docs/screenshots/ from the demo, with the built SDK:
//   npm run build && node scripts/screenshots.mjs
// Uses $CHROMIUM_PATH or Debian's Chromium.
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../dist/cli.js';

const executablePath = process.env.CHROMIUM_PATH ?? ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));
if (!executablePath) throw new Error('Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH');
const out = new URL('../docs/screenshots/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });

const server = await startServer({ port: 0, host: '127.0.0.1', root: new URL('../demo', import.meta.url).pathname, dataDir: mkdtempSync(join(tmpdir(), 'gp-shots-')) });
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });

async function shot(name, path, act, viewport = { width: 1100, height: 640 }, extra = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, ...extra });
  const page = await context.newPage();
  // The demo runs a help-link holdout experiment: pin the arm that shows help.
  await page.goto(new URL(`${path}${path.includes('?') ? '&' : '?'}guidepost_force=help-links-holdout:help`, server.url).href);
  await page.locator('[data-part]').first().waitFor();
  await act(page);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `${name}.png`) });
  await context.close();
  console.log(`docs/screenshots/${name}.png`);
}

await shot('tooltip-and-banner', '/', async (page) => page.locator('[data-part=tooltip]').waitFor());
await shot('help-link-popover', '/board', async (page) => {
  await page.locator('[data-part=help-link][data-item=board-help]').click();
  await page.locator('[data-part=popover]').waitFor();
});
await shot('tour-step', '/', async (page) => {
  await page.locator('[data-part=task-button]').first().click();
  await page.locator('[data-part=tour-step]').waitFor();
});
await shot('hotspot', '/settings', async (page) => {
  await page.locator('[data-part=hotspot]').click();
  await page.locator('[data-part=popover]').waitFor();
});
await shot('checklist', '/reports', async (page) => {
  await page.locator('[data-part=checklist-panel]').waitFor();
  await page.locator('[data-part=help-link]').first().waitFor();
});
await shot('tour-step-phone', '/', async (page) => {
  // On a phone the checklist folds for the "Start here" tip: open it as a person would.
  if ((await page.locator('[data-part=checklist-launcher]').getAttribute('aria-expanded')) !== 'true') await page.locator('[data-part=checklist-launcher]').click();
  await page.locator('[data-part=task-button]').first().click();
  await page.locator('[data-part=tour-step]').waitFor();
}, { width: 360, height: 640 }, { isMobile: true, hasTouch: true });
await shot('debug-panel', '/reports?guidepost_debug=1', async (page) => {
  await page.locator('[data-part=debug-panel]').waitFor();
});
await shot('tour-step-dark-spanish', '/?lang=es', async (page) => {
  await page.locator('[data-part=task-button]').first().click();
  await page.locator('[data-part=tour-step]').waitFor();
}, undefined, { colorScheme: 'dark' });

await browser.close();
await server.close();
