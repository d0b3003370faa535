/**
 * Booting an instance (src/runtime/boot.ts): what boot() leaves in the runtime (identity,
 * progress with this visit, locale, tracker, tab channel, page view), junk in storage at boot
 * (identity, session and progress records of the wrong shape, prototype keys, huge values, a
 * storage that fails) never stops help from showing, a refused or unreachable manifest opens
 * nothing, destroy() before or during start() leaves nothing behind (no channel, no history hook,
 * no listener, no node), and run() resumes a tour under way, follows route changes (a new page
 * view: what waited is dropped) and removes its listeners on destroy().
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Guidepost, type GuidepostError, type GuidepostEvent, type KeyValueStorage } from '../../src/index';
import { boot } from '../../src/runtime/boot';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { MAX_STORED_ID_LENGTH, MAX_SESSION_KEYS } from '../../src/store/identity';

const banner = { id: 'welcome', type: 'banner', body: 'Welcome' };
const manifest = (items: unknown[] = [banner]) => ({ schemaVersion: 1, revision: 'r1', items });
const layer = () => document.querySelector('guidepost-root')?.shadowRoot ?? null;
const part = (selector: string) => layer()?.querySelector<HTMLElement>(selector) ?? null;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const live: Guidepost[] = [];
const booted: Runtime[] = [];
function create(options: Partial<Parameters<typeof createGuidepost>[0]> = {}) {
  const errors: GuidepostError[] = [];
  const events: GuidepostEvent[] = [];
  const gp = createGuidepost({ manifest: manifest(), locale: 'en', storage: memoryStorage(), onError: (e) => errors.push(e), onEvent: (e) => events.push(e), ...options });
  live.push(gp);
  return { gp, errors, events };
}

/** A BroadcastChannel that counts the channels opened on it (and closes with them). */
function countChannels() {
  const opened: string[] = [];
  const Original = globalThis.BroadcastChannel;
  class Counting extends Original {
    constructor(name: string) {
      super(name);
      opened.push(name);
    }
  }
  vi.stubGlobal('BroadcastChannel', Counting);
  return opened;
}

/** Storage whose reads wait until released (a slow database). */
function heldStorage(inner: KeyValueStorage = memoryStorage()) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const reads: string[] = [];
  const storage: KeyValueStorage = {
    kind: 'held',
    get: async (key) => (reads.push(key), await gate, inner.get(key)),
    set: (key, value) => inner.set(key, value),
    delete: (key) => inner.delete(key),
  };
  return { storage, release, reads };
}

