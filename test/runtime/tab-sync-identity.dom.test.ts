/**
 * Two anonymous ids for one device, settled over the tab channel (src/runtime/tab-sync.ts
 * settleAnonymousId): tabs of a first visit that nothing ordered (no Web Locks, the database
 * being created) each made an id; the smaller wins, the other tab takes it, stores it and is
 * assigned again. An id read from storage wins over one made on the page; a stored id is never
 * given up for another tab's. A raw channel (the probe) plays the other tab where needed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Guidepost, type GuidepostEvent, type KeyValueStorage } from '../../src/index';
import type { TabMessage } from '../../src/store/tabs';

const manifest = {
  schemaVersion: 1,
  revision: 'r',
  experiments: [{ key: 'e', variations: [{ key: 'off', enabled: false }, { key: 'on' }], scope: { items: ['tip'] } }],
  items: [{ id: 'tip', type: 'banner', body: 'x' }],
};

const live: Guidepost[] = [];
const channels: BroadcastChannel[] = [];
afterEach(() => {
  live.splice(0).forEach((gp) => gp.destroy());
  channels.splice(0).forEach((channel) => channel.close());
  document.body.innerHTML = '';
});

/** A storage never used (a first visit: neither tab reads what the other writes before it starts). */
function firstVisitStorage(): KeyValueStorage {
  return { ...memoryStorage(), kind: 'new', neverUsed: async () => true };
}

function tab(storage: KeyValueStorage, events: GuidepostEvent[]) {
  const gp = createGuidepost({ manifest, storage, locale: 'en', onEvent: (e) => events.push(e) });
  live.push(gp);
  return gp;
}

const units = (events: GuidepostEvent[]) => events.flatMap((e) => (e.type === 'assignment' ? [e.unit_id] : []));
const session = (anonymousId: string) => ({ anonymousId, session: { id: 's-other', startedAt: 1, lastActiveAt: Date.now(), interruptiveShown: 0 } });

function probe() {
  const channel = new BroadcastChannel('guidepost');
  channels.push(channel);
  const heard: TabMessage[] = [];
  channel.onmessage = (event: MessageEvent<TabMessage>) => heard.push(event.data);
  return { heard, post: (message: TabMessage) => channel.postMessage(message) };
}

describe('two anonymous ids made during one first visit', () => {
  it('the smaller wins: the other tab takes it over and stores it', async () => {
    const storage = firstVisitStorage();
    const [a, b]: GuidepostEvent[][] = [[], []];
    const tabA = tab(storage, a);
    const tabB = tab(storage, b);
    await Promise.all([tabA.start(), tabB.start()]);
    const [first, second] = [units(a)[0]!, units(b)[0]!];
    // Nothing ordered them: each made its own.
    expect(first).not.toBe(second);
    const winner = first < second ? first : second;
    // What either tab tracks from then on is the winner's (an assignment already reported in its
    // session is not reported again by the tab that took it over).
    const lastGoal = (gp: Guidepost, events: GuidepostEvent[]) => (gp.track('g'), events.filter((e) => e.type === 'goal').at(-1)?.anonymous_id);
    await vi.waitFor(() => expect([lastGoal(tabA, a), lastGoal(tabB, b)]).toEqual([winner, winner]));
    await vi.waitFor(async () => expect((await storage.get<{ anonymousId: string }>('identity'))?.anonymousId).toBe(winner));
    expect(units([...a, ...b]).filter((unit) => unit !== winner)).toHaveLength(1);
  });

  it("a tab whose id was made on its page takes another tab's stored id, whatever their order", async () => {
    const { heard, post } = probe();
    const events: GuidepostEvent[] = [];
    const gp = tab(firstVisitStorage(), events);
    await gp.start();
    await vi.waitFor(() => expect(heard.find((m) => m.kind === 'anonymous')).toMatchObject({ made: true, identity: { anonymousId: units(events)[0] } }));
    // Sorts after any UUID v7 made now: stored, it wins all the same.
    post({ kind: 'anonymous', identity: session('ffffffff-stored'), made: false });
    await vi.waitFor(() => expect(units(events).at(-1)).toBe('ffffffff-stored'));
  });

  it('a stored id is kept: the tab answers a made one with it, and ignores another stored one', async () => {
    const storage = memoryStorage();
    await storage.set('identity', session('stored-id'));
    const { heard, post } = probe();
    const events: GuidepostEvent[] = [];
    const gp = tab(storage, events);
    await gp.start();
    expect(heard.some((m) => m.kind === 'anonymous')).toBe(false);
    post({ kind: 'anonymous', identity: session('0-made-elsewhere'), made: true });
    await vi.waitFor(() => expect(heard.find((m) => m.kind === 'anonymous')).toMatchObject({ made: false, identity: { anonymousId: 'stored-id' } }));
    post({ kind: 'anonymous', identity: session('0-stored-elsewhere'), made: false });
    // Heard in order: once the tab has answered this second made id, it has handled the stored one.
    post({ kind: 'anonymous', identity: session('1-made-elsewhere'), made: true });
    await vi.waitFor(() => expect(heard.filter((m) => m.kind === 'anonymous')).toHaveLength(2));
    expect(heard.filter((m) => m.kind === 'anonymous').every((m) => m.kind === 'anonymous' && m.identity.anonymousId === 'stored-id')).toBe(true);
    expect(new Set(units(events))).toEqual(new Set(['stored-id']));
  });
});
