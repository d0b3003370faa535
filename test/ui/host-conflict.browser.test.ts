/**
 * A page that already uses Guidepost's host element name: a custom element defined as
 * `guidepost-root` / `guidepost-help` (an older copy of the SDK, a name clash) that attaches
 * its own shadow root. Guidepost renders into hosts of its own under unique names instead; a
 * page where no element can get a shadow root is reported once, and explain() never calls an
 * item "shown" that is not on screen.
 * Page: test/pages/lifecycle/ (see lifecycle.js).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { PROJECT_ROOT, useChromiumAndServer, watchPageErrors } from '../support/browser-harness';

const session = useChromiumAndServer(join(PROJECT_ROOT, 'test/pages/lifecycle'));

async function startOn(context: BrowserContext) {
  const page = await context.newPage();
  const pageErrors = watchPageErrors(page);
  await page.goto(new URL('?endpoint=0', session.server.url).href);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await page.evaluate(() => (window as any).lifecycle.create().start());
  return { page, pageErrors, reported: () => page.evaluate(() => (window as any).lifecycle.errors as { code: string; message: string }[]) };
}

describe('host element name already taken', () => {
  it('custom elements named guidepost-root and guidepost-help with their own shadow roots: Guidepost renders under unique names', async () => {
    const context = await session.browser.newContext();
    await context.addInitScript(() => {
      for (const tag of ['guidepost-root', 'guidepost-help']) {
        customElements.define(
          tag,
          class extends HTMLElement {
            constructor() {
              super();
              this.attachShadow({ mode: 'open' }).textContent = 'theirs';
            }
          },
        );
      }
      // One of theirs is already in the page.
      document.addEventListener('DOMContentLoaded', () => document.body.append(document.createElement('guidepost-root')));
    });
    const { page, pageErrors, reported } = await startOn(context);
    await page.locator('[data-part=banner][data-item=hello-banner]').waitFor();
    await page.locator('[data-part=help-link][data-item=title-help]').waitFor();
    await page.evaluate(() => (window as any).lifecycle.gp.startTour('cycle-tour'));
    await page.locator('[data-part=tour-step][data-item=cycle-tour]').waitFor();
    expect(await page.evaluate(() => (window as any).lifecycle.gp.explain('hello-banner').shown)).toBe(true);
    const hosts = await page.evaluate(() => [...document.querySelectorAll('[data-guidepost-host]')].map((el) => `${el.getAttribute('data-guidepost-host')} ${el.localName}`));
    expect(hosts.sort()).toEqual([expect.stringMatching(/^inline guidepost-help-[a-z0-9]+$/), expect.stringMatching(/^layer guidepost-root-[a-z0-9]+$/)]);
    expect(await reported()).toEqual([]);
    expect(pageErrors).toEqual([]);
    // destroy() removes its own hosts and leaves the page's element alone.
    await page.evaluate(() => (window as any).lifecycle.gp.destroy());
    expect(await page.evaluate(() => [document.querySelectorAll('[data-guidepost-host]').length, document.querySelectorAll('guidepost-root').length])).toEqual([0, 1]);
    await context.close();
  });

  it('no element can get a shadow root: reported once, explain() says cannot-render, never "shown"', async () => {
    const context = await session.browser.newContext();
    await context.addInitScript(() => {
      Element.prototype.attachShadow = function () {
        throw new DOMException('Shadow roots are disabled on this page', 'NotSupportedError');
      };
    });
    const { page, pageErrors, reported } = await startOn(context);
    await expect.poll(async () => (await reported()).length).toBeGreaterThan(0);
    const explanation = await page.evaluate(() => (window as any).lifecycle.gp.explain('hello-banner'));
    expect(explanation).toMatchObject({ shown: false, reason: { code: 'cannot-render', error: expect.stringMatching(/NotSupportedError/) } });
    expect(await page.evaluate(() => (window as any).lifecycle.gp.explain('title-help').shown)).toBe(false);
    const errors = await reported();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'internal', message: expect.stringMatching(/host element with a shadow root.*NotSupportedError/) });
    expect(await page.evaluate(() => document.querySelectorAll('[data-guidepost-host], guidepost-root, guidepost-help').length)).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
