/**
 * A manifest as written, validated once per browser, in a real browser with the two-file IIFE:
 * the first page view adds the file of kept results (dist/guidepost.checked.iife.js) and the
 * validator's file, and keeps what the validator found in IndexedDB; the next page view of the
 * same profile adds only the small file, reports the same problems and shows the same help. A
 * manifest the profile never validated brings the validator again; a compiled one needs neither.
 * (The cache's rules: test/manifest/checked-cache.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { requestsReported, tooltip, useSplitPages, validatorGlobal } from '../support/split-pages';

const { open, url } = useSplitPages();

/** The keys of the SDK's database, without creating it when it is not there (that would leave it without its store). */
const storedKeys = (page: Page) =>
  page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((database) => database.name === 'guidepost')) return [];
    return new Promise<string[]>((resolve) => {
      const request = indexedDB.open('guidepost');
      request.onerror = () => resolve([]);
      request.onsuccess = () => {
        const db = request.result;
        try {
          const keys = db.transaction('kv').objectStore('kv').getAllKeys();
          keys.onsuccess = () => resolve(keys.result.map(String));
          keys.onerror = () => resolve([]);
        } catch {
          resolve([]);
        } finally {
          db.close();
        }
      };
    });
  });

/** Resolves once the page has kept a validated manifest. */
const kept = (page: Page) => expect.poll(async () => (await storedKeys(page)).filter((key) => key.startsWith('manifest-checked:')), { timeout: 10_000 }).toHaveLength(1);

describe('a manifest as written is validated once per browser', () => {
  it('the next page view neither downloads nor runs the validator, and reports the same problems', async () => {
    const first = await open('/?case=invalid');
    await tooltip(first.page, 'save-tip').waitFor();
    await requestsReported(first.page);
    expect(first.checkedRequests).toEqual([url('/dist/guidepost.checked.iife.js')]);
    expect(first.validatorRequests).toEqual([url('/dist/guidepost.validator.iife.js')]);
    const problems = await first.reported();
    expect(problems.map((p) => p.code)).toEqual(['manifest']);
    expect(problems[0].message).toContain('bad-tip');
    await kept(first.page);
    const context = first.page.context();
    await first.page.close();

    const next = await open('/?case=invalid', { context });
    await tooltip(next.page, 'save-tip').waitFor();
    await requestsReported(next.page);
    expect(next.checkedRequests).toEqual([url('/dist/guidepost.checked.iife.js')]);
    expect(next.validatorRequests).toEqual([]);
    expect(await validatorGlobal(next.page)).toBe('undefined');
    expect(await next.reported()).toEqual(problems);
    // The item the validator skipped stays out, as on the first page view.
    expect(await next.page.evaluate(() => (window as any).lazyPage.instances[0].explain().map((e: { itemId: string }) => e.itemId))).toEqual(['save-tip']);
    expect(next.errors).toEqual([]);
    // reset() forgets them with the rest of what the SDK keeps on this device.
    await next.page.evaluate(() => (window as any).lazyPage.instances[0].reset());
    expect((await storedKeys(next.page)).filter((key) => key.startsWith('manifest-checked:'))).toEqual([]);
    await context.close();
  });

  it('another manifest in the same profile is validated: the validator comes again', async () => {
    const first = await open('/?case=invalid');
    await kept(first.page);
    const context = first.page.context();
    const other = await open('/?case=idle-source', { context });
    await requestsReported(other.page);
    expect(other.validatorRequests).toEqual([url('/dist/guidepost.validator.iife.js')]);
    expect(await other.reported()).toEqual([]);
    await context.close();
  });

  it('a compiled manifest needs neither file', async () => {
    const { page, checkedRequests, validatorRequests } = await open('/?case=eligible');
    await requestsReported(page);
    expect(checkedRequests).toEqual([]);
    expect(validatorRequests).toEqual([]);
    await page.context().close();
  });
});
