/**
 * The tour code (runtime/tour-runs.ts, loaded by decide-chunk.ts with the first tour to run) that
 * cannot be loaded: reported with a clear message naming it, while the page's other help still
 * shows; a later decision may load it and the tour then starts. (Order matters in this file: once
 * the module has loaded, it stays loaded.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Guidepost, type GuidepostError } from '../../src/index';

const chunk = vi.hoisted(() => ({ fail: true, attempts: [] as Promise<void>[] }));
vi.mock('../../src/runtime/tour-runs', async (importOriginal) => {
  let done!: () => void;
  chunk.attempts.push(new Promise<void>((resolve) => (done = resolve)));
  try {
    if (chunk.fail) throw new Error('tour chunk offline');
    return await importOriginal();
  } finally {
    done();
  }
});

/** Every request of the tour code made so far has failed or loaded, and what followed has run. */
async function requestsSettled() {
  await Promise.all(chunk.attempts);
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

const items = [
  { id: 'tip', type: 'tooltip', target: '#save', body: 'Saves.' },
  { id: 'intro', type: 'tour', steps: [{ title: 'Welcome', body: 'A short tour.' }] },
];
const layer = () => document.querySelector('guidepost-root')?.shadowRoot ?? null;
const TOUR_FAILURE = /^the Guidepost tour code could not be loaded: /;

const live: Guidepost[] = [];
async function started() {
  document.body.innerHTML = '<button id="save">Save</button>';
  const errors: GuidepostError[] = [];
  const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items }, locale: 'en', storage: memoryStorage(), onError: (e) => errors.push(e) });
  live.push(gp);
  await gp.start();
  await vi.waitFor(() => expect(errors.map((e) => e.message)).toContainEqual(expect.stringMatching(TOUR_FAILURE)));
  return { gp, errors };
}
const tourFailures = (errors: GuidepostError[]) => errors.filter((e) => TOUR_FAILURE.test(e.message));

afterEach(() => {
  live.splice(0).forEach((gp) => gp.destroy());
  document.body.innerHTML = '';
});

describe('tour code that cannot be loaded', () => {
  it('is reported as an internal error naming the tour code; the valid tooltip still shows, no tour step is drawn', async () => {
    const { gp, errors } = await started();
    expect(tourFailures(errors)[0].code).toBe('internal');
    expect(errors.filter((e) => !TOUR_FAILURE.test(e.message))).toEqual([]);
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=tooltip][data-item=tip]') ?? null).not.toBeNull());
    expect(layer()?.querySelector('[data-part=tour-step]')).toBeNull();
    expect(gp.explain('tip')?.shown).toBe(true);
    expect(gp.explain('intro')?.shown).toBe(false);
  });

  describe('a tour chunk that cannot be loaded is not requested again on every decision', () => {
    it('reports the failure once, however many decisions follow in the page view', async () => {
      const { gp, errors } = await started();
      // Three clicks, each after the previous one's decision (and whatever it requested) is done.
      for (let i = 0; i < 3; i++) {
        const decided = new Promise<void>((resolve) => {
          const off = gp.onChange(() => (off(), resolve()));
        });
        gp.track(`clicked-${i}`);
        await decided;
        await requestsSettled();
      }
      expect(tourFailures(errors)).toHaveLength(1);
    });
  });

  describe('explain() does not say "shown" for a tour whose code could not be loaded', () => {
    it('gives a reason that says the tour code could not be loaded, not "shown"', async () => {
      const { gp } = await started();
      const explanation = gp.explain('intro');
      expect(explanation?.shown).toBe(false);
      expect(explanation?.reason.code).not.toBe('shown');
      expect(explanation?.message).toMatch(/could not be loaded/);
    });
  });

  // Last in this file: once loaded, the module stays loaded.
  it('is tried again by a later decision; once it loads, the tour starts', async () => {
    const { gp } = await started();
    chunk.fail = false;
    gp.startTour('intro');
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=tour-step][data-item=intro]') ?? null).not.toBeNull());
    expect(gp.explain('intro')?.shown).toBe(true);
  });
});
