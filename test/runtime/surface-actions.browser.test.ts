/**
 * Surface actions in real Chromium, as the collector stores them: opening a hotspot completes it,
 * and the collector hears so once (`completed`, origin "open"), matching what explain() says
 * after a reload. The rest of surface-actions.ts: surface-actions.dom.test.ts.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useLab } from '../support/surfaces-lab';

const lab = useLab();

/** Events the test server's collector has written so far. */
async function collected(): Promise<Record<string, unknown>[]> {
  try {
    const text = await readFile(lab.server.collector.file, 'utf8');
    return text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  } catch {
    return [];
  }
}

describe('a hotspot opened', () => {
  it('reaches the collector as shown then completed (origin "open"), once; after a reload explain() agrees', async () => {
    const { page, errors, context } = await lab.open('/?scenario=hotspot');
    const beacon = page.locator('[data-part=hotspot][data-item=hs]');
    const popover = page.locator('[data-part=popover][data-item=hs]');
    for (let i = 0; i < 2; i++) {
      await beacon.click();
      await popover.waitFor();
      await popover.locator('[data-part=close]').click();
      await popover.waitFor({ state: 'detached' });
    }
    const anonymousId = await page.evaluate(() => (window.lab.events[0] as unknown as { anonymous_id: string }).anonymous_id);
    const stored = async () =>
      (await collected())
        .filter((e) => e.item_id === 'hs' && e.anonymous_id === anonymousId && ['shown', 'completed', 'dismissed'].includes(String(e.type)))
        .map((e) => (e.origin ? `${e.type}:${e.origin}` : e.type));
    await expect.poll(stored, { timeout: 5000 }).toEqual(['shown', 'completed:open', 'shown']);
    await page.reload();
    await page.waitForFunction(() => window.lab?.ready === true);
    await expect.poll(() => page.evaluate(() => (window.lab.gp.explain('hs') as { reason: { code: string } } | undefined)?.reason.code)).toBe('completed');
    expect(errors).toEqual([]);
    await context.close();
  });
});