afterEach(() => {
  live.splice(0).forEach((gp) => gp.destroy());
  for (const rt of booted.splice(0)) {
    rt.destroyed = true;
    rt.cleanups.splice(0).forEach((c) => c());
    rt.tabs?.close();
    rt.tracker?.dispose();
  }
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

describe('boot(): what it leaves in the runtime', () => {
  it('an identity, progress with this visit, the locale, a tracker, a tab channel and a fresh page view', async () => {
    history.replaceState({}, '', '/projects');
    const rt = createRuntime({ manifest: manifest(), locale: 'de-AT', storage: memoryStorage(), now: () => 5_000 });
    booted.push(rt);
    await expect(boot(rt)).resolves.toBe(true);
    expect(rt.doc).toBe(document);
    expect(rt.identity?.anonymousId).toMatch(UUID);
    expect(rt.manifest?.items.map((i) => i.id)).toEqual(['welcome']);
    expect(rt.locale).toBe('de-AT');
    expect(rt.progress?.get().visits).toMatchObject({ count: 1, lastAt: 5_000 });
    expect(Object.keys(rt.progress?.get().pages ?? {})).toEqual(['/projects']);
    expect(rt.pageView.startedAt).toBe(5_000);
    expect(rt.tracker).toBeDefined();
    expect(rt.tabs).toBeDefined();
    // Not running yet: run() starts deciding.
    expect(rt.running).toBe(false);
  });

  it("uses the browser's language without a locale option", async () => {
    const rt = createRuntime({ manifest: manifest(), storage: memoryStorage() });
    booted.push(rt);
    await boot(rt);
    expect(rt.locale).toBe(navigator.language);
  });

  it('renders into the document it is given', async () => {
    const other = document.implementation.createHTMLDocument('other');
    const rt = createRuntime({ manifest: manifest(), locale: 'en', storage: memoryStorage(), document: other });
    booted.push(rt);
    await boot(rt);
    expect(rt.doc).toBe(other);
  });

  it('returns false and opens nothing for a refused manifest (reported with where and why)', async () => {
    const opened = countChannels();
    const errors: GuidepostError[] = [];
    const rt = createRuntime({ manifest: { schemaVersion: 2, revision: 'r', items: [] }, storage: memoryStorage(), onError: (e) => errors.push(e) });
    booted.push(rt);
    await expect(boot(rt)).resolves.toBe(false);
    expect(rt.manifest).toBeNull();
    expect(rt.tracker).toBeUndefined();
    expect(rt.tabs).toBeUndefined();
    expect(opened).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['manifest']);
    expect(errors[0].message).toContain('reads schemaVersion 1, found 2');
  });

  it('goes on with no items when the items are not a list (reported with their path); nothing shows', async () => {
    const errors: GuidepostError[] = [];
    const rt = createRuntime({ manifest: { schemaVersion: 1, revision: 'r', items: 'nope' }, storage: memoryStorage(), onError: (e) => errors.push(e) });
    booted.push(rt);
    await expect(boot(rt)).resolves.toBe(true);
    expect(rt.manifest?.items).toEqual([]);
    expect(errors.map((e) => [e.code, e.problem?.path])).toEqual([['manifest', 'items']]);
  });

  it('returns false at once for an instance destroyed before start()', async () => {
    const storage = heldStorage();
    const rt = createRuntime({ manifest: manifest(), storage: storage.storage });
    rt.destroyed = true;
    await expect(boot(rt)).resolves.toBe(false);
    expect(storage.reads).toEqual([]);
    expect(rt.doc).toBeUndefined();
  });
});

describe('junk in storage at boot', () => {
  async function startWith(entries: Record<string, unknown>, user?: { id: string }) {
    const storage = memoryStorage();
    for (const [key, value] of Object.entries(entries)) await storage.set(key, value);
    const made = create({ storage, user });
    await made.gp.start();
    return { ...made, storage };
  }
  const shows = async () => vi.waitFor(() => expect(part('[data-part=banner][data-item=welcome]')).not.toBeNull());

  it.each([
    ['a string', 'junk'],
    ['a number', 42],
    ['null', null],
    ['an array', ['a', 'b']],
    ['an id of the wrong type', { anonymousId: 12345, session: { id: 's', startedAt: 0, lastActiveAt: 0 } }],
    ['an empty id', { anonymousId: '' }],
    ['a huge id', { anonymousId: 'x'.repeat(MAX_STORED_ID_LENGTH + 1) }],
    ['a record without an id whose session id is control characters', { session: { id: '\u0000\u0007' } }],
  ])('an identity record that is %s: a new anonymous id is made and stored; help shows; reported once (null is nothing stored)', async (_, identity) => {
    const { errors, storage, events } = await startWith({ identity });
    await shows();
    const stored = await storage.get<{ anonymousId: string }>('identity');
    expect(stored?.anonymousId).toMatch(UUID);
    expect(events.find((e) => e.type === 'exposure')?.anonymous_id).toBe(stored?.anonymousId);
    expect(errors.map((e) => [e.code, e.message.replace(/\(.*?\)/, '(…)')])).toEqual(
      identity === null ? [] : [['storage', 'Guidepost discarded a stored identity it could not read (…); a new anonymous id starts progress and experiment arms afresh']],
    );
  });

  it("keeps a stored id but starts a new session when the stored session's fields are of the wrong type", async () => {
    const { storage } = await startWith({ identity: { anonymousId: 'device-1', session: { id: 's-old', startedAt: 'yesterday', lastActiveAt: Date.now(), interruptiveShown: '3' } } });
    await shows();
    const stored = await storage.get<{ anonymousId: string; session: { id: string; interruptiveShown: number } }>('identity');
    expect(stored?.anonymousId).toBe('device-1');
    expect(stored?.session.id).not.toBe('s-old');
    expect(stored?.session.interruptiveShown).toBe(1);
  });

  it('a session counter that is not a count does not hold help back (a string "3" is not 3)', async () => {
    const now = Date.now();
    await startWith({ identity: { anonymousId: 'device-1', session: { id: 's1', startedAt: now - 1000, lastActiveAt: now - 1000, interruptiveShown: '99', exposures: 'nope', paced: { 0: 'welcome' } } } });
    await shows();
  });

  it('a session with a huge list of remembered exposures is bounded, and works', async () => {
    const now = Date.now();
    const exposures = Array.from({ length: MAX_SESSION_KEYS * 5 }, (_, i) => `k${i}`);
    const { storage } = await startWith({ identity: { anonymousId: 'device-1', session: { id: 's1', startedAt: now - 1000, lastActiveAt: now - 1000, interruptiveShown: 0, exposures } } });
    await shows();
    await vi.waitFor(async () => {
      const stored = await storage.get<{ session: { exposures: string[] } }>('identity');
      expect(stored?.session.exposures.length).toBeLessThanOrEqual(MAX_SESSION_KEYS);
      expect(stored?.session.exposures.some((key) => key.includes('welcome'))).toBe(true);
    });
  });

  it('prototype keys in the stored identity are data, never the prototype', async () => {
    const identity = JSON.parse('{"__proto__": {"anonymousId": "from-proto"}, "constructor": {"prototype": {"polluted": true}}}');
    const { storage } = await startWith({ identity });
    await shows();
    expect((await storage.get<{ anonymousId: string }>('identity'))?.anonymousId).toMatch(UUID);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).anonymousId).toBeUndefined();
  });

  it('a progress record that cannot be read is reported (storage) and discarded; help shows', async () => {
    const { errors } = await startWith({ 'progress:u1': { schema: 0, state: 'x' } }, { id: 'u1' });
    await shows();
    expect(errors.map((e) => [e.code, e.message])).toEqual([['storage', 'Guidepost discarded a stored progress record it could not read (schema 0)']]);
  });

  it('corrupt item records are dropped one by one (reported); a valid dismissal is kept', async () => {
    const items = JSON.parse('{"welcome": {"version": 1, "status": "dismissed", "timesSeen": 1, "dismissedAt": 5}, "bad": "junk", "__proto__": {"status": "completed"}, "worse": {"status": 42}}');
    const { errors, gp } = await startWith({ 'progress:u1': { schema: 1, state: { items, events: 7 } } }, { id: 'u1' });
    expect(gp.explain('welcome')?.reason).toEqual({ code: 'dismissed', at: 5 });
    expect(errors).toHaveLength(1);
    expect(errors[0].code).toBe('storage');
    expect(errors[0].message).toMatch(/^Guidepost discarded unreadable progress records: /);
    expect(errors[0].message).toContain('items.bad');
    expect(errors[0].message).toContain('items.worse');
    expect(({} as Record<string, unknown>).status).toBeUndefined();
  });

  it('a storage that fails every operation: reported once, help shows from memory', async () => {
    const failing: KeyValueStorage = {
      kind: 'broken',
      get: async () => { throw new Error('disk on fire'); },
      set: async () => { throw new Error('disk on fire'); },
      delete: async () => { throw new Error('disk on fire'); },
    };
    const { gp, errors } = create({ storage: failing });
    await gp.start();
    await shows();
    expect(errors.map((e) => [e.code, e.message])).toEqual([['storage', 'Guidepost storage (broken) failed, keeping progress in memory for this page: Error: disk on fire']]);
  });

  it('a storage whose get() throws synchronously: reported, help shows', async () => {
    const inner = memoryStorage();
    const throwing: KeyValueStorage = {
      kind: 'sync-throw',
      get: () => { throw new TypeError('not a function'); },
      set: (k, v) => inner.set(k, v),
      delete: (k) => inner.delete(k),
    };
    const { gp, errors } = create({ storage: throwing });
    await gp.start();
    await shows();
    expect(errors.map((e) => e.code)).toEqual(['storage']);
    expect(errors[0].message).toContain('not a function');
  });
});

