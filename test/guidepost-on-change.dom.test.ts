/**
 * onChange(listener): told after decisions, once per burst, also for those that emit no event
 * (a route change); its disposer unsubscribes, destroy() unsubscribes all, and a listener that
 * throws is reported without keeping the others from being told.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError } from '../src/index';

const manifest = { schemaVersion: 1, revision: 'r1', items: [{ id: 'tip', type: 'tooltip', target: '#save', when: { 'page.path': '/settings' }, body: 'Saved here.' }] };

afterEach(() => {
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

async function started() {
  document.body.innerHTML = '<button id="save">Save</button>';
  const errors: GuidepostError[] = [];
  const gp = createGuidepost({ manifest, locale: 'en', storage: memoryStorage(), onError: (e) => errors.push(e) });
  await gp.start();
  return { gp, errors };
}

describe('onChange()', () => {
  it('is told after a route change, which emits no event, once for a burst of decisions', async () => {
    const { gp } = await started();
    const told = vi.fn();
    gp.onChange(told);
    history.pushState({}, '', '/settings');
    await vi.waitFor(() => expect(told).toHaveBeenCalled());
    await vi.waitFor(() => expect(gp.explain('tip')?.shown).toBe(true));
    told.mockClear();
    gp.track('a');
    gp.track('b');
    gp.track('c');
    await vi.waitFor(() => expect(told).toHaveBeenCalled());
    expect(told).toHaveBeenCalledTimes(1);
    gp.destroy();
  });

  it('stops with its disposer and with destroy()', async () => {
    const { gp } = await started();
    const kept = vi.fn();
    const dropped = vi.fn();
    gp.onChange(kept);
    gp.onChange(dropped)();
    gp.track('a');
    await vi.waitFor(() => expect(kept).toHaveBeenCalledTimes(1));
    expect(dropped).not.toHaveBeenCalled();
    gp.destroy();
    gp.track('b');
    const after = vi.fn();
    expect(typeof gp.onChange(after)).toBe('function');
    // A listener added after destroy() is never kept: a later decision (none can run) tells no one.
    expect(kept).toHaveBeenCalledTimes(1);
    expect(after).not.toHaveBeenCalled();
  });

  it('reports a listener that throws and still tells the others', async () => {
    const { gp, errors } = await started();
    const other = vi.fn();
    gp.onChange(() => {
      throw new Error('boom');
    });
    gp.onChange(other);
    gp.track('a');
    await vi.waitFor(() => expect(other).toHaveBeenCalled());
    expect(errors.map((e) => e.message)).toEqual(['an onChange() listener failed: boom']);
    gp.destroy();
  });
});
