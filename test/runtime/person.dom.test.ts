/**
 * Whose progress an instance keeps (src/runtime/person.ts): another person signing in moves
 * to their own record and back; reset() forgets the device and starts over as a new one.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, indexedDbStorage, memoryStorage, type GuidepostEvent } from '../../src/index';
import { checkedKeys } from '../../src/manifest/checked-keys';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('identify', () => {
  it('switches to the new user\'s own progress when another person signs in', async () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const storage = memoryStorage();
    const banner = { schemaVersion: 1, revision: 'r', items: [{ id: 'welcome', type: 'banner', body: 'Hi' }] };
    const gp = createGuidepost({ manifest: banner, user: { id: 'alice' }, storage, locale: 'en' });
    await gp.start();
    const root = () => document.querySelector('guidepost-root')!.shadowRoot!;
    (root().querySelector('[data-item=welcome] [data-part=close]') as HTMLButtonElement).click();
    expect(gp.explain('welcome')?.reason.code).toBe('dismissed');
    gp.identify({ id: 'bob' });
    await vi.waitFor(() => expect(gp.explain('welcome')?.shown).toBe(true));
    expect(root().querySelector('[data-item=welcome]')).not.toBeNull();
    gp.identify({ id: 'alice' });
    await vi.waitFor(() => expect(gp.explain('welcome')?.reason.code).toBe('dismissed'));
    gp.destroy();
  });
});

describe('identify() while the next person\'s record is read', () => {
  const records = async (storage: ReturnType<typeof memoryStorage>, key: string) => (await storage.get<{ state: { events: Record<string, unknown> } }>(key))?.state.events ?? {};

  it('what is tracked right after signing in is recorded for the new person, not the previous one', async () => {
    const storage = memoryStorage();
    const manifest = { schemaVersion: 1, revision: 'r', items: [{ id: 'welcome', type: 'banner', body: 'Hi', when: { 'events.signed_in.count': { $gte: 1 } } }] };
    const gp = createGuidepost({ manifest, storage, locale: 'en' });
    await gp.start();
    const anonymous = (await storage.get<{ anonymousId: string }>('identity'))?.anonymousId ?? '';
    gp.track('browsed');
    gp.identify({ id: 'bob' });
    gp.track('signed_in');
    // Decided for bob once his record is read: the event is his.
    await vi.waitFor(() => expect(gp.explain('welcome')?.shown).toBe(true));
    await vi.waitFor(async () => expect(Object.keys(await records(storage, 'progress:bob'))).toEqual(['signed_in']));
    expect(Object.keys(await records(storage, `progress:${anonymous}`))).toEqual(['browsed']);
    gp.destroy();
  });

  it('other tabs hear each change under the key of the person it belongs to', async () => {
    const storage = memoryStorage();
    const manifest = { schemaVersion: 1, revision: 'r', items: [{ id: 'welcome', type: 'banner', body: 'Hi' }] };
    const gp = createGuidepost({ manifest, storage, locale: 'en', user: { id: 'alice' } });
    await gp.start();
    const probe = new BroadcastChannel('guidepost');
    const heard: { key: string; events: string[] }[] = [];
    probe.onmessage = (event) => {
      if (event.data?.kind === 'progress') heard.push({ key: event.data.key, events: Object.keys(event.data.change?.events ?? {}) });
    };
    try {
      gp.track('before');
      gp.identify({ id: 'bob' });
      gp.track('after');
      await vi.waitFor(() => expect(heard.some((message) => message.events.includes('after'))).toBe(true));
      expect(heard.filter((message) => message.events.includes('before')).map((message) => message.key)).toEqual(['progress:alice']);
      expect(heard.filter((message) => message.events.includes('after')).map((message) => message.key)).toEqual(['progress:bob']);
    } finally {
      probe.close();
      gp.destroy();
    }
  });

  it('a change another tab made to the new person\'s record during the switch is kept in theirs, not the previous person\'s', async () => {
    const inner = memoryStorage();
    // Bob's record is read only when the test says so: the other tab's message arrives meanwhile.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const storage = { ...inner, get: async <T,>(key: string) => (key === 'progress:bob' && (await gate), inner.get<T>(key)) };
    const manifest = { schemaVersion: 1, revision: 'r', items: [{ id: 'welcome', type: 'banner', body: 'Hi' }] };
    const gp = createGuidepost({ manifest, storage, locale: 'en', user: { id: 'alice' } });
    await gp.start();
    const other = new BroadcastChannel('guidepost');
    const observer = new BroadcastChannel('guidepost');
    try {
      gp.identify({ id: 'bob' });
      const delivered = new Promise((resolve) => (observer.onmessage = resolve));
      other.postMessage({ kind: 'progress', key: 'progress:bob', change: { items: { welcome: { version: 1, status: 'dismissed', timesSeen: 1, firstSeenAt: 1, lastSeenAt: 1, dismissedAt: 1 } } } });
      await delivered;
      release();
      await vi.waitFor(() => expect(gp.explain('welcome')?.reason.code).toBe('dismissed'));
      await vi.waitFor(async () => expect((await inner.get<{ state: { items: Record<string, { status: string }> } }>('progress:bob'))?.state.items.welcome?.status).toBe('dismissed'));
      expect((await inner.get<{ state: { items: Record<string, { status: string }> } }>('progress:alice'))?.state.items.welcome?.status).not.toBe('dismissed');
    } finally {
      other.close();
      observer.close();
      gp.destroy();
    }
  });
});

describe('identify with null (signing out)', () => {
  it('clears the user and account ids and traits: events carry null ids and the signed-out progress shows', async () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const storage = memoryStorage();
    const events: GuidepostEvent[] = [];
    const errors: string[] = [];
    const banner = { schemaVersion: 1, revision: 'r', items: [{ id: 'welcome', type: 'banner', body: 'Hi', when: { 'user.traits.plan': 'pro' } }] };
    const gp = createGuidepost({ manifest: banner, user: { id: 'alice', accountId: 'acme', traits: { plan: 'pro' } }, storage, locale: 'en', onEvent: (e) => events.push(e), onError: (e) => errors.push(e.message) });
    await gp.start();
    await vi.waitFor(() => expect(gp.explain('welcome')?.shown).toBe(true));
    gp.identify({ id: null, accountId: null, traits: null });
    // Without the "pro" trait the banner is no longer for this person.
    await vi.waitFor(() => expect(gp.explain('welcome')?.shown).toBe(false));
    gp.track('after_sign_out');
    await vi.waitFor(() => expect(events.some((e) => e.type === 'goal' && e.name === 'after_sign_out')).toBe(true));
    const tracked = events.filter((e) => e.name === 'after_sign_out');
    expect(tracked.length).toBeGreaterThan(0);
    for (const event of tracked) expect({ user: event.user_id, account: event.account_id }).toEqual({ user: null, account: null });
    expect(errors).toEqual([]);
    gp.destroy();
  });
});

describe('reset()', () => {
  it('deletes progress, identity and sticky assignments, and starts over with a new anonymous id', async () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const storage = memoryStorage();
    const events: GuidepostEvent[] = [];
    const manifest = {
      schemaVersion: 1,
      revision: 'r',
      experiments: [{ key: 'e', variations: [{ key: 'a' }, { key: 'b' }], scope: { items: ['welcome'] } }],
      items: [{ id: 'welcome', type: 'banner', body: 'Hi' }],
    };
    const gp = createGuidepost({ manifest, storage, locale: 'en', onEvent: (e) => events.push(e) });
    await gp.start();
    (document.querySelector('guidepost-root')!.shadowRoot!.querySelector('[data-item=welcome] [data-part=close]') as HTMLButtonElement).click();
    gp.track('saved');
    expect(gp.explain('welcome')?.reason.code).toBe('dismissed');
    expect(await storage.get('assignments')).toBeDefined();
    const before = events[0].anonymous_id;

    await gp.reset();
    expect(await storage.get('assignments')).not.toMatchObject({ [`user:${before}:e`]: expect.anything() });
    expect(gp.explain('welcome')).toMatchObject({ shown: true });
    gp.track('after');
    const after = events.at(-1)!;
    expect(after.anonymous_id).not.toBe(before);
    gp.destroy();
  });

  it('with a storage the host passed in: the anonymous visitor\'s record goes too, once the person signed in', async () => {
    const storage = memoryStorage();
    const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items: [] }, storage, locale: 'en' });
    await gp.start();
    const anonymous = (await storage.get<{ anonymousId: string }>('identity'))!.anonymousId;
    gp.track('browsed_pricing');
    gp.identify({ id: 'alice' });
    await vi.waitFor(async () => expect(await storage.get(`progress:${anonymous}`)).toBeDefined());
    gp.track('upgraded');
    await gp.reset();
    expect(await storage.get(`progress:${anonymous}`)).toBeUndefined();
    expect((await storage.get<{ state: { events: Record<string, unknown> } }>('progress:alice'))?.state.events ?? {}).not.toHaveProperty('upgraded');
    gp.destroy();
  });

  it('with the SDK\'s own database: every record in it goes, other people\'s progress on this device and the anonymous visitor\'s included', async () => {
    const own = indexedDbStorage('guidepost');
    await own.set('progress:someone-else', { schema: 1, state: { items: {}, events: {} } });
    await own.set('progress:former-device-id', { schema: 1, state: { items: {}, events: {} } });
    const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items: [] }, locale: 'en', user: { id: 'alice' } });
    await gp.start();
    gp.track('upgraded');
    await gp.reset();
    expect(await own.get('progress:someone-else')).toBeUndefined();
    expect(await own.get('progress:former-device-id')).toBeUndefined();
    // It starts over as a new device: a new identity is written.
    await vi.waitFor(async () => expect(await own.get('identity')).toBeDefined());
    gp.destroy();
    own.close?.();
  });

  it('leaves a storage the host passed in without deletes of the validated manifests kept (they are kept only in the SDK\'s database)', async () => {
    const storage = memoryStorage();
    const deleted: string[] = [];
    const remove = storage.delete.bind(storage);
    storage.delete = async (key) => {
      deleted.push(key);
      return remove(key);
    };
    const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items: [] }, storage, locale: 'en' });
    await gp.start();
    await gp.reset();
    expect(deleted.length).toBeGreaterThan(0);
    expect(deleted.filter((key) => checkedKeys().includes(key))).toEqual([]);
    gp.destroy();
  });
});

describe('identify() then track() at once, with an experiment on the user', () => {
  it('the help the event triggers is decided and exposed for the new unit, in its arm, and stays', async () => {
    document.body.innerHTML = '<button id="t">Account</button>';
    const manifest = {
      schemaVersion: 1,
      revision: 'r',
      experiments: [{ key: 'welcome-exp', unit: 'user', variations: [{ key: 'off', weight: 0 }, { key: 'on', weight: 1 }], scope: { items: ['welcome'] } }],
      items: [
        { id: 'hello', type: 'tooltip', target: '#t', body: 'hi' },
        { id: 'welcome', type: 'tooltip', target: '#t', body: 'Welcome!', trigger: { event: 'signed_in' } },
      ],
    };
    const events: GuidepostEvent[] = [];
    const gp = createGuidepost({ manifest, storage: memoryStorage(), locale: 'en', onEvent: (e) => events.push(e) });
    await gp.start();
    gp.identify({ id: 'user-B' });
    gp.track('signed_in');
    const welcome = () => events.filter((e) => e.type === 'exposure' && e.item_id === 'welcome');
    await vi.waitFor(() => expect(welcome().length).toBeGreaterThan(0));
    await vi.waitFor(() => expect(gp.explain('welcome')?.shown).toBe(true));
    expect(welcome().map((e) => [e.unit_id, e.user_id])).toEqual([['user-B', 'user-B']]);
    gp.destroy();
  });
});
