/**
 * Whose progress an instance keeps (src/runtime/person.ts): another person signing in moves
 * to their own record and back; reset() forgets the device and starts over as a new one.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostEvent } from '../../src/index';
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