describe('a manifest URL that cannot be fetched', () => {
  it('is reported as manifest-load, naming the URL problem; start() resolves; nothing opens', async () => {
    const opened = countChannels();
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const { gp, errors } = create({ manifest: 'https://cdn.example.com/guidepost.json' });
    await expect(gp.start()).resolves.toBeUndefined();
    expect(errors.map((e) => e.code)).toEqual(['manifest-load']);
    expect(errors[0].message).toContain('Failed to fetch');
    expect(gp.manifest).toBeNull();
    expect(opened).toEqual([]);
    expect(document.querySelector('guidepost-root')).toBeNull();
  });
});

describe('destroy() during start()', () => {
  it('before start(): start() reads nothing, opens nothing, draws nothing', async () => {
    const opened = countChannels();
    const storage = heldStorage();
    const { gp, errors } = create({ storage: storage.storage });
    gp.destroy();
    await expect(gp.start()).resolves.toBeUndefined();
    expect(storage.reads).toEqual([]);
    expect(opened).toEqual([]);
    expect(Object.hasOwn(history, 'pushState')).toBe(false);
    expect(document.querySelector('guidepost-root')).toBeNull();
    expect(errors).toEqual([]);
  });

  it('while storage reads are in flight: once they answer, no channel, no history hook, no tracker event, no node', async () => {
    const opened = countChannels();
    const storage = heldStorage();
    const { gp, errors, events } = create({ storage: storage.storage });
    const added: string[] = [];
    const winAdd = vi.spyOn(window, 'addEventListener');
    const docAdd = vi.spyOn(document, 'addEventListener');
    const started = gp.start();
    await vi.waitFor(() => expect(storage.reads).toContain('identity'));
    gp.destroy();
    storage.release();
    await expect(started).resolves.toBeUndefined();
    for (const spy of [winAdd, docAdd]) added.push(...spy.mock.calls.map(([type]) => String(type)));
    expect(added.filter((type) => ['pagehide', 'visibilitychange', 'popstate', 'hashchange'].includes(type))).toEqual([]);
    expect(opened).toEqual([]);
    expect(Object.hasOwn(history, 'pushState')).toBe(false);
    expect(events).toEqual([]);
    expect(document.querySelector('guidepost-root')).toBeNull();
    expect(errors).toEqual([]);
    // Routes are not followed: a navigation after it changes nothing.
    history.pushState({}, '', '/after');
    expect(document.querySelector('guidepost-root')).toBeNull();
  });

  it('while the manifest is being fetched: nothing opens once it arrives', async () => {
    const opened = countChannels();
    let answer!: (response: Response) => void;
    vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>((resolve) => (answer = resolve))));
    const { gp, errors, events } = create({ manifest: 'https://cdn.example.com/guidepost.json' });
    const started = gp.start();
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    gp.destroy();
    answer(new Response(JSON.stringify(manifest()), { status: 200, headers: { 'content-type': 'application/json' } }));
    await expect(started).resolves.toBeUndefined();
    expect(opened).toEqual([]);
    expect(events).toEqual([]);
    expect(document.querySelector('guidepost-root')).toBeNull();
    expect(Object.hasOwn(history, 'pushState')).toBe(false);
    expect(errors).toEqual([]);
  });
});

