/**
 * reset() in unusual moments (src/runtime/person.ts with boot.ts and tab-sync.ts): during start()
 * it is not undone by what start() read before it, and in one tab (instance) it is not undone by
 * another tab writing the old device identity back: every tab becomes the new device.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Guidepost, type GuidepostEvent } from '../../src/index';
import { manifestArrivesLater, watchReads } from '../support/runtime-harness';

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

const banner = { schemaVersion: 1, revision: 'r', items: [{ id: 'welcome', type: 'banner', body: 'Hi' }] };
const dismissed = { schema: 1, state: { items: { welcome: { version: 1, status: 'dismissed', timesSeen: 1, firstSeenAt: 1, lastSeenAt: 1, dismissedAt: 1 } }, events: {} } };
const anonymousId = async (storage: ReturnType<typeof memoryStorage>) => (await storage.get<{ anonymousId: string }>('identity'))?.anonymousId;

describe('reset() while start() runs', () => {
  it('forgets what start() read before it (a dismissal), and start() does not write it back', async () => {
    const storage = memoryStorage();
    await storage.set('progress:alice', dismissed);
    const manifest = manifestArrivesLater();
    const { storage: watched, reads } = watchReads(storage);
    const gp = createGuidepost({ manifest: 'https://example.test/help.json', user: { id: 'alice' }, storage: watched, locale: 'en' });
    const started = gp.start();
    await vi.waitFor(() => expect(reads).toContain('progress:alice'));
    await gp.reset();
    manifest.arrive(banner);
    await started;
    expect(gp.explain('welcome')).toMatchObject({ shown: true });
    await vi.waitFor(async () => expect((await storage.get<typeof dismissed>('progress:alice'))?.state.items.welcome?.status).not.toBe('dismissed'));
    gp.destroy();
  });

  it('a new device identity, not the one start() read before the reset', async () => {
    const storage = memoryStorage();
    const events: GuidepostEvent[] = [];
    const manifest = manifestArrivesLater();
    const first = createGuidepost({ manifest: banner, storage, locale: 'en' });
    await first.start();
    const before = await anonymousId(storage);
    first.destroy();
    const gp = createGuidepost({ manifest: 'https://example.test/help.json', storage, locale: 'en', onEvent: (e) => events.push(e) });
    const started = gp.start();
    await vi.waitFor(() => expect(manifest.requested()).toBe(true));
    await gp.reset();
    manifest.arrive(banner);
    await started;
    gp.track('clicked');
    await vi.waitFor(() => expect(events.some((e) => e.type === 'goal')).toBe(true));
    expect(events.find((e) => e.type === 'goal')!.anonymous_id).not.toBe(before);
    expect(await anonymousId(storage)).not.toBe(before);
    gp.destroy();
  });
});

describe('reset() with another tab open', () => {
  it('the other tab becomes the new device too, and never writes the old identity back', async () => {
    const storage = memoryStorage();
    const live: Guidepost[] = [];
    const a = createGuidepost({ manifest: banner, storage, locale: 'en' });
    live.push(a);
    await a.start();
    const events: GuidepostEvent[] = [];
    const b = createGuidepost({ manifest: banner, storage, locale: 'en', onEvent: (e) => events.push(e) });
    live.push(b);
    await b.start();
    const old = await anonymousId(storage);
    await a.reset();
    const fresh = await anonymousId(storage);
    expect(fresh).not.toBe(old);
    // The other tab hears of it (messages between tabs take a moment): from then on what it
    // reports carries the new identity, and what it writes is the new identity.
    const lastGoal = () => events.filter((e) => e.type === 'goal').at(-1);
    await vi.waitFor(() => {
      b.track('clicked');
      expect(lastGoal()?.anonymous_id).toBe(fresh);
    });
    b.track('again');
    expect(lastGoal()).toMatchObject({ name: 'again', anonymous_id: fresh });
    await vi.waitFor(async () => expect(await storage.get(`progress:${fresh}`)).toBeDefined());
    expect(await anonymousId(storage)).toBe(fresh);
    live.forEach((gp) => gp.destroy());
  });
});

describe('track() while reset() runs', () => {
  type Stored = { state: { events: Record<string, { count: number }> } };

  it("is the new device's: reported with its id, recorded in its progress, not wiped with the old", async () => {
    const storage = memoryStorage();
    const events: GuidepostEvent[] = [];
    const gp = createGuidepost({ manifest: banner, storage, locale: 'en', onEvent: (e) => events.push(e) });
    await gp.start();
    const old = await anonymousId(storage);
    const resetting = gp.reset();
    gp.track('signed_out_click');
    await resetting;
    const fresh = await anonymousId(storage);
    expect(fresh).not.toBe(old);
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'goal').map((e) => e.anonymous_id)).toEqual([fresh]));
    await gp.flushBeforeNavigation(1000);
    await vi.waitFor(async () => expect((await storage.get<Stored>(`progress:${fresh}`))?.state.events.signed_out_click?.count).toBe(1));
    expect(await storage.get(`progress:${old}`)).toBeUndefined();
    gp.destroy();
  });

  it('leaves with the page if it goes before reset() finishes', async () => {
    const storage = memoryStorage();
    const sent: GuidepostEvent[] = [];
    const gp = createGuidepost({ manifest: banner, storage, locale: 'en', transport: { send: async (batch) => (sent.push(...batch), { acknowledged: true }) } });
    await gp.start();
    void gp.reset();
    gp.track('last_click');
    window.dispatchEvent(new Event('pagehide'));
    await vi.waitFor(() => expect(sent.filter((e) => e.type === 'goal').map((e) => e.name)).toEqual(['last_click']));
    gp.destroy();
  });
});
