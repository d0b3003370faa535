/**
 * The widgets' chunk (banners, checklists, hotspots, help links; loaded by
 * src/runtime/view-chunk.ts) that cannot be loaded, end to end: reported once with a message that
 * names what is missing, while tooltips and tour steps (drawn without it) still show; not asked
 * for again on every decision; tried again on the next page view. (Order matters: once the module
 * has loaded, it stays loaded in this file.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Guidepost, type GuidepostError } from '../../src/index';

const chunk = vi.hoisted(() => ({ fail: true }));
vi.mock('../../src/ui/widgets', async (importOriginal) => {
  if (chunk.fail) throw new Error('widgets offline');
  return importOriginal();
});

const WIDGETS_FAILURE = /^the Guidepost banners, checklists, hotspots and help links could not be loaded: /;
const layer = () => document.querySelector('guidepost-root')?.shadowRoot ?? null;
const part = (selector: string) => layer()?.querySelector<HTMLElement>(selector) ?? null;

const live: Guidepost[] = [];
async function started(items: unknown[]) {
  document.body.innerHTML = '<button id="save">Save</button>';
  const errors: GuidepostError[] = [];
  const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items }, locale: 'en', storage: memoryStorage(), onError: (e) => errors.push(e) });
  live.push(gp);
  await gp.start();
  return { gp, errors, failures: () => errors.filter((e) => WIDGETS_FAILURE.test(e.message)) };
}
const nextDecision = (gp: Guidepost) =>
  new Promise<void>((resolve) => {
    const off = gp.onChange(() => (off(), resolve()));
  });

const tip = { id: 'tip', type: 'tooltip', target: '#save', body: 'Saves.' };
const banner = { id: 'welcome', type: 'banner', body: 'Welcome!' };

afterEach(() => {
  live.splice(0).forEach((gp) => gp.destroy());
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

describe("a widgets' chunk that cannot be loaded", () => {
  it('is reported once, naming what is missing; the tooltip still shows, the banner does not', async () => {
    const { gp, errors, failures } = await started([tip, banner]);
    await vi.waitFor(() => expect(failures()).toHaveLength(1));
    expect(failures()[0].code).toBe('internal');
    await vi.waitFor(() => expect(part('[data-part=tooltip][data-item=tip]')).not.toBeNull());
    expect(part('[data-item=welcome]')).toBeNull();
    for (let i = 0; i < 3; i++) {
      const decided = nextDecision(gp);
      gp.track(`clicked-${i}`);
      await decided;
    }
    expect(failures()).toHaveLength(1);
    expect(errors.filter((e) => !WIDGETS_FAILURE.test(e.message))).toEqual([]);
  });

  it('a tour step is drawn without it (its feedback question waits, the step does not)', async () => {
    const { gp, failures } = await started([{ id: 'intro', type: 'tour', feedback: true, steps: [{ title: 'Hi', body: 'Only step' }] }]);
    await vi.waitFor(() => expect(part('[data-part=tour-step][data-item=intro]')).not.toBeNull());
    await vi.waitFor(() => expect(failures()).toHaveLength(1));
    expect(gp.explain('intro')?.shown).toBe(true);
  });

  describe('explain() does not say "shown" for a banner its missing chunk could not draw', () => {
    it('does not call the banner shown while it is not on screen', async () => {
      const { gp, failures } = await started([tip, banner]);
      await vi.waitFor(() => expect(failures()).toHaveLength(1));
      await vi.waitFor(() => expect(part('[data-part=tooltip][data-item=tip]')).not.toBeNull());
      expect(part('[data-item=welcome]')).toBeNull();
      expect(gp.explain('welcome')?.shown).toBe(false);
    });
  });

  // Last in this file: once loaded, the module stays loaded.
  it('is tried again on the next page view; the banner then shows', async () => {
    const { failures } = await started([tip, banner]);
    await vi.waitFor(() => expect(failures()).toHaveLength(1));
    chunk.fail = false;
    history.pushState({}, '', '/next');
    await vi.waitFor(() => expect(part('[data-part=banner][data-item=welcome]')).not.toBeNull());
    expect(part('[data-part=tooltip][data-item=tip]')).not.toBeNull();
    expect(failures()).toHaveLength(1);
  });
});
