/**
 * The experiments controller (src/controller/experiment-arms.ts) reading its stored
 * assignments: a stored arm is kept while its bucketVersion holds; what storage holds that is
 * not a record of assignments is reported and left out, never thrown, and assigning goes on.
 */
import { describe, expect, it, vi } from 'vitest';
import { MAX_STICKY_ASSIGNMENTS, openArms } from '../../src/controller/experiment-arms';
import { STICKY_ASSIGNMENTS_KEY } from '../../src/controller/experiments';
import type { Manifest } from '../../src/manifest/schema';
import { memoryStorage } from '../../src/store/storage';

const manifest = {
  schemaVersion: 1,
  revision: 'r',
  experiments: [{ key: 'holdout', unit: 'user', variations: [{ key: 'off', enabled: false }, { key: 'on' }] }],
  items: [{ id: 'tip', type: 'banner', body: 'Hi', experiment: 'holdout' }],
} as unknown as Manifest;
const ids = { userId: 'u1', anonymousId: 'a1', accountId: undefined };

async function armsWith(stored: unknown) {
  const storage = memoryStorage();
  if (stored !== undefined) await storage.set(STICKY_ASSIGNMENTS_KEY, stored);
  const report = vi.fn();
  const arms = await openArms(manifest, storage, '', report);
  arms.assign(ids, {});
  return { arms, report, storage };
}

describe('stored assignments', () => {
  it('a stored arm is reused while its bucketVersion holds, without a report', async () => {
    // Whatever the hash says, the stored arm wins: try both, one of them differs from the hash.
    for (const variation of ['off', 'on']) {
      const { arms, report } = await armsWith({ 'user:u1:holdout': { variation, bucketVersion: 0 } });
      expect(arms.all()[0]).toMatchObject({ variation });
      expect(report).not.toHaveBeenCalled();
    }
  });

  it('a record that is not an object is reported and assigning goes on, stored afresh', async () => {
    for (const stored of ['assignments', 42, null, ['x']]) {
      const { arms, report, storage } = await armsWith(stored);
      expect(report).toHaveBeenCalledTimes(1);
      expect(report.mock.calls[0][0].message).toMatch(/experiment assignments/);
      const variation = arms.all()[0].variation;
      expect(['off', 'on']).toContain(variation);
      await vi.waitFor(async () => expect(await storage.get(STICKY_ASSIGNMENTS_KEY)).toEqual({ 'user:u1:holdout': { variation, bucketVersion: 0 } }));
    }
  });

  it('entries that are not assignments are dropped alone; the stored record is bounded', async () => {
    const many = Object.fromEntries(Array.from({ length: MAX_STICKY_ASSIGNMENTS + 3 }, (_, i) => [`user:other${i}:holdout`, { variation: 'on', bucketVersion: 0 }]));
    const { arms, report, storage } = await armsWith({ ...many, 'user:u2:holdout': 'on', 'user:u3:holdout': { variation: 1, bucketVersion: 0 } });
    expect(report).toHaveBeenCalledTimes(1);
    expect(report.mock.calls[0][0].message).toContain('discarded 7 stored experiment assignment(s)');
    expect(arms.all()).toHaveLength(1);
    // Written once the record was read again (another tab may have added to it).
    await vi.waitFor(async () => expect((await storage.get<Record<string, unknown>>(STICKY_ASSIGNMENTS_KEY))!['user:u1:holdout']).toBeDefined());
    const stored = await storage.get<Record<string, unknown>>(STICKY_ASSIGNMENTS_KEY);
    // The newest MAX_STICKY_ASSIGNMENTS entries looked at (the oldest five dropped), the two that are not assignments
    // dropped among them, and this unit's new one added.
    expect(Object.keys(stored!)).toHaveLength(MAX_STICKY_ASSIGNMENTS - 2 + 1);
    expect(stored!['user:other4:holdout']).toBeUndefined();
    expect(stored!['user:other5:holdout']).toEqual({ variation: 'on', bucketVersion: 0 });
    expect(stored!['user:u2:holdout']).toBeUndefined();
    expect(stored![`user:other${MAX_STICKY_ASSIGNMENTS + 2}:holdout`]).toEqual({ variation: 'on', bucketVersion: 0 });
  });
});

describe('an experiment inside one arm of another', () => {
  // "copy" runs only for units in the "on" arm of "holdout", listed before it (`when` on experiments.<key>).
  const nested = {
    ...manifest,
    experiments: [
      ...(manifest.experiments ?? []),
      { key: 'copy', unit: 'user', when: { 'experiments.holdout': 'on' }, variations: [{ key: 'short' }, { key: 'long' }], scope: { items: [] } },
    ],
  } as unknown as Manifest;

  it.each([
    ['on', true],
    ['off', false],
  ])('a unit in the "%s" arm enters it: %s', async (arm, enters) => {
    const arms = await openArms(nested, memoryStorage(), `?guidepost_force=holdout:${arm}`, vi.fn());
    arms.assign(ids, {});
    const copy = arms.all().find((a) => a.experiment === 'copy')!;
    expect(copy).toMatchObject(enters ? { inExperiment: true, reason: 'hashed' } : { inExperiment: false, reason: 'condition' });
    expect(Object.keys(arms.variations())).toEqual(enters ? ['holdout', 'copy'] : ['holdout']);
  });
});