describe('destroy() called from onError while start() runs stays done', () => {
  // A host that tears the instance down on a problem: the tab channel cannot be opened (a sandboxed
  // iframe), reported through onError during boot(), late in boot().
  it('leaves no history hook, no page listener, no tracker and no node behind', async () => {
    vi.stubGlobal(
      'BroadcastChannel',
      class {
        constructor() {
          throw new DOMException('no channels in this sandbox', 'SecurityError');
        }
      },
    );
    const windowAdds = vi.spyOn(window, 'addEventListener');
    const events: GuidepostEvent[] = [];
    let gp!: Guidepost;
    const reports: string[] = [];
    gp = createGuidepost({
      manifest: manifest(),
      locale: 'en',
      storage: memoryStorage(),
      onEvent: (e) => events.push(e),
      onError: (e) => {
        reports.push(e.message);
        gp.destroy();
      },
    });
    live.push(gp);
    await gp.start();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('no channels in this sandbox');
    // (The composition's destroy() ran before these were added: nothing would remove them.)
    expect(windowAdds.mock.calls.map(([type]) => type).filter((type) => ['pagehide', 'popstate', 'hashchange'].includes(type))).toEqual([]);
    expect(Object.hasOwn(history, 'pushState')).toBe(false);
    gp.track('after-destroy');
    expect(events).toEqual([]);
    expect(document.querySelector('guidepost-root')).toBeNull();
  });
});

