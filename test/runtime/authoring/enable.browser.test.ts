/**
 * Authoring costs nothing to pages that do not open it: with the ESM build (dist/guidepost.js,
 * dependencies from an import map), a page that shows help loads the UI chunk but never the
 * authoring chunk; gp.author(true) loads it then. Both IIFE builds (one file, two files) leave
 * the panel out and add guidepost.author.iife.js to the page when authoring opens.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useChromiumAndServer, watchPageErrors } from '../../support/browser-harness';
import { serveEsmDependencies } from '../../support/lazy-pages';

const session = useChromiumAndServer();

describe('the authoring chunk', () => {
  it('the ESM build fetches the authoring chunk only when authoring opens', async () => {
    const context = await session.browser.newContext();
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const scripts: string[] = [];
    page.on('request', (request) => scripts.push(new URL(request.url()).pathname));
    await serveEsmPage(page);
    await page.goto(new URL('/esm-app.html', session.server.url).href);
    await page.locator('[data-part=tooltip][data-item=save-tip]').waitFor();
    expect(scripts).toContain('/dist/chunks/view-chunk.js');
    expect(scripts.filter((path) => path.startsWith('/dist/') && path.includes('author'))).toEqual([]);
    await page.evaluate(() => (window as any).gp.author(true));
    await page.locator('[data-author=panel] [data-author=items]').waitFor();
    expect(scripts.filter((path) => path.startsWith('/dist/') && path.includes('author'))).toEqual(['/dist/chunks/author-panel.js']);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the authoring file of the IIFE builds', () => {
  it.each([['guidepost.iife.js'], ['guidepost.core.iife.js']])('%s adds guidepost.author.iife.js only when authoring opens', async (file) => {
    const context = await session.browser.newContext();
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const scripts: string[] = [];
    page.on('request', (request) => scripts.push(new URL(request.url()).pathname));
    const manifest = { schemaVersion: 1, revision: 'iife', items: [{ id: 'save-tip', type: 'tooltip', target: '#save', body: 'Saves' }] };
    await page.route('**/iife-app.html', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><title>IIFE</title><script src="/dist/${file}?v=7"></script></head>
<body><main><button id="save">Save</button></main><script>
window.gp = Guidepost.createGuidepost({ manifest: ${JSON.stringify(manifest)}, storage: Guidepost.memoryStorage(), locale: 'en' });
window.gp.start();
</script></body></html>`,
      }),
    );
    await page.goto(new URL('/iife-app.html', session.server.url).href);
    await page.locator('[data-part=tooltip][data-item=save-tip]').waitFor();
    const authorFiles = () => scripts.filter((path) => path.startsWith('/dist/') && path.includes('author'));
    expect(authorFiles()).toEqual([]);
    expect(await page.evaluate(() => 'GuidepostAuthoring' in window)).toBe(false);
    await page.evaluate(() => (window as any).gp.author(true));
    await page.locator('[data-author=panel] [data-author=items]').waitFor();
    expect(authorFiles()).toEqual(['/dist/guidepost.author.iife.js']);
    // Closing and opening again reuses the file: one request in all.
    await page.evaluate(() => (window as any).gp.author(false));
    await expect.poll(() => page.locator('[data-author=panel]').count()).toBe(0);
    await page.evaluate(() => (window as any).gp.author(true));
    await page.locator('[data-author=panel] [data-author=items]').waitFor();
    expect(authorFiles()).toEqual(['/dist/guidepost.author.iife.js']);
    expect(errors).toEqual([]);
    await context.close();
  });
});

/**
 * A page that uses the ESM build (dist/guidepost.js) as an app's bundler-less setup would: an
 * import map for the dependencies, served from node_modules by the test; a tooltip to show.
 */
async function serveEsmPage(page: Page) {
  const imports = await serveEsmDependencies(page);
  const manifest = { schemaVersion: 1, revision: 'esm', items: [{ id: 'save-tip', type: 'tooltip', target: '#save', body: 'Saves' }] };
  await page.route('**/esm-app.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><title>ESM</title><script type="importmap">${JSON.stringify({ imports })}</script></head>
<body><main><button id="save">Save</button></main><script type="module">
import { createGuidepost, memoryStorage } from '/dist/guidepost.js';
window.gp = createGuidepost({ manifest: ${JSON.stringify(manifest)}, storage: memoryStorage(), locale: 'en' });
window.gp.start();
</script></body></html>`,
    }),
  );
}
