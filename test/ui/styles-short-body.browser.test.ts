/**
 * A card without a title (src/ui/styles.ts), in Chromium with the SDK bundled from src/: its body
 * keeps clear of the × and is as wide as its words, so a short body ("Saves", "OK", "b1 tip") is
 * one line, never squeezed and broken mid-word; a long one still wraps within the card.
 */
import { describe, expect, it } from 'vitest';
import { openPageWithScript, SDK_FROM_SOURCE, useChromiumWithBundle } from '../support/browser-harness';

const bodies = ['Saves', 'OK', 'b1 tip', 'Configuration', 'Everything you change here is saved as you type, and kept on this device until you sign out.'];
const manifest = {
  schemaVersion: 1,
  revision: 'short',
  settings: { caps: { perPageView: 10 } },
  items: bodies.map((body, i) => ({ id: `tip-${i}`, type: 'tooltip', target: `#t${i}`, placement: 'bottom', body })),
};

const session = useChromiumWithBundle(SDK_FROM_SOURCE);

describe('a card without a title', () => {
  it('is as wide as its words and clear of its ×: short bodies on one line, a long one wrapped inside the card', async () => {
    const targets = bodies.map((_, i) => `<button id="t${i}" style="position:absolute;left:${20 + i * 240}px;top:${i % 2 ? 300 : 40}px">Target ${i}</button>`).join('');
    const html = `<!doctype html><html lang="en"><head><title>App</title></head><body>${targets}<script src="/code.js"></script><script>
window.gp = Guidepost.createGuidepost({ manifest: ${JSON.stringify(manifest)}, locale: 'en' });
window.gp.start().then(() => { window.started = true; });
</script></body></html>`;
    const { page, errors } = await openPageWithScript(session.browser, html, session.code, { width: 1280, height: 800 });
    await page.waitForFunction(() => (window as unknown as { started?: boolean }).started === true);
    const root = () => page.locator('guidepost-root');
    await expect.poll(() => root().locator('[data-part=tooltip][data-placement]').count()).toBe(bodies.length);
    const cards = await page.evaluate(() => [...document.querySelector('guidepost-root')!.shadowRoot!.querySelectorAll<HTMLElement>('[data-part=tooltip]')].map((card) => {
      const body = card.querySelector('[data-part=body]')!;
      const close = card.querySelector('[data-part=close]')!.getBoundingClientRect();
      // The boxes of the text itself (not of its paragraph, which spans the body).
      const lines: DOMRect[] = [];
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        lines.push(...[...range.getClientRects()].filter((r) => r.width > 0));
      }
      const tops = new Set(lines.map((r) => Math.round(r.top)));
      const overlapsClose = lines.some((l) => l.left < close.right && close.left < l.right && l.top < close.bottom && close.top < l.bottom);
      return { text: body.textContent, lines: tops.size, overlapsClose };
    }));
    for (const card of cards) expect(card.overlapsClose, card.text!).toBe(false);
    expect(cards.filter((c) => c.text!.length < 20).map((c) => [c.text, c.lines])).toEqual(bodies.slice(0, 4).map((b) => [b, 1]));
    expect(cards.find((c) => c.text!.length > 20)!.lines).toBeGreaterThan(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
