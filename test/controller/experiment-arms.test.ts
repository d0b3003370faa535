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
