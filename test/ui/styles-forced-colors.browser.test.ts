/**
 * The layer's and the widgets' stylesheets under forced colours (Windows High Contrast), in
 * Chromium (`forcedColors: 'active'`): backgrounds give way to the system's, so what a background
 * alone drew (the hotspot's dot, a progress bar's fill) must be drawn by something that stays —
 * a transparent border or outline, which forced colours paint in the system's colours. Without forced
 * colours those draw nothing: the dot and the bar look as they did.
 */
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { tourStep, useLab } from '../support/surfaces-lab';

const lab = useLab();

/** The colours and widths a computed style gives `locator`'s element. */
const paint = (locator: Locator) =>
  locator.evaluate((element) => {
    const style = getComputedStyle(element);
    return { background: style.backgroundColor, border: style.borderTopColor, borderWidth: style.borderTopWidth, outline: style.outlineColor, outlineWidth: style.outlineWidth, outlineStyle: style.outlineStyle, width: element.getBoundingClientRect().width };
  });

const TRANSPARENT = 'rgba(0, 0, 0, 0)';

describe('forced colours', () => {
  it("the hotspot's dot is drawn by its border, in the system's text colour", async () => {
    const { page, context } = await lab.open('/?scenario=hotspot', { forcedColors: 'active' });
    const beacon = page.locator('[data-part=hotspot][data-item=hs] [data-part=beacon]');
    await beacon.waitFor();
    const forced = await paint(beacon);
    expect(forced.border).not.toBe(TRANSPARENT);
    expect(forced.border).not.toBe(forced.background);
    expect(parseFloat(forced.borderWidth)).toBeGreaterThanOrEqual(2);
    await context.close();
  });

  it('without forced colours the dot is the accent colour edge to edge, its border drawing nothing', async () => {
    const { page, context } = await lab.open('/?scenario=hotspot', { forcedColors: 'none' });
    const beacon = page.locator('[data-part=hotspot][data-item=hs] [data-part=beacon]');
    await beacon.waitFor();
    const normal = await paint(beacon);
    expect(normal.border).toBe(TRANSPARENT);
    expect(normal.background).not.toBe(TRANSPARENT);
    expect(normal.width).toBe(12);
    await context.close();
  });

  it("a tour step's progress: the fill and the bar are drawn by their outlines", async () => {
    const { page, context } = await lab.open('/?scenario=tour', { forcedColors: 'active' });
    await page.click('#start-tour');
    const step = tourStep(page, 'basics');
    await step.waitFor();
    const fill = await paint(step.locator('[data-part=progress-fill]'));
    const bar = await paint(step.locator('[data-part=progress-bar]'));
    expect(fill.outlineStyle).toBe('solid');
    expect(fill.outline).not.toBe(TRANSPARENT);
    expect(fill.outline).not.toBe(bar.background);
    expect(bar.outlineStyle).toBe('solid');
    expect(bar.outline).not.toBe(TRANSPARENT);
    await context.close();
  });
});
