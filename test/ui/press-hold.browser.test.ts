/**
 * A press on the layer holds re-placing until its click (src/ui/press-hold.ts): with a help
 * link's popover open, the hotspot's dot it pushed aside is clicked where it is, and opens; the
 * popover's closing on that press no longer moves the dot from under the pointer first. In
 * Chromium, with the SDK bundled from src/.
 */
import { describe, expect, it } from 'vitest';
import { openPageWithScript, SDK_FROM_SOURCE, useChromiumWithBundle } from '../support/browser-harness';

const session = useChromiumWithBundle(SDK_FROM_SOURCE);

const items = [
  { id: 'export-help', type: 'helpLink', target: { anchor: 'export' }, title: 'Exporting', body: 'Exports include archived rows.' },
  { id: 'filter-spot', type: 'hotspot', target: '#filter', placement: 'right', title: 'Saved filters', body: 'Save a filter once.' },
];

const PAGE = `<!doctype html><html><head><style>body{font:16px sans-serif}</style></head><body>
<div style="display:flex;gap:8px;margin:120px 40px"><button data-help="export">Export</button><button id="filter">Filter</button><button>More</button></div>
<script src="/code.js"></script><script>
window.events = [];
window.gp = Guidepost.createGuidepost({ user: { id: 'u1' }, locale: 'en', onEvent: (e) => window.events.push(e.type + ':' + e.item_id),
  manifest: { schemaVersion: 1, revision: 'r', items: ${JSON.stringify(items)} } });
window.gp.start();
</script></body></html>`;

describe('a press on the layer', () => {
  it('opens the hotspot whose dot the open popover had pushed aside, in one click', async () => {
    const { page: p, errors } = await openPageWithScript(session.browser, PAGE, session.code, { width: 1280, height: 800 });
    const layer = p.locator('guidepost-root');
    // The "?" lives in a host of its own beside its anchor, not in the layer.
    const help = p.locator('[data-part=help-link][data-item=export-help]').first();
    await help.waitFor();
    const dot = layer.locator('button[data-item=filter-spot]');
    await dot.waitFor();
    await help.click();
    await expect.poll(() => p.evaluate(() => (window as unknown as { events: string[] }).events)).toContain('shown:export-help');
    // Where the dot is while the popover is open: pressed and released there, as a person clicks.
    await expect.poll(async () => (await dot.boundingBox()) !== null).toBe(true);
    const box = (await dot.boundingBox())!;
    await p.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => p.evaluate(() => (window as unknown as { events: string[] }).events)).toContain('shown:filter-spot');
    expect(errors).toEqual([]);
    await p.context().close();
  });
});