describe('two tabs writing their assignments', () => {
  // Two experiments on different pages: each tab hashes the one of its page.
  const twoPages = {
    schemaVersion: 1,
    revision: 'r',
    experiments: ['pricing', 'docs'].map((key) => ({ key, unit: 'user', when: { 'page.path': `/${key}` }, variations: [{ key: 'off', enabled: false }, { key: 'on' }], scope: { items: [] } })),
    items: [],
  } as unknown as Manifest;
  const page = (path: string) => ({ page: { path } });

  it("neither erases the other's arm, and each adopts the other's for later decisions", async () => {
    const storage = memoryStorage();
    const tabA = await openArms(twoPages, storage, '', vi.fn());
    const tabB = await openArms(twoPages, storage, '', vi.fn());
    tabA.assign(ids, page('/pricing'));
    await vi.waitFor(async () => expect(await storage.get<Record<string, unknown>>(STICKY_ASSIGNMENTS_KEY)).toHaveProperty(['user:u1:pricing']));
    tabB.assign(ids, page('/docs'));
    await vi.waitFor(async () => expect(await storage.get<Record<string, unknown>>(STICKY_ASSIGNMENTS_KEY)).toHaveProperty(['user:u1:docs']));
    const stored = (await storage.get<Record<string, { variation: string }>>(STICKY_ASSIGNMENTS_KEY))!;
    expect(Object.keys(stored).sort()).toEqual(['user:u1:docs', 'user:u1:pricing']);
    // Tab B now knows the pricing arm tab A stored: the same arm when it meets /pricing.
    tabB.assign(ids, page('/pricing'));
    expect(tabB.all()[0]).toMatchObject({ variation: stored['user:u1:pricing'].variation });
  });
});

describe('QA forcing (guidepost_force)', () => {
  const keyed = (key: string) =>
    ({ schemaVersion: 1, revision: 'r', experiments: [{ key, unit: 'user', variations: [{ key: 'holdout', enabled: false }, { key: 'help' }], scope: { items: [] } }], items: [] }) as unknown as Manifest;

  it('forces an experiment whose key contains ":" (split after the longest key the pair starts with)', async () => {
    for (const variation of ['holdout', 'help']) {
      const report = vi.fn();
      const arms = await openArms(keyed('checkout:v2'), memoryStorage(), `?guidepost_force=checkout:v2:${variation}`, report);
      arms.assign(ids, {});
      expect(arms.all()[0]).toMatchObject({ variation, forced: true, reason: 'forced' });
      expect(report).not.toHaveBeenCalled();
    }
  });

  it('a force naming no variation is reported, and the session is still QA: marked forced, nothing stored', async () => {
    const storage = memoryStorage();
    const report = vi.fn();
    const arms = await openArms(keyed('links'), storage, '?guidepost_force=links:hlep', report);
    arms.assign(ids, {});
    expect(report.mock.calls[0][0].message).toContain('guidepost_force=links:hlep names no variation');
    expect(arms.all()[0]).toMatchObject({ inExperiment: true, reason: 'hashed', forced: true });
    // A later write of another instance would show; this one wrote nothing.
    await storage.set('probe', 1);
    expect(await storage.get(STICKY_ASSIGNMENTS_KEY)).toBeUndefined();
  });

  it('an experiment run inside a forced arm of another is QA data too: forced, not stored', async () => {
    const nested = {
      ...manifest,
      experiments: [...(manifest.experiments ?? []), { key: 'copy', unit: 'user', when: { 'experiments.holdout': 'on' }, variations: [{ key: 'short' }, { key: 'long' }], scope: { items: [] } }],
    } as unknown as Manifest;
    const storage = memoryStorage();
    const arms = await openArms(nested, storage, '?guidepost_force=holdout:on', vi.fn());
    arms.assign(ids, {});
    expect(arms.all().find((a) => a.experiment === 'copy')).toMatchObject({ inExperiment: true, forced: true });
    await storage.set('probe', 1);
    expect(await storage.get(STICKY_ASSIGNMENTS_KEY)).toBeUndefined();
  });

  it('without a force in the page, an experiment reading arms is not marked forced', async () => {
    const nested = {
      ...manifest,
      experiments: [...(manifest.experiments ?? []), { key: 'copy', unit: 'user', when: { 'experiments.holdout': { $exists: true } }, variations: [{ key: 'short' }, { key: 'long' }], scope: { items: [] } }],
    } as unknown as Manifest;
    const arms = await openArms(nested, memoryStorage(), '', vi.fn());
    arms.assign(ids, {});
    expect(arms.all().map((a) => a.forced)).toEqual([false, false]);
  });
});

describe('reset() while a write of the arms is under way', () => {
  it('a disposed controller writes nothing back over the deleted record', async () => {
    const inner = memoryStorage();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    let answered = false;
    const sets: string[] = [];
    const storage = {
      ...inner,
      get: async <T,>(key: string) => {
        if (holding && key === STICKY_ASSIGNMENTS_KEY) await held;
        const value = await inner.get<T>(key);
        if (holding) answered = true;
        return value;
      },
      set: async (key: string, value: unknown) => (sets.push(key), inner.set(key, value)),
    };
    const arms = await openArms(manifest, storage, '', vi.fn());
    holding = true;
    arms.assign(ids, {});
    arms.dispose!();
    await inner.delete(STICKY_ASSIGNMENTS_KEY);
    release();
    await vi.waitFor(() => expect(answered).toBe(true));
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(sets).toEqual([]);
    expect(await inner.get(STICKY_ASSIGNMENTS_KEY)).toBeUndefined();
  });
});
