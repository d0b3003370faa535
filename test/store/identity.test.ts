/** The identity record: read (what storage holds checked and bounded) and written back, session bookkeeping (renewal after idling, de-duplication keys, pacing). */
import { describe, expect, it, vi } from 'vitest';
import { countInterruptive, loadIdentity, MAX_SESSION_KEYS, MAX_STORED_ID_LENGTH, readIdentity, rememberInSession, touchSession, type IdentityRecord } from '../../src/store/identity';
import { memoryStorage } from '../../src/store/storage';

const MINUTE = 60_000;
const identity = (): IdentityRecord => ({
  anonymousId: 'anon',
  session: { id: 's1', startedAt: 0, lastActiveAt: 0, interruptiveShown: 2, lastInterruptiveAt: 0, exposures: ['a'] },
});

describe('session bookkeeping', () => {
  it('keeps the session while active and starts a fresh one after thirty idle minutes', () => {
    const active = touchSession(identity(), 29 * MINUTE);
    expect(active.session).toMatchObject({ id: 's1', lastActiveAt: 29 * MINUTE, interruptiveShown: 2, exposures: ['a'] });
    const renewed = touchSession(active, 29 * MINUTE + 31 * MINUTE);
    expect(renewed.session.id).not.toBe('s1');
    expect(renewed.session).toMatchObject({ interruptiveShown: 0, startedAt: 60 * MINUTE });
    expect(renewed.session.exposures).toBeUndefined();
    expect(renewed.anonymousId).toBe('anon');
  });

  it('remembers a key once per session, bounded', () => {
    expect(rememberInSession(identity(), 'a')).toBeUndefined();
    let record = rememberInSession(identity(), 'b')!;
    expect(record.session.exposures).toEqual(['a', 'b']);
    for (let i = 0; i < MAX_SESSION_KEYS + 10; i++) record = rememberInSession(record, `k${i}`) ?? record;
    expect(record.session.exposures).toHaveLength(MAX_SESSION_KEYS);
  });

  it('counts interruptive items for session pacing', () => {
    expect(countInterruptive(identity(), 5).session).toMatchObject({ interruptiveShown: 3, lastInterruptiveAt: 5 });
  });

  it('counts an item once per session, however many page views show it', () => {
    const once = countInterruptive(identity(), 5, 'banner');
    expect(once.session).toMatchObject({ interruptiveShown: 3, lastInterruptiveAt: 5, paced: ['banner'] });
    expect(countInterruptive(once, 9, 'banner')).toBe(once);
    expect(countInterruptive(once, 9, 'tour').session).toMatchObject({ interruptiveShown: 4, lastInterruptiveAt: 9, paced: ['banner', 'tour'] });
    // A new session counts it again.
    expect(touchSession(once, 5 + 31 * MINUTE).session.paced).toBeUndefined();
  });
});

describe('reading the identity', () => {
  it('makes an anonymous id and a session on a first visit, says so, and writes nothing', async () => {
    const storage = memoryStorage();
    const set = vi.spyOn(storage, 'set');
    const { identity, known } = await readIdentity(storage, 1000);
    expect(known).toBe(false);
    expect(identity.anonymousId).toMatch(/^[0-9a-f-]{36}$/);
    expect(identity.session).toMatchObject({ startedAt: 1000, lastActiveAt: 1000, interruptiveShown: 0 });
    expect(set).not.toHaveBeenCalled();
    expect(await storage.get('identity')).toBeUndefined();
  });

  it('keeps a stored id, and its session while active; a stored record without an id is a first visit', async () => {
    const storage = memoryStorage();
    await storage.set('identity', identity());
    const read = await readIdentity(storage, 10 * MINUTE);
    expect(read.known).toBe(true);
    expect(read.identity.anonymousId).toBe('anon');
    expect(read.identity.session).toMatchObject({ id: 's1', lastActiveAt: 10 * MINUTE, interruptiveShown: 2 });
    await storage.set('identity', { session: identity().session });
    expect((await readIdentity(storage, 10 * MINUTE)).known).toBe(false);
  });

  it('loadIdentity writes back what it read', async () => {
    const storage = memoryStorage();
    const loaded = await loadIdentity(storage, 1000);
    expect(await storage.get('identity')).toEqual(loaded);
    expect((await loadIdentity(storage, 2000)).anonymousId).toBe(loaded.anonymousId);
  });
});

