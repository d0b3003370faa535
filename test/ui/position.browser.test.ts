/**
 * Where surfaces land in real Chromium: beside their target on the stated side, inside the
 * viewport, scrolled into view (scroll containers, sticky headers), above host modals, as a
 * bottom sheet on a phone, and untouched by hostile host CSS.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { attrNow, box, center, eventsLike, expectBeside, expectInViewport, shaded, tourStep, useLab, type Box } from '../support/surfaces-lab';

const lab = useLab();
const SIDES = ['top', 'bottom', 'left', 'right'] as const;

describe('geometry', () => {
  const cases = SIDES.flatMap((side) => [['tooltip', side], ['tour', side]] as const);

  it.each(cases)('a %s with placement "%s" touches its target on that side and stays in the viewport', async (surface, side) => {
    const { page, errors, context } = await lab.open(`/?scenario=geometry&surface=${surface}&placement=${side}`);
    const floating = surface === 'tour' ? tourStep(page, 'geo-tour') : page.locator('[data-part=tooltip][data-item=geo-tip]');
    await floating.waitFor();
    await expect.poll(() => attrNow(floating, 'data-placement')).toBe(side);
    const target = await box(page.locator('#geo-target'));
    const b = await box(floating);
    expectBeside(b, target, side);
    expectInViewport(b, 1280, 800);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('long words', () => {
  it.each(['tooltip', 'tour'] as const)('a %s with a 300-character address and a very long word wraps them inside its card', async (surface) => {
    const { page, errors, context } = await lab.open(`/?scenario=geometry&surface=${surface}&placement=bottom&long=1`);
    const floating = surface === 'tour' ? tourStep(page, 'geo-tour') : page.locator('[data-part=tooltip][data-item=geo-tip]');
    await floating.waitFor();
    // Placed (on whichever side the taller card fits).
    await expect.poll(() => attrNow(floating, 'data-placement')).not.toBeNull();
    const card = await box(floating);
    expect(card.width).toBeLessThanOrEqual(362);
    expectInViewport(card, 1280, 800);
    for (const part of ['title', 'body']) {
      const overflow = await floating.locator(`[data-part=${part}]`).evaluate((node) => ({ scroll: node.scrollWidth, client: node.clientWidth }));
      expect(overflow.scroll, `the ${part}'s text stays within its width`).toBeLessThanOrEqual(overflow.client + 1);
      expectInViewport(await box(floating.locator(`[data-part=${part}]`)), 1280, 800);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a viewport too short for the card (640x400: a laptop at 200%; 844x390: a phone held sideways)', () => {
  it.each([[640, 400], [844, 390]])('at %ix%i a tall tour step becomes a bottom sheet inside the viewport, whose buttons scroll into reach', async (width, height) => {
    const { page, errors, context } = await lab.open('/?scenario=geometry&surface=tour&placement=bottom&tall=1', { viewport: { width, height } });
    const step = tourStep(page, 'geo-tour');
    await expect.poll(() => attrNow(step, 'data-sheet')).toBe('');
    expectInViewport(await box(step), width, height);
    const next = step.locator('[data-action=next]');
    await next.scrollIntoViewIfNeeded();
    expectInViewport(await box(next), width, height);
    await next.click();
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a short but wide viewport (1280x480)', () => {
  it('a tall tour step that fits neither above nor below its target goes beside it, not into a sheet', async () => {
    const { page, errors, context } = await lab.open('/?scenario=geometry&surface=tour&placement=bottom&tall=1', { viewport: { width: 1280, height: 480 } });
    const step = tourStep(page, 'geo-tour');
    await expect.poll(() => attrNow(step, 'data-placement')).toMatch(/^(left|right)/);
    expect(await step.getAttribute('data-sheet')).toBeNull();
    const b = await box(step);
    expectInViewport(b, 1280, 480);
    expect(b.width).toBeLessThan(400);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a card without a title', () => {
  it.each(['tooltip', 'tour'] as const)('a %s keeps the lines of its body clear of its ×', async (surface) => {
    const { page, errors, context } = await lab.open(`/?scenario=geometry&surface=${surface}&placement=bottom&notitle=1`);
    const floating = surface === 'tour' ? tourStep(page, 'geo-tour') : page.locator('[data-part=tooltip][data-item=geo-tip]');
    await floating.waitFor();
    await expect.poll(() => attrNow(floating, 'data-placement')).not.toBeNull();
    const { close, lines } = await floating.evaluate((card) => {
      // The boxes of the text itself (not of its paragraphs, which span the card's width).
      const rect = (r: DOMRect) => ({ x: r.x, y: r.y, width: r.width, height: r.height });
      const walker = document.createTreeWalker(card.querySelector('[data-part=body]')!, NodeFilter.SHOW_TEXT);
      const lines: ReturnType<typeof rect>[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        lines.push(...[...range.getClientRects()].filter((r) => r.width > 0).map(rect));
      }
      return { close: rect(card.querySelector('[data-part=close]')!.getBoundingClientRect()), lines };
    });
    expect(lines.length).toBeGreaterThan(2);
    const overlapping = lines.filter((l) => l.x < close.x + close.width && close.x < l.x + l.width && l.y < close.y + close.height && close.y < l.y + l.height);
    expect(overlapping).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('scrolling targets into view', () => {
  it('scrolls a target inside an overflow:auto container into view before showing its step', async () => {
    const { page, errors, context } = await lab.open('/?scenario=scroller');
    const step = tourStep(page, 'deep-tour');
    await step.waitFor();
    // The target starts 1500px down a 300px box: the container had to scroll.
    await expect.poll(() => page.evaluate(() => document.getElementById('scroller')!.scrollTop)).toBeGreaterThan(1000);
    const target = await box(page.locator('#deep-target'));
    const container = await box(page.locator('#scroller'));
    expect(target.y).toBeGreaterThanOrEqual(container.y);
    expect(target.y + target.height).toBeLessThanOrEqual(container.y + container.height);
    expectInViewport(target, 1280, 800);
    const side = (await step.getAttribute('data-placement'))!.split('-')[0] as 'top' | 'bottom';
    expectBeside(await box(step), target, side);
    // The overlay's cutout followed the scroll: the target is not dimmed, its surroundings are.
    await expect.poll(() => shaded(page, [center(target), [target.x + target.width + 30, target.y + target.height / 2]])).toEqual([false, true]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('scrolls a far-down target into view without leaving it under an 80px sticky header', async () => {
    const { page, errors, context } = await lab.open('/?scenario=sticky');
    const step = tourStep(page, 'far-tour');
    await step.waitFor();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
    const header = await box(page.locator('#sticky-header'));
    expect(header.y).toBe(0);
    expect(header.height).toBe(80);
    const target = await box(page.locator('#far-target'));
    expect(target.y, 'the target starts below the sticky header').toBeGreaterThanOrEqual(header.y + header.height);
    expectInViewport(target, 1280, 800);
    expectBeside(await box(step), target, 'bottom');
    await expect.poll(() => shaded(page, [center(target), [target.x + target.width + 30, target.y + target.height / 2]])).toEqual([false, true]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('stacking', () => {
  it('shows the tour step, then the tooltip it held back, above full-screen host modals with the highest z-index, and they stay clickable', async () => {
    const { page, errors, context } = await lab.open('/?scenario=stacking');
    const step = tourStep(page, 'stack-tour');
    const tooltip = page.locator('[data-part=tooltip][data-item=stack-tip]');
    await step.waitFor();
    await page.locator('#late-modal').waitFor({ state: 'attached' });
    const topmostAtCenter = async (floating: typeof step) => {
      const b = await box(floating);
      return page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.tagName.toLowerCase(), [b.x + b.width / 2, b.y + b.height / 2]);
    };
    expect(await topmostAtCenter(step)).toBe('guidepost-root');
    // A real mouse click on "Next" reaches the step through both host layers, twice: to the
    // last step, then to the end of the tour, which gives the stage back to the tooltip.
    const clickNext = async () => {
      const next = await box(step.locator('[data-action=next], [data-action=done]'));
      await page.mouse.click(next.x + next.width / 2, next.y + next.height / 2);
    };
    await clickNext();
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    await clickNext();
    await tooltip.waitFor();
    expect(await topmostAtCenter(tooltip)).toBe('guidepost-root');
    expect(await page.evaluate(() => window.lab.hostClicks)).toEqual({});
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a native modal dialog', () => {
  const hitAt = (page: Page, b: Box) => page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.tagName.toLowerCase(), [b.x + b.width / 2, b.y + b.height / 2]);
  const layerParent = (page: Page) => page.evaluate(() => document.querySelector('[data-guidepost-host=layer]')?.parentElement?.tagName.toLowerCase());

  it('surfaces on a dialog opened with showModal() take clicks and Tab (not inert), and the layer goes back to <body> when it closes', async () => {
    const { page, errors, context } = await lab.open('/?scenario=dialog');
    const tooltip = page.locator('[data-part=tooltip][data-item=dialog-tip]');
    await tooltip.waitFor();
    await expect.poll(() => layerParent(page)).toBe('dialog');
    const gotIt = await box(tooltip.locator('[data-part=button]'));
    expect(await hitAt(page, gotIt)).toBe('guidepost-root');
    await page.mouse.click(gotIt.x + gotIt.width / 2, gotIt.y + gotIt.height / 2);
    await expect.poll(() => tooltip.count()).toBe(0);
    expect(await eventsLike(page, { type: 'dismissed', item_id: 'dialog-tip' })).toHaveLength(1);

    await page.evaluate(() => window.lab.gp.startTour('dialog-tour'));
    const step = tourStep(page, 'dialog-tour');
    await expect.poll(() => attrNow(step, 'data-placement')).not.toBeNull();
    // The dialog's focus trap lets Tab reach the step's buttons.
    let reached = false;
    for (let i = 0; i < 8 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await step.evaluate((node) => (node.getRootNode() as ShadowRoot).activeElement?.getAttribute('data-action') === 'next');
    }
    expect(reached, 'Tab reaches Next').toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');

    await page.evaluate(() => (document.getElementById('native-modal') as HTMLDialogElement).close());
    await expect.poll(() => layerParent(page)).toBe('body');
    // Still in the top layer, still on screen and usable.
    expect(await page.evaluate(() => document.querySelector('[data-guidepost-host=layer]')!.matches(':popover-open'))).toBe(true);
    const done = await box(step.locator('[data-action=done]'));
    await page.mouse.click(done.x + done.width / 2, done.y + done.height / 2);
    await expect.poll(() => tourStep(page, 'dialog-tour').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a tooltip on the page hides while the page's modal dialog is open (its target is behind it, inert), and comes back when it closes", async () => {
    const { page, errors, context } = await lab.open('/?scenario=geometry&placement=bottom');
    const tooltip = page.locator('[data-part=tooltip][data-item=geo-tip]');
    await expect.poll(() => tooltip.evaluate((n) => getComputedStyle(n).visibility).catch(() => 'none')).toBe('visible');
    await page.evaluate(() => {
      const dialog = document.body.appendChild(document.createElement('dialog'));
      dialog.id = 'host-dialog';
      dialog.innerHTML = '<p>Settings</p><button id="in-dialog">OK</button>';
      dialog.showModal();
    });
    await expect.poll(() => layerParent(page)).toBe('dialog');
    await expect.poll(() => tooltip.evaluate((n: HTMLElement) => n.style.visibility)).toBe('hidden');
    await page.evaluate(() => (document.getElementById('host-dialog') as HTMLDialogElement).close());
    await expect.poll(() => layerParent(page)).toBe('body');
    // Placed where it was, shown again (focus, which the dialog gives back, may make it step aside
    // for the control it covers: yield-to-focus.ts; that is not the placement's).
    await expect.poll(() => tooltip.evaluate((n: HTMLElement) => n.style.visibility)).toBe('visible');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a second modal opened from the first, though written before it in the page: the layer follows it, above it and usable', async () => {
    const { page, errors, context } = await lab.open('/?scenario=dialog&variant=stacked');
    await page.locator('[data-part=tooltip][data-item=dialog-tip]').waitFor();
    await expect.poll(() => layerParent(page)).toBe('dialog');
    await page.evaluate(() => (document.getElementById('confirm-modal') as HTMLDialogElement).showModal());
    await expect.poll(() => page.evaluate(() => document.querySelector('[data-guidepost-host=layer]')?.parentElement?.id)).toBe('confirm-modal');
    const tip = page.locator('[data-part=tooltip][data-item=confirm-tip]');
    const gotIt = await box(tip.locator('[data-part=button]'));
    expect(await hitAt(page, gotIt)).toBe('guidepost-root');
    await page.mouse.click(gotIt.x + gotIt.width / 2, gotIt.y + gotIt.height / 2);
    await expect.poll(() => tip.count()).toBe(0);
    // The confirmation closes: back into the first dialog, still above it.
    await page.evaluate(() => (document.getElementById('confirm-modal') as HTMLDialogElement).close());
    await expect.poll(() => page.evaluate(() => document.querySelector('[data-guidepost-host=layer]')?.parentElement?.id)).toBe('native-modal');
    expect(await page.evaluate(() => document.querySelector('[data-guidepost-host=layer]')!.matches(':popover-open'))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a tour step whose target is in a closed dialog (in the page, not displayed) is a missing target: skipped, no overlay around nothing', async () => {
    const { page, errors, context } = await lab.open('/?scenario=dialog&variant=closed');
    await page.evaluate(() => window.lab.gp.startTour('dialog-tour'));
    const step = tourStep(page, 'dialog-tour');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    expect(await eventsLike(page, { type: 'target_not_found', item_id: 'dialog-tour', step: 0 })).toHaveLength(1);
    expect(await eventsLike(page, { type: 'step_viewed', item_id: 'dialog-tour', step: 0 })).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a dialog taken out of the page with the layer inside gives the layer back to <body>', async () => {
    const { page, errors, context } = await lab.open('/?scenario=dialog');
    await page.locator('[data-part=tooltip][data-item=dialog-tip]').waitFor();
    await expect.poll(() => layerParent(page)).toBe('dialog');
    await page.evaluate(() => document.getElementById('native-modal')!.remove());
    await expect.poll(() => layerParent(page)).toBe('body');
    await page.evaluate(() => window.lab.gp.startTour('dialog-tour'));
    // Its target left with the dialog: the tour shows its centered step.
    await tourStep(page, 'dialog-tour').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('small viewport (360x640, touch)', () => {
  const phone = { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true };

  it.each([['tooltip', '[data-part=tooltip][data-item=geo-tip]'], ['tour', '[data-part=tour-step][data-item=geo-tour]']])(
    'a %s becomes a bottom sheet that fits the viewport',
    async (surface, selector) => {
      const { page, errors, context } = await lab.open(`/?scenario=geometry&surface=${surface}&placement=right`, phone);
      const b = await box(page.locator(selector));
      expectInViewport(b, 360, 640);
      // A bottom sheet: full width, resting on the bottom edge.
      expect(b.width).toBeCloseTo(360, 0);
      expect(b.y + b.height).toBeCloseTo(640, 0);
      expect(await page.locator(selector).evaluate((node) => getComputedStyle(node).visibility)).toBe('visible');
      expect(errors).toEqual([]);
      await context.close();
    },
  );
});

describe('long words on a phone', () => {
  // Slovak's "Preskočiť prehliadku" and "Prejsť tam" are long: the row of buttons wraps, each
  // button's words stay on one line.
  it.each(['sk', 'de', 'ru'])('%s: a tour step\'s buttons keep their words on one line', async (lang) => {
    const { page, errors, context } = await lab.open(`/?scenario=tour&lang=${lang}`, { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
    await page.evaluate(() => window.lab.gp.startTour('basics'));
    const step = page.locator('[data-part=tour-step]');
    // The second step: Skip, Back and Next.
    await step.locator('[data-action=next]').click();
    await step.locator('[data-action=back]').waitFor();
    const lines = await step.evaluate((card) =>
      [...card.querySelectorAll('[data-part=actions] button')].map((button) => {
        const range = document.createRange();
        range.selectNodeContents(button);
        // One line box per line of text (a two-word label wrapped gives two).
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        return [button.textContent, tops.size];
      }),
    );
    expect(lines.length).toBeGreaterThan(1);
    for (const [text, count] of lines) expect([text, count]).toEqual([text, 1]);
    expectInViewport(await box(step), 360, 640);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('style isolation', () => {
  /** Computed styles of Guidepost's own parts, read inside the shadow root. */
  const surfaceStyles = (page: import('playwright-core').Page) =>
    page.evaluate(() => {
      const root = document.querySelector('guidepost-root')!.shadowRoot!;
      const props = ['color', 'background-color', 'font-size', 'font-family', 'font-weight', 'line-height', 'display', 'position', 'padding-top', 'border-top-width', 'border-top-style', 'text-transform', 'text-align', 'box-sizing', 'width'];
      const read = (selector: string) => {
        const node = root.querySelector(selector);
        if (!node) return null;
        const style = getComputedStyle(node);
        return Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]));
      };
      const host = getComputedStyle(document.querySelector('guidepost-root')!);
      return {
        host: { position: host.position, zIndex: host.zIndex, width: host.width, height: host.height, display: host.display },
        step: read('[data-part=tour-step]'),
        stepTitle: read('[data-part=tour-step] [data-part=title]'),
        next: read('[data-part=tour-step] [data-action=next]'),
        skip: read('[data-part=tour-step] [data-action=skip]'),
        close: read('[data-part=tour-step] [data-part=close]'),
        progress: read('[data-part=tour-step] [data-part=progress-bar]'),
        tooltip: read('[data-part=tooltip]'),
        tooltipTitle: read('[data-part=tooltip] [data-part=title]'),
        overlay: read('[data-part=overlay]'),
      };
    });

  /**
   * The tour step's styles, then (the tour closed: a running tour holds tooltips back) the
   * tooltip's, in one record. `duringTour` runs while the step is on screen.
   */
  async function stylesThroughTour(page: import('playwright-core').Page, duringTour?: () => Promise<void>) {
    await tourStep(page, 'iso-tour').waitFor();
    const withStep = await surfaceStyles(page);
    await duringTour?.();
    await tourStep(page, 'iso-tour').locator('[data-part=close]').evaluate((node) => (node as HTMLElement).click());
    await page.locator('[data-part=tooltip][data-item=iso-tip]').waitFor();
    const withTooltip = await surfaceStyles(page);
    return { ...withStep, tooltip: withTooltip.tooltip, tooltipTitle: withTooltip.tooltipTitle };
  }

  it('keeps every computed style of the surfaces under a host stylesheet that restyles everything with !important', async () => {
    const calm = await lab.open('/?scenario=isolation');
    const baseline = await stylesThroughTour(calm.page);
    // The baseline is Guidepost's look, not the hostile one.
    expect(baseline.next?.['font-size']).toBe('14px');
    expect(baseline.step?.position).toBe('fixed');
    expect(baseline.tooltip?.position).toBe('fixed');
    await calm.context.close();

    const { page, errors, context } = await lab.open('/?scenario=isolation&hostile=1');
    const step = tourStep(page, 'iso-tour');
    const tooltip = page.locator('[data-part=tooltip][data-item=iso-tip]');
    const styles = await stylesThroughTour(page, async () => {
      // Positioned next to its target.
      expectBeside(await box(step), await box(page.locator('#iso-tour-target')), (await step.getAttribute('data-placement'))!.split('-')[0] as 'bottom');
    });
    // The hostile sheet did apply to the host page...
    expect(await page.locator('#iso-tip-target').evaluate((n) => getComputedStyle(n).fontSize)).toBe('40px');
    // ...and to nothing of ours.
    expect(styles).toEqual(baseline);
    expectBeside(await box(tooltip), await box(page.locator('#iso-tip-target')), (await tooltip.getAttribute('data-placement'))!.split('-')[0] as 'right');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('does not leak its CSS into the host page, even onto host elements that use data-part', async () => {
    const { page, errors, context } = await lab.open('/?scenario=isolation');
    const snapshots = () => page.evaluate(() => ({ before: window.lab.before, after: window.lab.snapshot() }));
    let during: Awaited<ReturnType<typeof snapshots>> | undefined;
    await stylesThroughTour(page, async () => void (during = await snapshots()));
    for (const { before, after } of [during!, await snapshots()]) {
      expect(Object.keys(after)).toHaveLength(6);
      expect(after).toEqual(before);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('reads and writes', () => {
  it("a step placed beside its target is never measured back after its placement's writes (the arena takes the box the placement computed)", async () => {
    const { page, errors, context } = await lab.open('/?scenario=tour');
    await page.evaluate(() => window.lab.gp.startTour('basics'));
    const step = tourStep(page, 'basics');
    await step.waitFor();
    await step.locator('[data-action=next]').click();
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    // From here on, count the reads of a tour step's box made by anything but this test.
    await page.evaluate(() => {
      const original = Element.prototype.getBoundingClientRect;
      const counter = { reads: 0, counting: true };
      (window as unknown as { stepReads: typeof counter }).stepReads = counter;
      Element.prototype.getBoundingClientRect = function (this: Element) {
        if (counter.counting && this.matches('[data-part=tour-step]')) counter.reads++;
        return original.call(this);
      };
    });
    await step.locator('[data-action=next]').click();
    // Step 3, beside its target: placed, then two frames for any later pass to run.
    await expect.poll(() => attrNow(step, 'data-placement')).toMatch(/^bottom/);
    const reads = await page.evaluate(async () => {
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const counter = (window as unknown as { stepReads: { reads: number; counting: boolean } }).stepReads;
      counter.counting = false;
      return counter.reads;
    });
    expect(reads).toBe(0);
    const b = await box(step);
    expectBeside(b, await box(page.locator('#t2')), 'bottom');
    expect(errors).toEqual([]);
    await context.close();
  });
});
