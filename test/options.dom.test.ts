/**
 * The options of `createGuidepost` (src/options.ts declares them; createGuidepost, the runtime
 * and boot read them) in happy-dom, as an embedding page passes them: what each documented
 * option does (endpoint, transport, onEvent, onError, now, user, requireConsent,
 * maxQueuedEvents, storage, locale), and what happens when a page passes junk — a plain script
 * tag has no type checker. The contract (DESIGN.md): the SDK never throws into the host page;
 * problems reach `onError` (or the console once), and a bad option should be reported naming
 * the option, not surface later as an internal error somewhere else.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError, type GuidepostEvent, type GuidepostOptions } from '../src/index';
import { eventProblem } from '../src/track/event';

const manifest = {
  schemaVersion: 1,
  revision: 'r1',
  items: [{ id: 'welcome', type: 'banner', title: { en: 'Welcome', es: 'Bienvenida' }, body: 'Hello' }],
};

const live: Array<{ destroy(): void }> = [];

function setup(extra: Record<string, unknown> = {}) {
  document.body.innerHTML = '<main id="app"></main>';
  const errors: GuidepostError[] = [];
  const events: GuidepostEvent[] = [];
  const sent: GuidepostEvent[] = [];
  const options = {
    manifest,
    locale: 'en',
    storage: memoryStorage(),
    transport: { send: async (batch: GuidepostEvent[]) => void sent.push(...batch) },
    onError: (e: GuidepostError) => errors.push(e),
    onEvent: (e: GuidepostEvent) => events.push(e),
    ...extra,
  } as unknown as GuidepostOptions;
  const gp = createGuidepost(options);
  live.push(gp);
  return { gp, errors, events, sent, messages: () => errors.map((e) => e.message) };
}

/** The welcome banner, in whichever shadow root holds it (a top banner gets a host element of its own). */
const banner = () => {
  for (const host of document.querySelectorAll('guidepost-root, guidepost-help')) {
    const found = host.shadowRoot?.querySelector('[data-part=banner][data-item=welcome]');
    if (found) return found;
  }
  return null;
};

