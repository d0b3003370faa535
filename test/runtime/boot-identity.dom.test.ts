/**
 * One anonymous id per device (src/store/identity.ts startIdentity, src/runtime/tab-sync.ts):
 * tabs (here, instances on one page sharing a storage) that start together on a first visit
 * are one unit in experiments, with Web Locks (a stand-in: happy-dom has none) or without;
 * where neither orders them (a first visit without locks), the tab channel settles on one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostEvent, type KeyValueStorage } from '../../src/index';
import { fakeLocks } from '../support/fake-locks';

const manifest = {
  schemaVersion: 1,
  revision: 'r',
  experiments: [{ key: 'e', variations: [{ key: 'off', enabled: false }, { key: 'on' }], scope: { items: ['tip'] } }],
  items: [{ id: 'tip', type: 'banner', body: 'x' }],
};


const unitOf = (events: GuidepostEvent[]) => events.find((e) => e.type === 'assignment')?.unit_id;

afterEach(() => {
  delete (navigator as { locks?: unknown }).locks;
  document.body.innerHTML = '';
});

async function twoTabs(storage: KeyValueStorage) {
  const a: GuidepostEvent[] = [];
  const b: GuidepostEvent[] = [];
  const tabA = createGuidepost({ manifest, storage, locale: 'en', onEvent: (e) => a.push(e) });
  const tabB = createGuidepost({ manifest, storage, locale: 'en', onEvent: (e) => b.push(e) });
  await Promise.all([tabA.start(), tabB.start()]);
  return { a, b, tabA, tabB };
}

describe('two tabs of a first visit, started together', () => {
  it('are one unit (no Web Locks: the id written last is read back by both)', async () => {
    const storage = memoryStorage();
    const { a, b, tabA, tabB } = await twoTabs(storage);
    tabA.destroy();
    tabB.destroy();
    expect(unitOf(a)).toBeDefined();
    expect(unitOf(a)).toBe(unitOf(b));
    expect((await storage.get<{ anonymousId: string }>('identity'))?.anonymousId).toBe(unitOf(a));
  });

  it('are one unit with Web Locks, even on a storage never used (the fast path of a first visit)', async () => {
    const inner = memoryStorage();
    const storage: KeyValueStorage = { ...inner, kind: 'new', neverUsed: async () => (await inner.get('identity')) === undefined };
    const locks = fakeLocks();
    // An own property over happy-dom's getter (null), taken off after the test.
    Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });
    const { a, b, tabA, tabB } = await twoTabs(storage);
    tabA.destroy();
    tabB.destroy();
    expect(locks.grants).toBe(2);
    expect(unitOf(a)).toBeDefined();
    expect(unitOf(a)).toBe(unitOf(b));
  });
});

describe('destroy() while the identity lock is held elsewhere (another tab, a script of the page)', () => {
  it('withdraws the lock request and its wait; start() resolves with nothing shown', async () => {
    let asked: AbortSignal | undefined;
    const held = {
      request: (_name: string, options: { signal?: AbortSignal }) =>
        new Promise((_resolve, reject) => {
          asked = options.signal;
          options.signal?.addEventListener('abort', () => reject(new DOMException('withdrawn', 'AbortError')));
        }),
    };
    Object.defineProperty(navigator, 'locks', { value: held, configurable: true });
    const errors: Error[] = [];
    const guidepost = createGuidepost({ manifest, storage: memoryStorage(), locale: 'en', onError: (e) => errors.push(e) });
    const starting = guidepost.start();
    await expect.poll(() => asked).toBeDefined();
    guidepost.destroy();
    expect(asked!.aborted).toBe(true);
    await starting;
    expect(document.querySelector('[data-part]')).toBeNull();
    expect(errors).toEqual([]);
  });
});
