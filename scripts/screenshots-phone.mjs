// Takes the phone screenshots in docs/screenshots/ (390x844, touch) from the demo, with the
// built SDK:   npm run build && node scripts/screenshots-phone.mjs
// Each shot waits for what it shows (the surface placed, the layout arbiter settled), never a
// fixed delay. Uses $CHROMIUM_PATH or Debian's Chromium.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
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
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, reducedMotion: 'reduce' };

/** Resolves when every floating surface is placed (or a sheet) and nothing moved for two frames. */
const settled = (page) =>
  page.waitForFunction(() => {
    const root = document.querySelector('[data-guidepost-host=layer]')?.shadowRoot;
    const roots = [...document.querySelectorAll('[data-guidepost-host]')].map((h) => h.shadowRoot);
    const floating = roots.flatMap((r) => [...r.querySelectorAll('[data-part=tooltip],[data-part=popover],[data-part=tour-step]:not([data-centered])')]);
    if (!root || floating.some((el) => !el.hasAttribute('data-placement'))) return false;
    const now = JSON.stringify(roots.flatMap((r) => [...r.querySelectorAll('[data-part]')].map((el) => Object.values(el.getBoundingClientRect().toJSON()))));
    const same = now === window.__gpLast;
    window.__gpLast = now;
    return same;
  }, undefined, { polling: 'raf' });

async function shot(name, path, act) {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  // The demo runs a help-link holdout experiment: pin the arm that shows help.
  await page.goto(new URL(`${path}${path.includes('?') ? '&' : '?'}guidepost_force=help-links-holdout:help`, server.url).href);
  await page.locator('[data-part=checklist-launcher]').waitFor();
  await act(page);
  await settled(page);
  await page.screenshot({ path: join(out, `${name}.png`) });
  await context.close();
  console.log(`docs/screenshots/${name}.png`);
}

// The "Start here" tip stays beside its button; the checklist shares the screen with it.
await shot('phone-tooltip', '/', (page) => page.locator('[data-part=tooltip][data-item=new-project-tip]').waitFor());
// The tour started from the checklist: the checklist folds to its launcher, under the overlay.
await shot('phone-tour-step', '/', async (page) => {
  if ((await page.locator('[data-part=checklist-launcher]').getAttribute('aria-expanded')) !== 'true') await page.locator('[data-part=checklist-launcher]').click();
  await page.locator('[data-part=task-button]').first().click();
  await page.locator('[data-part=tour-step]').waitFor();
});
// A popover that fits nowhere beside its "?" is a sheet: the "?" is ringed above it, the launcher rises over it.
await shot('phone-help-sheet', '/board', async (page) => {
  await page.locator('[data-part=help-link][data-item=board-help]').click();
  await page.locator('[data-part=popover][data-sheet]').waitFor();
});
// The checklist open, with its count beside the progress bar.
await shot('phone-checklist', '/billing', (page) => page.locator('[data-part=checklist-panel]').waitFor());

await browser.close();
await server.close();