afterEach(() => {
  live.splice(0).forEach((gp) => gp.destroy());
  document.body.innerHTML = '';
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('what each option does', () => {
  it('transport: every event reaches it, batched; the user and account ids ride along', async () => {
    const { gp, sent } = setup({ user: { id: 'u_42', accountId: 'acme' } });
    await gp.start();
    gp.track('project_created', { template: 'blank' });
    await expect.poll(() => sent.map((e) => e.type)).toEqual(expect.arrayContaining(['exposure', 'goal']));
    const goal = sent.find((e) => e.type === 'goal')!;
    expect(goal).toMatchObject({ name: 'project_created', properties: { template: 'blank' }, user_id: 'u_42', account_id: 'acme' });
    for (const event of sent) expect(eventProblem(event)).toBeUndefined();
  });

  it('endpoint (no transport): batches are POSTed there as JSON', async () => {
    const bodies: unknown[] = [];
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => (urls.push(String(url)), bodies.push(JSON.parse(String(init.body))), new Response(null, { status: 204 })));
    vi.spyOn(navigator, 'sendBeacon').mockReturnValue(true);
    const { gp } = setup({ transport: undefined, endpoint: 'https://collector.test/collect' });
    await gp.start();
    gp.track('signed_up');
    await expect.poll(() => (bodies as Array<{ events: GuidepostEvent[] }>).flatMap((b) => b.events.map((e) => e.type))).toContain('goal');
    expect(new Set(urls)).toEqual(new Set(['https://collector.test/collect']));
  });

  it('neither endpoint nor transport: nothing leaves, onEvent and on() still hear every event', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const beacon = vi.spyOn(navigator, 'sendBeacon').mockReturnValue(true);
    const { gp, events } = setup({ transport: undefined });
    const heard: string[] = [];
    const off = gp.on('*', (e) => heard.push(e.type));
    await gp.start();
    gp.track('signed_up');
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['exposure', 'goal']));
    expect(heard).toEqual(expect.arrayContaining(['exposure', 'goal']));
    off();
    gp.destroy();
    expect([fetchSpy.mock.calls.length, beacon.mock.calls.length]).toEqual([0, 0]);
  });

  it('onEvent: a handler that throws is reported (code delivery), and the events still go out', async () => {
    const { gp, errors, sent } = setup({
      onEvent: () => {
        throw new Error('analytics bridge broke');
      },
    });
    await gp.start();
    gp.track('x');
    expect(errors.map((e) => [e.code, e.message])).toContainEqual(['delivery', 'analytics bridge broke']);
    // The host's own Error, with its stack, as the cause.
    expect((errors.find((e) => e.message === 'analytics bridge broke')?.cause as Error | undefined)?.stack).toContain('analytics bridge broke');
    await expect.poll(() => sent.some((e) => e.type === 'goal')).toBe(true);
  });

  it('onError omitted: each problem is logged once to the console, prefixed', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items: [{ id: 'b', type: 'banner' }] }, storage: memoryStorage() });
    live.push(gp);
    await gp.start();
    gp.startTour('nope');
    gp.startTour('nope');
    const lines = warn.mock.calls.map((c) => String(c[0]));
    expect(lines.every((l) => l.startsWith('[guidepost] '))).toBe(true);
    expect(lines.filter((l) => l.includes('startTour("nope")'))).toHaveLength(1);
  });

  it('now: events are stamped with the injected clock', async () => {
    const at = Date.parse('2030-01-02T03:04:05.000Z');
    const { gp, events } = setup({ now: () => at });
    await gp.start();
    gp.track('x');
    expect(events.find((e) => e.type === 'goal')?.ts).toBe('2030-01-02T03:04:05.000Z');
  });

  it('locale: picks the translation', async () => {
    const { gp } = setup({ locale: 'es' });
    await gp.start();
    expect(banner()?.textContent).toContain('Bienvenida');
  });

  it('requireConsent: onEvent and the transport hear nothing until consent(true), then everything that waited', async () => {
    const { gp, events, sent } = setup({ requireConsent: true });
    await gp.start();
    gp.track('x');
    await gp.flushBeforeNavigation(50);
    expect([events.length, sent.length]).toEqual([0, 0]);
    await gp.consent(true);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['exposure', 'goal']));
    await expect.poll(() => sent.some((e) => e.type === 'goal')).toBe(true);
  });

  it('maxQueuedEvents: past the bound the oldest undelivered events are dropped and that is reported', async () => {
    const { gp, messages } = setup({ maxQueuedEvents: 2, transport: { send: () => new Promise(() => undefined) } });
    await gp.start();
    for (let i = 0; i < 6; i++) gp.track(`g${i}`);
    await expect.poll(() => messages().some((m) => /\b2\b/.test(m) && /drop/.test(m))).toBe(true);
  });

  it('storage: progress is kept in the storage given', async () => {
    const storage = memoryStorage();
    const set = vi.spyOn(storage, 'set');
    const { gp } = setup({ storage });
    await gp.start();
    await expect.poll(() => set.mock.calls.some(([key]) => String(key).startsWith('progress:'))).toBe(true);
  });

  it('storage that never answers: start() resolves after storageTimeoutMs, help shows, events still go out, and it is reported once', async () => {
    const never = () => new Promise<never>(() => undefined);
    const { gp, errors, sent } = setup({ storage: { kind: 'remote-kv', get: never, set: never, delete: never }, storageTimeoutMs: 100 });
    await gp.start();
    expect(banner()).not.toBeNull();
    const storageErrors = errors.filter((e) => e.code === 'storage');
    expect(storageErrors).toHaveLength(1);
    expect(storageErrors[0].message).toMatch(/storage \(remote-kv\) failed.*TimeoutError: no answer within 100 ms/);
    // The outbox on that storage fell back to memory: the exposure is delivered.
    await expect.poll(() => sent.some((e) => e.type === 'exposure' && e.item_id === 'welcome')).toBe(true);
  });

  it('storage whose writes never answer: reads still count, and a dismissal holds for the page', async () => {
    const storage = memoryStorage();
    const { gp } = setup({ storage: { kind: 'half', get: storage.get, set: () => new Promise<never>(() => undefined), delete: storage.delete }, storageTimeoutMs: 100 });
    await gp.start();
    const close = banner()!.querySelector<HTMLButtonElement>('[data-part=close]')!;
    close.click();
    await expect.poll(() => gp.explain().find((e) => e.itemId === 'welcome')?.reason.code).toBe('dismissed');
    expect(banner()).toBeNull();
  });
});

