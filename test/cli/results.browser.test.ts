/**
 * GET /results of `guidepost serve` in real Chromium: the page renders the analysis of the
 * collector's events (tables, SVG charts with intervals, the sample-ratio verdict, tour
 * funnels) under its strict CSP, refreshes when new events reach the collector (keeping keyboard
 * focus, and without reading out the time), keeps chart text at 12 px on a phone, and passes
 * axe-core.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { simulate } from '../../src/analysis/simulate';
import { launchChromium, serveForTest, watchPageErrors } from '../support/browser-harness';

const require = createRequire(import.meta.url);
let browser: Browser;
let server: Awaited<ReturnType<typeof serveForTest>>;

beforeAll(async () => {
  server = await serveForTest();
  // A log as the collector would have written it: 52/48, so the page must flag the split.
  const { events } = simulate({ units: 20_000, lift: 0.09, seed: 3, srm: 0.52 });
  await writeFile(server.collector.file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function axeViolations(page: import('playwright-core').Page): Promise<string[]> {
  // page.evaluate runs through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

describe('results page', () => {
  it('shows conversion per arm with interval charts, the SRM verdict and tour funnels, axe-clean under a strict CSP', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const response = await page.goto(new URL('/results', server.url).href);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('heading', { level: 2, name: 'Experiment help-links-holdout' }).waitFor();
    const arms = page.getByRole('table', { name: 'Conversion per arm (help-links-holdout)' }).first();
    await expect.poll(() => arms.locator('tbody tr').count()).toBe(2);
    expect(await arms.locator('tbody th').allTextContents()).toEqual(['holdout control holdout', 'help']);
    // Charts: conversion bars with whiskers, the lift against zero, and a funnel per tour version.
    const charts = page.locator('svg[role=img]');
    // One set for the exposed (triggered) population and one for intent to treat (assignment events).
    expect(await page.getByRole('img', { name: /Conversion per arm with 95% intervals/ }).count()).toBe(2);
    expect(await page.getByRole('img', { name: /Lift over control/ }).count()).toBe(2);
    expect(await page.getByRole('img', { name: /Funnel of welcome-tour version/ }).count()).toBe(2);
    expect(await charts.first().locator('line.whisker').count()).toBe(6);
    // Stylesheet applied (not blocked by the CSP): bars get their fill from /results.css.
    const fill = await page.locator('rect.bar-treatment').first().evaluate((el) => getComputedStyle(el).fill);
    expect(fill).toBe('rgb(11, 92, 173)');
    await expect.poll(() => page.locator('.verdict.alert').textContent()).toMatch(/Sample-ratio mismatch/);
    expect(await page.getByRole('heading', { name: 'Was this helpful?' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a 390 px phone the page never scrolls sideways: tables sit in their own focusable scrolling region', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(new URL('/results', server.url).href);
    const arms = page.getByRole('table', { name: 'Conversion per arm (help-links-holdout)' }).first();
    await expect.poll(() => arms.locator('tbody tr').count()).toBe(2);
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    const region = page.getByRole('region', { name: 'Exposed units (triggered analysis): conversion per arm (help-links-holdout)' });
    expect(await region.locator('table').count()).toBe(1);
    expect(await region.getAttribute('tabindex')).toBe('0');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('on a 390 px phone the chart text stays at 12 px: the charts reflow instead of shrinking', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(new URL('/results', server.url).href);
    await page.getByRole('img', { name: /Conversion per arm with 95% intervals/ }).first().waitFor();
    // The size on screen: the computed font size times the SVG's scale (a viewBox shrinks both).
    const sizes = await page.locator('svg text').evaluateAll((texts) =>
      texts.map((text) => parseFloat(getComputedStyle(text).fontSize) * ((text as SVGGraphicsElement).getScreenCTM()?.a ?? 1)),
    );
    expect(sizes.length).toBeGreaterThan(20);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
    // Reflowed, not cut: every chart fits the screen, and every label in it.
    const overflow = await page.locator('figure.chart').evaluateAll((figures) =>
      figures.flatMap((figure) => Array.from(figure.querySelectorAll('text'), (text) => text.getBoundingClientRect())).filter((box) => box.left < 0 || box.right > document.documentElement.clientWidth).length,
    );
    expect(overflow).toBe(0);
    // The axis labels left on a narrow chart do not run into each other.
    const collisions = await page.locator('svg[role=img]').evaluateAll((svgs) =>
      svgs.flatMap((svg) => {
        const boxes = Array.from(svg.querySelectorAll('text.tick'), (t) => t.getBoundingClientRect()).filter((b) => b.width > 0).sort((a, b) => a.left - b.left);
        return boxes.slice(1).filter((box, i) => box.left < boxes[i].right).map((box) => `${svg.querySelector('title')?.textContent}: ${box.left}`);
      }),
    );
    expect(collisions).toEqual([]);
    await context.close();
  });

  it('updates as events arrive (polls /results.json)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await page.goto(new URL('/results?refresh=300', server.url).href);
    const main = page.locator('main#results');
    const status = page.getByRole('status');
    const before = await main.getAttribute('data-version');
    const helpUnits = () => page.locator('table').first().locator('tbody tr').nth(1).locator('td').first().textContent();
    const initial = await helpUnits();
    // A keyboard user is in the second table's scroll region when the data changes.
    const regionName = 'Exposed units (triggered analysis): lift over the control (help-links-holdout)';
    await page.getByRole('region', { name: regionName }).focus();
    const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.localName);
    // New units reach the collector the way the SDK sends them.
    const more = simulate({ units: 400, lift: 0.09, seed: 99 }).events.filter((e) => e.type === 'exposure' && !e.forced);
    const result = await server.collector.collect(JSON.stringify({ events: more }));
    expect(result.status).toBe(200);
    await expect.poll(() => main.getAttribute('data-version'), { timeout: 20_000 }).not.toBe(before);
    await expect.poll(helpUnits, { timeout: 10_000 }).not.toBe(initial);
    expect(await page.locator('#results-updated').textContent()).toMatch(/^Updated \d\d:\d\d:\d\d UTC\.$/);
    // Focus came back to the same region, not to <body>; the live region did not read out the time.
    expect(await focusedName()).toBe(regionName);
    expect(await status.textContent()).not.toMatch(/Updated/);
    const json = await (await page.request.get(new URL('/results.json', server.url).href)).json();
    expect(json.status).toBe('ok');
    expect(json.report.experiments[0].exposed.srm.mismatch).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
