/**
 * Without the optional peer @duckdb/node-api, GET /results says how to install it (and stays
 * accessible); /results.json says so in machine-readable form.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, serveForTest, watchPageErrors } from '../support/browser-harness';

vi.mock('@duckdb/node-api', () => {
  throw new Error("Cannot find package '@duckdb/node-api'");
});

const require = createRequire(import.meta.url);
let browser: Browser;
let server: Awaited<ReturnType<typeof serveForTest>>;

beforeAll(async () => {
  server = await serveForTest();
  await writeFile(server.collector.file, '');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('results page without DuckDB', () => {
  it('explains how to install it', async () => {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    await page.goto(new URL('/results', server.url).href);
    await page.getByRole('heading', { name: 'Install DuckDB to see results' }).waitFor();
    expect(await page.locator('main pre').textContent()).toBe('npm install --save-dev @duckdb/node-api');
    await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await page.evaluate(async () => (await (window as any).axe.run(document, { resultTypes: ['violations'] })).violations.map((v: any) => v.id));
    expect(violations).toEqual([]);
    const json = await (await page.request.get(new URL('/results.json', server.url).href)).json();
    expect(json).toMatchObject({ status: 'duckdb-missing', message: 'guidepost analyze needs @duckdb/node-api: npm install --save-dev @duckdb/node-api' });
    expect(errors).toEqual([]);
    await page.close();
  });
});