describe('destroy() called from an on() listener while run() reports assignments', () => {
  it('leaves no page listener and no history hook, and records nothing afterwards', async () => {
    const listeners = new Map<string, number>();
    const add = window.addEventListener.bind(window);
    const remove = window.removeEventListener.bind(window);
    vi.spyOn(window, 'addEventListener').mockImplementation((type, listener, options) => {
      listeners.set(type, (listeners.get(type) ?? 0) + 1);
      add(type, listener, options);
    });
    vi.spyOn(window, 'removeEventListener').mockImplementation((type, listener, options) => {
      listeners.set(type, (listeners.get(type) ?? 0) - 1);
      remove(type, listener, options);
    });
    const storage = memoryStorage();
    const experiment = { key: 'promo-test', variations: [{ key: 'holdout', enabled: false }, { key: 'help' }], scope: { items: ['welcome'] } };
    const { gp } = create({ manifest: { ...manifest(), experiments: [experiment] }, storage, user: { id: 'u1' } });
    const assignments: string[] = [];
    gp.on('assignment', (event) => {
      assignments.push(event.type);
      gp.destroy();
    });
    await gp.start();
    expect(assignments).toEqual(['assignment']);
    expect([...listeners].filter(([, count]) => count !== 0)).toEqual([]);
    expect(Object.hasOwn(history, 'pushState')).toBe(false);
    const before = JSON.stringify(await storage.get('progress:u1'));
    history.pushState(null, '', '/after-destroy');
    window.dispatchEvent(new Event('pagehide'));
    expect(JSON.stringify(await storage.get('progress:u1'))).toBe(before);
    expect(document.querySelector('guidepost-root')).toBeNull();
  });
});