describe('reading the identity for start()', () => {
  /** A storage whose reads never answer (a database being created) and that says whether it was ever used. */
  const slowStorage = (neverUsed: boolean) => ({ ...memoryStorage(), get: () => new Promise<never>(() => {}), neverUsed: async () => neverUsed });

  it('a storage never used gives a new identity at once, without waiting for the read', async () => {
    const read = await readIdentity(slowStorage(true), 1000);
    expect(read).toMatchObject({ known: false, empty: true, identity: { session: { startedAt: 1000, interruptiveShown: 0 } } });
    expect(read.identity.anonymousId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a storage that may have been used is read: the stored id comes back', async () => {
    const storage = { ...memoryStorage(), neverUsed: async () => false };
    await storage.set('identity', identity());
    expect(await readIdentity(storage, 10 * MINUTE)).toMatchObject({ known: true, empty: false, identity: { anonymousId: 'anon' } });
  });
});

describe('a stored identity that is not what this version writes', () => {
  const read = async (stored: unknown, now = 1000) => {
    const storage = memoryStorage();
    await storage.set('identity', stored);
    return (await readIdentity(storage, now)).identity;
  };

  it('an id that is not a short string is replaced, never sent on', async () => {
    for (const anonymousId of [42, '', 'x'.repeat(MAX_STORED_ID_LENGTH + 1), { id: 'a' }]) {
      const identity = await read({ anonymousId, session: { id: 's', startedAt: 0, lastActiveAt: 900, interruptiveShown: 0 } });
      expect(identity.anonymousId).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect((await read('not an object')).anonymousId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a stored record whose id is unusable is reported, naming what was found; nothing stored or a usable id is not', async () => {
    const reportsFor = async (stored: unknown) => {
      const storage = memoryStorage();
      if (stored !== undefined) await storage.set('identity', stored);
      const report = vi.fn();
      await readIdentity(storage, 1000, report);
      return report.mock.calls.map(([error]) => (error as Error).message);
    };
    expect(await reportsFor({ anonymousId: 42 })).toEqual(['Guidepost discarded a stored identity it could not read (anonymousId: number); a new anonymous id starts progress and experiment arms afresh']);
    expect((await reportsFor({ anonymousId: 'x'.repeat(MAX_STORED_ID_LENGTH + 1) }))[0]).toContain(`(anonymousId: ${MAX_STORED_ID_LENGTH + 1} characters)`);
    expect((await reportsFor({ session: {} }))[0]).toContain('(anonymousId: undefined)');
    expect((await reportsFor(7))[0]).toContain('(number)');
    expect((await reportsFor('garbage'))[0]).toContain('(string)');
    expect(await reportsFor(undefined)).toEqual([]);
    expect(await reportsFor(identity())).toEqual([]);
  });

  it("a session's counters must be numbers and its keys strings, bounded; otherwise a new session", async () => {
    const kept = await read({ anonymousId: 'anon', session: { id: 's', startedAt: 0, lastActiveAt: 900, interruptiveShown: '5', lastInterruptiveAt: 'soon', exposures: [1, 'k', ...Array.from({ length: MAX_SESSION_KEYS + 5 }, (_, i) => `x${i}`)] } });
    expect(kept.session).toMatchObject({ id: 's', interruptiveShown: 0, lastActiveAt: 1000 });
    expect(kept.session.lastInterruptiveAt).toBeUndefined();
    expect(kept.session.exposures).toHaveLength(MAX_SESSION_KEYS);
    expect(kept.session.exposures!.every((key) => typeof key === 'string')).toBe(true);
    // Counting goes on from a number, not a concatenated string.
    expect(countInterruptive(kept, 1000).session.interruptiveShown).toBe(1);
    for (const session of [{ id: 's', startedAt: 'x', lastActiveAt: 900 }, { id: 7, startedAt: 0, lastActiveAt: 900 }, null, 'session']) {
      const renewed = await read({ anonymousId: 'anon', session });
      expect(renewed.anonymousId).toBe('anon');
      expect(renewed.session).toMatchObject({ startedAt: 1000, interruptiveShown: 0 });
      expect(renewed.session.id).not.toBe('s');
    }
    // Exposure keys that are not an array are dropped: de-duplication starts over, nothing throws.
    const noKeys = await read({ anonymousId: 'anon', session: { id: 's', startedAt: 0, lastActiveAt: 900, interruptiveShown: 1, exposures: 'k' } });
    expect(noKeys.session.exposures).toBeUndefined();
    expect(rememberInSession(noKeys, 'k')?.session.exposures).toEqual(['k']);
  });
});
