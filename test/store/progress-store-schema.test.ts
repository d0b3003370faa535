/** Progress records whose `schema` no version writes (src/store/progress-store.ts newerSchema). */
import { describe, expect, it, vi } from 'vitest';
import { PROGRESS_SCHEMA_VERSION, recordSeen } from '../../src/engine/progress';
import { openProgressStore } from '../../src/store/progress-store';
import { memoryStorage } from '../../src/store/storage';

describe('a stored schema that is a number but no version (Infinity, NaN, a fraction, past the safe integers)', () => {
  it.each([Infinity, NaN, 1.5, 2 ** 60])("%s: discarded with a report, and progress is stored again (not kept as a newer version's)", async (schema) => {
    const storage = memoryStorage();
    await storage.set('p', { schema, state: { items: {} } });
    const report = vi.fn();
    const store = await openProgressStore(storage, 'p', { report });
    store.update((s) => recordSeen(s, 'tip', 1, 10));
    await store.flush();
    expect(await storage.get('p')).toMatchObject({ schema: PROGRESS_SCHEMA_VERSION, state: { items: { tip: { status: 'seen' } } } });
    expect(report).toHaveBeenCalledTimes(1);
    expect(report.mock.calls[0][0].message).toMatch(/^Guidepost discarded a stored progress record it could not read \(schema/);
  });
});
