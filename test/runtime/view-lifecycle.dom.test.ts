/**
 * destroy() while the view's UI chunk (src/runtime/view.ts -> view-chunk.ts) is still loading,
 * end to end: when the chunk arrives, nothing is mounted or drawn for the destroyed instance, and
 * start() still resolves. (One test per file: the chunk is imported once per module registry, and
 * this test holds that import.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError } from '../../src/index';

const gate = vi.hoisted(() => ({ held: false, hold: undefined as Promise<void> | undefined }));
vi.mock('../../src/runtime/view-chunk', async (importOriginal) => {
  const original = await importOriginal();
  gate.held = true;
  if (gate.hold) await gate.hold;
  return original;
});

afterEach(() => {
  document.body.innerHTML = '';
});

describe('destroy() while the UI loads', () => {
  it('draws nothing when the chunk arrives; start() resolves; nothing is reported', async () => {
    let release!: () => void;
    gate.hold = new Promise<void>((resolve) => (release = resolve));
    document.body.innerHTML = '<button id="save">Save</button>';
    const errors: GuidepostError[] = [];
    const gp = createGuidepost({
      manifest: { schemaVersion: 1, revision: 'r', items: [{ id: 'tip', type: 'tooltip', target: '#save', body: 'Saves.' }] },
      locale: 'en',
      storage: memoryStorage(),
      onError: (e) => errors.push(e),
    });
    let resolved = false;
    const started = gp.start().then(() => void (resolved = true));
    // Decided (the tooltip is allowed and waits to be drawn) while the UI chunk is held.
    await vi.waitFor(() => expect(gp.explain('tip')?.reason.code).toBe('already-showing'));
    await vi.waitFor(() => expect(gate.held).toBe(true));
    // start() waits for the first drawing.
    expect(resolved).toBe(false);
    expect(document.querySelector('guidepost-root')).toBeNull();
    gp.destroy();
    release();
    await started;
    expect(document.querySelector('guidepost-root')).toBeNull();
    expect(document.querySelector('guidepost-help')).toBeNull();
    expect(errors).toEqual([]);
    // Nothing is on screen any more, and explain() does not say otherwise.
    expect(gp.explain().map((e) => [e.itemId, e.shown])).toEqual([['tip', false]]);
  });
});