describe('createGuidepost checks its options', () => {
  // Unchecked, junk options would throw into the host page, silence every report, or fail later
  // with an internal message that does not say which option was wrong. Each bad option is
  // reported through onError (or the console) with the option's name, and its default is used.

  it('no options object at all: reported, never thrown into the host page', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const options of [undefined, null, 'https://cdn.test/manifest.json']) {
      let gp: ReturnType<typeof createGuidepost> | undefined;
      expect(() => (gp = createGuidepost(options as never))).not.toThrow();
      gp?.destroy();
    }
    expect(warn).toHaveBeenCalled();
  });

  it('onError that is not a function: problems still reach the console', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const gp = createGuidepost({ manifest: { schemaVersion: 99 }, storage: memoryStorage(), onError: 'alert' as never });
    live.push(gp);
    await gp.start();
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual(expect.arrayContaining([expect.stringContaining('onError')]));
  });

  it('maxQueuedEvents that is not a positive number is reported by name (NaN leaves the outbox unbounded, -1 drops every event)', async () => {
    for (const maxQueuedEvents of [NaN, -1, '100']) {
      const { gp, messages } = setup({ maxQueuedEvents });
      await gp.start();
      gp.track('x');
      expect([maxQueuedEvents, messages().some((m) => m.includes('maxQueuedEvents'))]).toEqual([maxQueuedEvents, true]);
      gp.destroy();
    }
  });

  it('locale that is not a string: reported by name, and help still shows', async () => {
    const { gp, messages } = setup({ locale: 42 });
    await gp.start();
    expect(banner()).not.toBeNull();
    expect(messages().some((m) => m.includes('locale'))).toBe(true);
    expect(messages().some((m) => m.includes('toLowerCase'))).toBe(false);
  });

  it('now that is not a function: reported by name, and the real clock is used', async () => {
    const { gp, messages } = setup({ now: 1_700_000_000_000 });
    await gp.start();
    expect(banner()).not.toBeNull();
    expect(messages().some((m) => /\bnow\b/.test(m) && !m.includes('rt.now'))).toBe(true);
  });

  it('onEvent that is not a function: reported once by name', async () => {
    const { gp, messages } = setup({ onEvent: { track() {} } });
    await gp.start();
    gp.track('a');
    gp.track('b');
    expect(messages().filter((m) => m.includes('onEvent'))).toHaveLength(1);
    expect(messages().filter((m) => m.includes('sink is not a function'))).toEqual([]);
  });

  it('endpoint that is not a URL string: reported by name', async () => {
    const fetchSpy = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchSpy);
    vi.spyOn(navigator, 'sendBeacon').mockReturnValue(true);
    const { gp, messages } = setup({ transport: undefined, endpoint: 42 });
    await gp.start();
    gp.track('x');
    await gp.flushBeforeNavigation(100);
    expect(messages().some((m) => m.includes('endpoint'))).toBe(true);
  });

  it('transport without send(): reported by name', async () => {
    const { gp, messages } = setup({ transport: { post: () => undefined } });
    await gp.start();
    gp.track('x');
    await gp.flushBeforeNavigation(100);
    await expect.poll(() => messages().length).toBeGreaterThan(0);
    expect(messages().some((m) => m.includes('transport') && !m.includes('config.transport'))).toBe(true);
  });

  it('document without a location: reported by name', async () => {
    const { gp, messages } = setup({ document: {} });
    await gp.start();
    expect(messages().some((m) => m.includes('document'))).toBe(true);
  });

  it('a numeric user.id (a database id): events still reach a collector that checks them', async () => {
    const { gp, sent } = setup({ user: { id: 42, accountId: 7 } });
    await gp.start();
    gp.track('project_created');
    await expect.poll(() => sent.some((e) => e.type === 'goal')).toBe(true);
    // Either coerced to strings, or reported by name and left out: never sent as the collector refuses it.
    expect(sent.map((e) => eventProblem(e)).filter(Boolean)).toEqual([]);
  });
});
