/** Whether a storage was ever used: IndexedDB answers from its list of databases, asked before anything opens one. */
import { describe, expect, it, vi } from 'vitest';
import { indexedDbStorage, memoryStorage, resilientStorage } from '../../src/store/storage';

/** A factory with only `databases()` (and an `open` that must not be called). */
const factoryListing = (databases: () => Promise<IDBDatabaseInfo[]>) => {
  const open = vi.fn(() => {
    throw new Error('neverUsed() must not open the database');
  });
  return { factory: { databases, open } as unknown as IDBFactory, open };
};

describe('neverUsed', () => {
  it('IndexedDB: true when its database is not in the list, false when it is; nothing is opened', async () => {
    const none = factoryListing(async () => [{ name: 'other', version: 1 }]);
    expect(await indexedDbStorage('guidepost', 'kv', { factory: () => none.factory }).neverUsed!()).toBe(true);
    const there = factoryListing(async () => [{ name: 'guidepost', version: 1 }]);
    expect(await indexedDbStorage('guidepost', 'kv', { factory: () => there.factory }).neverUsed!()).toBe(false);
    expect(none.open).not.toHaveBeenCalled();
    expect(there.open).not.toHaveBeenCalled();
  });

  it('IndexedDB without databases() (older engines), or none at all, cannot tell: false', async () => {
    expect(await indexedDbStorage('guidepost', 'kv', { factory: () => ({ open: vi.fn() }) as unknown as IDBFactory }).neverUsed!()).toBe(false);
    expect(await indexedDbStorage('guidepost', 'kv', { factory: () => undefined }).neverUsed!()).toBe(false);
  });

  it('resilientStorage passes the answer on, and a failure reads as "may have been used"', async () => {
    const report = vi.fn();
    const empty = factoryListing(async () => []);
    expect(await resilientStorage(indexedDbStorage('guidepost', 'kv', { factory: () => empty.factory }), report).neverUsed!()).toBe(true);
    const failing = factoryListing(async () => Promise.reject(new DOMException('denied', 'SecurityError')));
    expect(await resilientStorage(indexedDbStorage('guidepost', 'kv', { factory: () => failing.factory }), report).neverUsed!()).toBe(false);
    expect(await resilientStorage(memoryStorage(), report).neverUsed!()).toBe(false);
    expect(report).not.toHaveBeenCalled();
  });
});