describe('run(): after boot', () => {
  it('removes every window and document listener it added when destroyed', async () => {
    const listeners = new Map<string, number>();
    for (const target of [window, document] as EventTarget[]) {
      const add = target.addEventListener.bind(target);
      const remove = target.removeEventListener.bind(target);
      vi.spyOn(target, 'addEventListener').mockImplementation((type, listener, options) => {
        listeners.set(type, (listeners.get(type) ?? 0) + 1);
        add(type, listener, options);
      });
      vi.spyOn(target, 'removeEventListener').mockImplementation((type, listener, options) => {
        listeners.set(type, (listeners.get(type) ?? 0) - 1);
        remove(type, listener, options);
      });
    }
    document.body.innerHTML = '<button id="save">Save</button>';
    const { gp } = create({ manifest: manifest([banner, { id: 'tip', type: 'tooltip', target: '#save', body: 'Saves' }]) });
    await gp.start();
    await vi.waitFor(() => expect(part('[data-part=banner]')).not.toBeNull());
    expect(listeners.get('pagehide')).toBe(1);
    expect(listeners.get('visibilitychange')).toBe(1);
    gp.destroy();
    expect([...listeners].filter(([, count]) => count !== 0)).toEqual([]);
    expect(Object.hasOwn(history, 'pushState')).toBe(false);
  });

  it('on pagehide, tells the other tabs that the tour this tab ran is released', async () => {
    const tour = { id: 'intro', type: 'tour', trigger: 'manual', steps: [{ title: 'One', body: '1' }] };
    const { gp } = create({ manifest: manifest([tour]) });
    await gp.start();
    gp.startTour('intro');
    await vi.waitFor(() => expect(part('[data-part=tour-step][data-item=intro]')).not.toBeNull());
    const probe = new BroadcastChannel('guidepost');
    const released = new Promise<unknown>((resolve) => {
      probe.onmessage = (event) => event.data?.kind === 'tour' && event.data.tour === null && resolve(event.data);
    });
    try {
      window.dispatchEvent(new Event('pagehide'));
      await expect(released).resolves.toMatchObject({ kind: 'tour', tour: null });
    } finally {
      probe.close();
    }
  });

  it('resumes a tour that was under way at its saved step; a record of another version does not resume', async () => {
    const tour = { id: 'intro', type: 'tour', trigger: 'manual', steps: [{ title: 'One', body: '1' }, { title: 'Two', body: '2' }] };
    const storage = memoryStorage();
    await storage.set('progress:u1', { schema: 1, state: { items: { intro: { version: 1, status: 'seen', timesSeen: 1, firstSeenAt: 1, lastSeenAt: 1, step: 1 } }, events: {} } });
    const { gp } = create({ manifest: manifest([tour]), storage, user: { id: 'u1' } });
    await gp.start();
    await vi.waitFor(() => expect(part('[data-part=tour-step][data-item=intro]')?.textContent).toContain('Two'));
    gp.destroy();

    const other = memoryStorage();
    await other.set('progress:u1', { schema: 1, state: { items: { intro: { version: 2, status: 'seen', timesSeen: 1, firstSeenAt: 1, lastSeenAt: 1, step: 1 } }, events: {} } });
    const second = create({ manifest: manifest([tour]), storage: other, user: { id: 'u1' } }).gp;
    await second.start();
    expect(second.explain('intro')?.reason.code).toBe('trigger');
    expect(document.querySelector('guidepost-root')).toBeNull();
  });

  it('a route change starts a new page view: the old page view waits are dropped, visits recorded, the new page decided', async () => {
    const waitsHere = { id: 'here', type: 'tooltip', target: '#nowhere', body: 'Here', when: { 'page.path': '/' } };
    const waitsThere = { id: 'there', type: 'tooltip', target: '#nowhere-either', body: 'There', when: { 'page.path': '/other' } };
    const storage = memoryStorage();
    const { gp, events } = create({ manifest: manifest([waitsHere, waitsThere]), storage, user: { id: 'u1' }, targetTimeoutMs: 100 });
    await gp.start();
    // "here" waits for its target on "/"; the route changes before it gives up.
    history.pushState({}, '', '/other');
    // "there" starts waiting on the new page view, after "here" did, with the same timeout: when
    // it gives up, "here" would have given up before it had its wait not been dropped.
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'target_not_found').map((e) => e.item_id)).toEqual(['there']));
    expect(gp.explain('here')?.reason.code).toBe('condition');
    await vi.waitFor(async () => {
      const stored = await storage.get<{ state: { visits: { count: number }; pages: Record<string, unknown> } }>('progress:u1');
      expect(stored?.state.visits.count).toBe(2);
      expect(Object.keys(stored?.state.pages ?? {}).sort()).toEqual(['/', '/other']);
    });
  });

  it('a route change takes down what was shown on the old page', async () => {
    const onHome = { id: 'home', type: 'banner', body: 'Home', when: { 'page.path': '/' } };
    const onOther = { id: 'other', type: 'banner', body: 'Other', when: { 'page.path': '/other' } };
    const { gp } = create({ manifest: manifest([onHome, onOther]) });
    await gp.start();
    await vi.waitFor(() => expect(part('[data-part=banner][data-item=home]')).not.toBeNull());
    history.pushState({}, '', '/other');
    await vi.waitFor(() => expect(part('[data-part=banner][data-item=other]')).not.toBeNull());
    expect(part('[data-item=home]')).toBeNull();
    expect(gp.explain('home')?.reason.code).toBe('condition');
  });
});
