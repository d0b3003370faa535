/**
 * destroy() while the decision chunk (src/runtime/decide-chunk.ts) is still loading: when it
 * arrives, it is not opened for the destroyed instance, nothing is exposed, recorded, rendered or
 * reported, and start() still resolves. (One test per file: the chunk is imported once per
 * module registry, and this test holds that import.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError, type GuidepostEvent } from '../../src/index';

const gate = vi.hoisted(() => ({ opened: 0, imported: false, hold: undefined as Promise<void> | undefined }));
vi.mock('../../src/runtime/decide-chunk', async (importOriginal) => {
  gate.imported = true;
  const original = await importOriginal<typeof import('../../src/runtime/decide-chunk')>();
  if (gate.hold) await gate.hold;
  return {
    ...original,
    openDecider: (...args: Parameters<typeof original.openDecider>) => {
      gate.opened++;
      return original.openDecider(...args);
    },
  };
});

afterEach(() => {
  document.body.innerHTML = '';
});

describe('destroy() while the decision chunk loads', () => {
  it('leaves nothing behind once the chunk arrives: no decider, no exposure, no progress, no node, no report', async () => {
    let release!: () => void;
    gate.hold = new Promise<void>((resolve) => (release = resolve));
    document.body.innerHTML = '<button id="save">Save</button>';
    const storage = memoryStorage();
    const errors: GuidepostError[] = [];
    const events: GuidepostEvent[] = [];
    const gp = createGuidepost({
      manifest: { schemaVersion: 1, revision: 'r', items: [{ id: 'tip', type: 'tooltip', target: '#save', body: 'Saves.' }, { id: 'welcome', type: 'banner', body: 'Hi' }] },
      user: { id: 'u1' },
      locale: 'en',
      storage,
      onError: (e) => errors.push(e),
      onEvent: (e) => events.push(e),
    });
    const changes = vi.fn();
    gp.onChange(changes);
    const started = gp.start();
    // The chunk was asked for and is held: explain() says the decision is loading.
    await vi.waitFor(() => expect(gate.imported).toBe(true));
    await vi.waitFor(() => expect(gp.explain('tip')?.reason.code).toBe('deciding'));
    const changesBefore = changes.mock.calls.length;
    gp.destroy();
    release();
    await expect(started).resolves.toBeUndefined();
    expect(gate.opened).toBe(0);
    expect(events.filter((e) => e.type === 'exposure')).toEqual([]);
    expect(document.querySelector('guidepost-root')).toBeNull();
    expect(document.querySelector('guidepost-help')).toBeNull();
    expect(errors).toEqual([]);
    expect(changes).toHaveBeenCalledTimes(changesBefore);
    const stored = await storage.get<{ state: { items: Record<string, unknown> } }>('progress:u1');
    expect(stored?.state.items ?? {}).toEqual({});
    // Calls after destroy() are quiet no-ops.
    gp.track('late');
    gp.startTour('nope');
    expect(errors).toEqual([]);
    expect(document.querySelector('guidepost-root')).toBeNull();
  });
});
