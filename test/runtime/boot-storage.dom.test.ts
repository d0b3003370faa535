/**
 * start()'s storage reads: the progress read is asked for before the identity is written back
 * (so it does not wait for that write's commit), a device id made a moment ago has no progress to
 * read, a storage never used (a first visit) is not waited for, and a signed-in person's progress
 * is read whatever the device's state.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type KeyValueStorage } from '../../src/index';

const manifest = {
  schemaVersion: 1,
  revision: 'r1',
  items: [{ id: 'bell-tip', type: 'tooltip', frequency: 'once', target: '#bell', title: 'Notifications', body: 'New replies show here.' }],
};

/** Memory storage that logs every operation, in the order they are asked for. */
function recordingStorage() {
  const inner = memoryStorage();
  const log: string[] = [];
  const storage: KeyValueStorage = {
    kind: 'recording',
    get: (key) => (log.push(`get ${key}`), inner.get(key)),
    set: (key, value) => (log.push(`set ${key}`), inner.set(key, value)),
    delete: (key) => (log.push(`delete ${key}`), inner.delete(key)),
  };
  return { storage, inner, log };
}

const dismissed = { schema: 1, state: { items: { 'bell-tip': { version: 1, status: 'dismissed', timesSeen: 1, dismissedAt: 5 } }, events: {} } };
const storedIdentity = { anonymousId: 'device-1', session: { id: 's1', startedAt: 0, lastActiveAt: 0, interruptiveShown: 0 } };

afterEach(() => {
  document.body.innerHTML = '';
});

async function started(storage: KeyValueStorage, user?: { id: string }) {
  document.body.innerHTML = '<button id="bell">Bell</button>';
  const gp = createGuidepost({ manifest, locale: 'en', storage, user });
  await gp.start();
  return gp;
}

describe("start()'s storage reads", () => {
  it('on a first visit makes a device id, reads no progress for it, and stores the id', async () => {
    const { storage, inner, log } = recordingStorage();
    const gp = await started(storage);
    expect(log.filter((op) => op.startsWith('get progress:'))).toEqual([]);
    const identity = await inner.get<{ anonymousId: string }>('identity');
    expect(identity?.anonymousId).toMatch(/^[0-9a-f-]{36}$/);
    expect(gp.explain('bell-tip')?.shown).toBe(true);
    gp.destroy();
  });

  it('on a returning visit reads the progress before writing the identity back, and keeps what was dismissed', async () => {
    const { storage, inner, log } = recordingStorage();
    await inner.set('identity', storedIdentity);
    await inner.set('progress:device-1', dismissed);
    const gp = await started(storage);
    const read = log.indexOf('get progress:device-1');
    expect(read).toBeGreaterThan(log.indexOf('get identity'));
    expect(read).toBeLessThan(log.indexOf('set identity'));
    expect(gp.explain('bell-tip')?.reason.code).toBe('dismissed');
    expect((await inner.get<{ anonymousId: string }>('identity'))?.anonymousId).toBe('device-1');
    gp.destroy();
  });

  it("reads a signed-in person's progress on a device that has never stored an id", async () => {
    const { storage, inner, log } = recordingStorage();
    await inner.set('progress:u1', dismissed);
    const gp = await started(storage, { id: 'u1' });
    expect(log).toContain('get progress:u1');
    expect(gp.explain('bell-tip')?.reason.code).toBe('dismissed');
    gp.destroy();
  });

  it('does not wait for a storage never used (a database being created): start() shows what is eligible, the writes follow', async () => {
    const inner = memoryStorage();
    const writes: string[] = [];
    let release: () => void = () => {};
    const opened = new Promise<void>((resolve) => (release = resolve));
    // Every operation waits until the "database" is created; it was never used before.
    const storage: KeyValueStorage = {
      kind: 'creating',
      neverUsed: async () => true,
      get: async (key) => (await opened, inner.get(key)),
      set: async (key, value) => (writes.push(key), await opened, inner.set(key, value)),
      delete: async (key) => (await opened, inner.delete(key)),
    };
    const gp = await started(storage);
    expect(gp.explain('bell-tip')?.shown).toBe(true);
    expect(writes).toContain('identity');
    release();
    await vi.waitFor(async () => expect((await inner.get<{ anonymousId: string }>('identity'))?.anonymousId).toMatch(/^[0-9a-f-]{36}$/));
    gp.destroy();
  });
});
