/**
 * startIdentity (src/store/identity.ts): under a Web Lock (a stand-in here), a tab that makes an
 * id holds the lock until the id is stored, so the next one reads it; a storage never used is not
 * waited for; locks that refuse fall back to reading without them. (Two instances started
 * together: test/runtime/boot-identity.dom.test.ts; two tabs in Chromium: identity-tabs.browser.test.ts.)
 */
import { describe, expect, it, vi } from 'vitest';
import { LOCK_WAIT_MS, startIdentity } from '../../src/store/identity';
import { memoryStorage, type KeyValueStorage } from '../../src/store/storage';
import { fakeLocks } from '../support/fake-locks';


describe('startIdentity', () => {
  it('under a lock, a tab that makes an id holds it until stored: the next one reads and keeps it', async () => {
    const storage = memoryStorage();
    const locks = fakeLocks() as unknown as LockManager;
    const [first, second] = await Promise.all([startIdentity(storage, 1000, undefined, locks), startIdentity(storage, 1000, undefined, locks)]);
    expect(first.known).toBe(false);
    expect(second).toMatchObject({ known: true, identity: { anonymousId: first.identity.anonymousId } });
    expect((await storage.get<{ anonymousId: string }>('identity'))?.anonymousId).toBe(first.identity.anonymousId);
  });

  it('a storage never used is not waited for, with or without locks', async () => {
    let release = () => {};
    const created = new Promise<void>((resolve) => (release = resolve));
    const inner = memoryStorage();
    const storage: KeyValueStorage = { ...inner, kind: 'creating', neverUsed: async () => true, set: async (k, v) => (await created, inner.set(k, v)), get: async (k) => (await created, inner.get(k)) };
    expect(await startIdentity(storage, 1000, undefined, fakeLocks() as unknown as LockManager)).toMatchObject({ known: false, empty: true });
    expect(await startIdentity(storage, 1000, undefined, null as unknown as undefined)).toMatchObject({ known: false, empty: true });
    release();
  });

  it('locks that refuse (an opaque origin) fall back to reading without them', async () => {
    const refusing = { request: () => Promise.reject(new DOMException('no', 'SecurityError')) } as unknown as LockManager;
    const storage = memoryStorage();
    const read = await startIdentity(storage, 1000, undefined, refusing);
    expect((await storage.get<{ anonymousId: string }>('identity'))?.anonymousId).toBe(read.identity.anonymousId);
  });
});

describe('a lock never granted (a script of the page holds it)', () => {
  it('is waited for at most LOCK_WAIT_MS, then the identity is read without it', async () => {
    vi.useFakeTimers();
    try {
      const held = { request: () => new Promise(() => undefined) } as unknown as LockManager;
      const storage = memoryStorage();
      let read: Awaited<ReturnType<typeof startIdentity>> | undefined;
      void startIdentity(storage, 1000, undefined, held).then((r) => (read = r));
      await vi.advanceTimersByTimeAsync(LOCK_WAIT_MS - 1);
      expect(read).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      await vi.waitFor(() => expect(read?.identity.anonymousId).toBeTruthy());
      expect((await storage.get<{ anonymousId: string }>('identity'))?.anonymousId).toBe(read!.identity.anonymousId);
    } finally {
      vi.useRealTimers();
    }
  });

  it('abandoned (destroy() during start()): the request is withdrawn, no timer is left, the promise rejects with an AbortError', async () => {
    vi.useFakeTimers();
    try {
      let asked: AbortSignal | undefined;
      // As the browser: a queued request whose signal aborts rejects with an AbortError.
      const held = {
        request: (_name: string, options: { signal?: AbortSignal }) =>
          new Promise((_resolve, reject) => {
            asked = options.signal;
            options.signal?.addEventListener('abort', () => reject(new DOMException('withdrawn', 'AbortError')));
          }),
      } as unknown as LockManager;
      const storage = memoryStorage();
      const abandon = new AbortController();
      const reading = startIdentity(storage, 1000, undefined, held, abandon.signal);
      const outcome = reading.then(
        () => 'read',
        (error: Error) => error.name,
      );
      expect(vi.getTimerCount()).toBe(1);
      abandon.abort();
      expect(await outcome).toBe('AbortError');
      expect(asked?.aborted).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
      // Nothing was read nor written for an instance that is gone.
      await vi.advanceTimersByTimeAsync(LOCK_WAIT_MS);
      expect(await storage.get('identity')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('abandoned before it starts: no lock is asked for', async () => {
    const request = vi.fn();
    const abandon = new AbortController();
    abandon.abort();
    await expect(startIdentity(memoryStorage(), 1000, undefined, { request } as unknown as LockManager, abandon.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(request).not.toHaveBeenCalled();
  });
});
