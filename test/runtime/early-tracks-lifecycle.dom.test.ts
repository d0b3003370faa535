/**
 * track() calls made while start() runs, through the public API: a consent revoked first is
 * honoured (nothing reported, handed to onEvent or stored), a destroy() before the device's
 * identity was read still lets them leave once it has been, and a call made before identify()
 * changed the person is the previous person's, as it is once started.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostEvent, type KeyValueStorage } from '../../src/index';
import { manifestArrivesLater } from '../support/runtime-harness';

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

const empty = { schemaVersion: 1, revision: 'r', items: [] };
const outboxEvents = async (storage: KeyValueStorage) => ((await storage.get<{ event: GuidepostEvent }[]>('outbox:events')) ?? []).map((r) => r.event);
const goals = (events: GuidepostEvent[]) => events.filter((e) => e.type === 'goal').map((e) => e.name);

/** An instance whose manifest arrives when `deliver` is called (start() waits for it). */
function withManifestLater(storage: KeyValueStorage, granted: boolean) {
  const later = manifestArrivesLater();
  const sent: GuidepostEvent[] = [];
  const heard: GuidepostEvent[] = [];
  const gp = createGuidepost({
    manifest: '/help/manifest.json', storage, locale: 'en',
    transport: { send: async (batch) => (sent.push(...batch), { ok: true, acknowledged: true }) },
    onEvent: (e) => heard.push(e),
  });
  void gp.consent(granted);
  const started = gp.start();
  const manifestArrives = () => later.arrive(empty);
  return { gp, sent, heard, started, manifestArrives };
}

describe('early track() calls and consent', () => {
  it.each([true, false])('destroyed during start() with consent %s: reported and stored only when consent was given', async (granted) => {
    const storage = memoryStorage();
    const { gp, sent, heard, started, manifestArrives } = withManifestLater(storage, granted);
    gp.track('signed_up');
    await vi.waitFor(async () => expect(await storage.get('identity')).toBeDefined());
    gp.destroy();
    manifestArrives();
    await started;
    if (granted) {
      await vi.waitFor(() => expect(goals(sent)).toEqual(['signed_up']));
      expect(goals(heard)).toEqual(['signed_up']);
    } else {
      expect(sent).toEqual([]);
      expect(heard).toEqual([]);
      expect(await outboxEvents(storage)).toEqual([]);
    }
  });
});

describe('early track() calls and destroy()', () => {
  it('destroy() before the device identity was read: the goal leaves once start() has read it', async () => {
    const storage = memoryStorage();
    const sent: GuidepostEvent[] = [];
    const gp = createGuidepost({ manifest: empty, storage, locale: 'en', transport: { send: async (batch) => (sent.push(...batch), { ok: true, acknowledged: true }) } });
    const started = gp.start();
    gp.track('signed_up');
    gp.destroy();
    await started;
    await vi.waitFor(async () => expect([...goals(sent), ...goals(await outboxEvents(storage))]).toContain('signed_up'));
  });
});

describe('early track() calls and identify()', () => {
  it("a goal tracked before identify(), both while start() runs, is the previous person's, in their events and their progress", async () => {
    const storage = memoryStorage();
    const events: GuidepostEvent[] = [];
    const manifest = { schemaVersion: 1, revision: 'r', items: [{ id: 'welcome', type: 'banner', body: 'Hi' }] };
    const gp = createGuidepost({ manifest, user: { id: 'alice' }, storage, locale: 'en', onEvent: (e) => events.push(e) });
    const started = gp.start();
    gp.track('browsed');
    gp.identify({ id: 'bob' });
    gp.track('bought');
    await started;
    await vi.waitFor(() => expect(goals(events)).toEqual(['browsed', 'bought']));
    expect(events.filter((e) => e.type === 'goal').map((e) => e.user_id)).toEqual(['alice', 'bob']);
    await vi.waitFor(async () => expect(Object.keys((await storage.get<{ state: { events: object } }>('progress:alice'))?.state.events ?? {})).toEqual(['browsed']));
    await vi.waitFor(async () => expect(Object.keys((await storage.get<{ state: { events: object } }>('progress:bob'))?.state.events ?? {})).toEqual(['bought']));
    gp.destroy();
  });

  it('a goal tracked before identify() only added the account is recorded in the one progress they share, and completes its help', async () => {
    const storage = memoryStorage();
    await storage.set('progress:u1', { schema: 1, state: { items: { welcome: { version: 1, status: 'seen', timesSeen: 1, firstSeenAt: 1, lastSeenAt: 1 } }, events: {} } });
    const manifest = { schemaVersion: 1, revision: 'r', items: [{ id: 'welcome', type: 'banner', body: 'Hi', goal: 'done' }] };
    const events: GuidepostEvent[] = [];
    const later = manifestArrivesLater();
    const gp = createGuidepost({ manifest: '/help/manifest.json', user: { id: 'u1' }, storage, locale: 'en', onEvent: (e) => events.push(e) });
    const started = gp.start();
    gp.track('done');
    gp.identify({ id: 'u1', accountId: 'acme' });
    later.arrive(manifest);
    await started;
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'completed').map((e) => e.item_id)).toEqual(['welcome']));
    // Reported with the ids of the call: the account came after it.
    expect(events.filter((e) => e.type === 'goal').map((e) => [e.user_id, e.account_id ?? null])).toEqual([['u1', null]]);
    expect(gp.explain('welcome')?.shown).toBe(false);
    type Stored = { state: { items: Record<string, { status: string }>; events: Record<string, { count: number }> } };
    await vi.waitFor(async () => expect((await storage.get<Stored>('progress:u1'))?.state.items.welcome?.status).toBe('completed'));
    expect((await storage.get<Stored>('progress:u1'))?.state.events.done?.count).toBe(1);
    gp.destroy();
  });
});
