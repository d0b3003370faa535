/**
 * The view's lazy loads (src/runtime/view.ts) going wrong, end to end: a UI chunk that cannot be
 * loaded is reported once (not on every decision) and retried on the next page view, when the
 * content shows; a word table that cannot be loaded is reported once and the words stay English.
 * (Order matters: a module that loaded once stays loaded in this file.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Guidepost, type GuidepostError, type GuidepostEvent } from '../../src/index';

const chunk = vi.hoisted(() => ({ fail: false, frenchFails: true }));
vi.mock('../../src/runtime/view-chunk', async (importOriginal) => {
  if (chunk.fail) throw new Error('ui chunk offline');
  return importOriginal();
});
vi.mock('../../src/ui/locales/fr', async (importOriginal) => {
  if (chunk.frenchFails) throw new Error('fr table offline');
  return importOriginal();
});

const layer = () => document.querySelector('guidepost-root')?.shadowRoot ?? null;
const UI_FAILURE = /^the Guidepost UI could not be loaded: /;

const live: Guidepost[] = [];
function create(extra: Record<string, unknown> = {}, items: unknown[] = [{ id: 'tip', type: 'tooltip', target: '#save', body: 'Saves.' }]) {
  document.body.innerHTML = '<button id="save">Save</button>';
  const errors: GuidepostError[] = [];
  const events: GuidepostEvent[] = [];
  const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items }, user: { id: 'u1' }, locale: 'en', storage: memoryStorage(), onError: (e) => errors.push(e), onEvent: (e) => events.push(e), ...extra });
  live.push(gp);
  return { gp, errors, events };
}
const nextDecision = (gp: Guidepost) =>
  new Promise<void>((resolve) => {
    const off = gp.onChange(() => (off(), resolve()));
  });

afterEach(() => {
  live.splice(0).forEach((gp) => gp.destroy());
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

describe('a UI chunk that cannot be loaded', () => {
  it('is reported once with a clear message; start() resolves; nothing is drawn; later decisions do not ask again', async () => {
    chunk.fail = true;
    const { gp, errors } = create();
    await expect(gp.start()).resolves.toBeUndefined();
    const failures = () => errors.filter((e) => UI_FAILURE.test(e.message));
    await vi.waitFor(() => expect(failures()).toHaveLength(1));
    expect(failures()[0].code).toBe('internal');
    expect(document.querySelector('guidepost-root')).toBeNull();
    for (let i = 0; i < 3; i++) {
      const decided = nextDecision(gp);
      gp.track(`clicked-${i}`);
      await decided;
    }
    expect(failures()).toHaveLength(1);
    expect(errors.filter((e) => !UI_FAILURE.test(e.message))).toEqual([]);
  });

  describe('explain() does not say "shown" for an item the UI could not draw', () => {
    it('does not call an item shown while the UI that draws it failed to load', async () => {
      chunk.fail = true;
      const { gp, errors } = create();
      await gp.start();
      await vi.waitFor(() => expect(errors.filter((e) => UI_FAILURE.test(e.message))).toHaveLength(1));
      expect(document.querySelector('guidepost-root')).toBeNull();
      expect(gp.explain('tip')?.shown).toBe(false);
    });
  });

  // After the test above: this one loads the chunk for good.
  it('is tried again on the next page view, and then the content shows', async () => {
    chunk.fail = true;
    const { gp, errors } = create();
    await gp.start();
    await vi.waitFor(() => expect(errors.filter((e) => UI_FAILURE.test(e.message))).toHaveLength(1));
    chunk.fail = false;
    history.pushState({}, '', '/next');
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=tooltip][data-item=tip]') ?? null).not.toBeNull());
    expect(errors.filter((e) => UI_FAILURE.test(e.message))).toHaveLength(1);
    expect(gp.explain('tip')?.shown).toBe(true);
  });
});

describe("a word table that cannot be loaded", () => {
  it('is reported once, naming the language; the content shows with English words; a new page view does not ask again', async () => {
    const { gp, errors } = create({ locale: 'fr-CA' }, [{ id: 'tip', type: 'tooltip', target: '#save', body: { en: 'Saves.', fr: 'Enregistre.' } }]);
    await gp.start();
    const tip = () => layer()?.querySelector('[data-part=tooltip][data-item=tip]') ?? null;
    await vi.waitFor(() => expect(tip()).not.toBeNull());
    expect(tip()!.textContent).toContain('Enregistre.');
    expect(tip()!.querySelector('[data-part=close]')?.getAttribute('aria-label')).toBe('Close');
    const wordFailures = () => errors.filter((e) => e.message.startsWith('the UI words in "fr" could not be loaded (English is shown): '));
    expect(wordFailures()).toHaveLength(1);
    expect(wordFailures()[0].code).toBe('internal');
    const decided = nextDecision(gp);
    history.pushState({}, '', '/other');
    await decided;
    await vi.waitFor(() => expect(tip()).not.toBeNull());
    expect(wordFailures()).toHaveLength(1);
  });
});
