/**
 * src/authoring/session.ts: the one place of the authoring panel that holds runtime state. It
 * reads the manifest as written (unknown keys and skipped items kept), puts each valid draft
 * into the running instance, previews items, talks to `guidepost serve --author`, keeps the
 * draft for the tab, and puts the page's own manifest back when it closes.
 *
 * The panel itself is replaced by a stand-in that only records what the core hands it (the
 * runtime and the core's functions); the Session is made from those, as the panel makes it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError, type GuidepostEvent } from '../../src/index';
import type { Runtime } from '../../src/runtime/runtime';
import type { AuthoringOps } from '../../src/authoring/session';
import { SAVE_PATH, Session } from '../../src/authoring/session';
import type { JsonObject } from '../../src/authoring/json-patch';
import { manifestVersion } from '../../src/authoring/version';
import type { Manifest } from '../../src/manifest/schema';
import { validateManifest } from '../../src/manifest/validate';
import { stampManifest } from '../../src/manifest/compiled';
import { SDK_VERSION } from '../../src/version';

const mounted = vi.hoisted(() => ({ list: [] as { rt: unknown; ops: unknown }[] }));
vi.mock('../../src/authoring/author-panel', () => ({
  mountAuthoring: (rt: unknown, ops: unknown) => {
    mounted.list.push({ rt, ops });
    return { destroy: () => Promise.resolve() };
  },
}));

const MANIFEST = {
  schemaVersion: 1,
  revision: 'r1',
  defaultLocale: 'en',
  'x-team': 'docs',
  items: [
    { id: 'save-tip', type: 'tooltip', target: '#save', title: { en: 'Save' }, body: { en: 'Saves everything' } },
    { id: 'broken', type: 'tooltip', target: '#save', body: 'x', placement: 'nowhere' },
    { id: 'tour', type: 'tour', trigger: 'manual', steps: [{ target: '#save', title: { en: 'One' } }, { target: '#open', title: { en: 'Two' } }] },
  ],
};

type FetchHandler = (url: string, init?: RequestInit) => Response | Promise<Response>;
let fetchHandler: FetchHandler;
const fetchCalls: { url: string; init?: RequestInit }[] = [];

beforeEach(() => {
  fetchCalls.length = 0;
  fetchHandler = () => new Response('not found', { status: 404 });
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    fetchCalls.push({ url: String(url), init });
    return fetchHandler(String(url), init);
  });
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  mounted.list.length = 0;
  document.body.innerHTML = '';
  sessionStorage.clear();
  vi.unstubAllGlobals();
  history.replaceState({}, '', '/');
});

/** A started instance with authoring open; its runtime and the core's functions, as the panel gets them. */
async function open(options: Partial<Parameters<typeof createGuidepost>[0]> = {}) {
  document.body.innerHTML = '<button id="save">Save</button> <button id="open">Open</button>';
  const errors: GuidepostError[] = [];
  const events: GuidepostEvent[] = [];
  const gp = createGuidepost({ manifest: MANIFEST, locale: 'en', storage: memoryStorage(), onError: (e) => errors.push(e), onEvent: (e) => events.push(e), ...options });
  cleanups.push(() => gp.destroy());
  await gp.start();
  gp.author(true);
  await vi.waitFor(() => expect(mounted.list).toHaveLength(1));
  const { rt, ops } = mounted.list[0] as { rt: Runtime; ops: AuthoringOps };
  return { gp, rt, ops, errors, events, session: new Session(rt, ops) };
}

const layer = () => document.querySelector('guidepost-root')?.shadowRoot ?? null;
/** A valid manifest from `items` (and the rest of MANIFEST). */
const valid = (items: unknown[]): Manifest => validateManifest({ ...MANIFEST, items }).manifest!;
const deferred = <T>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

describe('Session basics', () => {
  it('exposes the document, the locale and the page path', async () => {
    const { session } = await open({ locale: 'es' });
    history.replaceState({}, '', '/settings/profile?tab=1#x');
    expect(session.doc).toBe(document);
    expect(session.locale).toBe('es');
    expect(session.path()).toBe('/settings/profile');
  });

  it('report() goes to onError with "authoring:" in front; close() closes authoring', async () => {
    const { session, errors, gp } = await open();
    const before = errors.length;
    session.report('something odd');
    expect(errors.slice(before).map((e) => [e.message, e.code])).toEqual([['authoring: something odd', 'internal']]);
    const author = vi.spyOn(gp, 'author');
    session.close();
    expect(author).toHaveBeenCalledWith(false);
  });

  it('explanations() are the instance\'s own verdicts', async () => {
    const { session, gp } = await open();
    expect(session.explanations()).toEqual(gp.explain());
    expect(session.explanations().map((e) => e.itemId)).toEqual(['save-tip', 'tour']);
  });
});

describe('Session.load', () => {
  it('an object manifest: a deep copy with unknown keys and skipped items, named manifest.json', async () => {
    const { session } = await open();
    const loaded = await session.load();
    expect(loaded).toEqual({ original: MANIFEST, fileName: 'manifest.json', note: undefined });
    expect(loaded.original).not.toBe(MANIFEST);
    (loaded.original.items as JsonObject[])[0].id = 'changed';
    expect(MANIFEST.items[0].id).toBe('save-tip');
  });

  it('a URL: read again as written (no cache, same-origin credentials), named after the file', async () => {
    const written = { ...MANIFEST, 'x-written': true };
    fetchHandler = (url) => (url === '/content/help%20texts.json' ? new Response(JSON.stringify(written)) : new Response('no', { status: 404 }));
    const { session } = await open({ manifest: { ...MANIFEST } });
    (session.rt.options as { manifest: unknown }).manifest = '/content/help%20texts.json';
    const loaded = await session.load();
    expect(loaded).toEqual({ original: written, fileName: 'help texts.json', note: undefined });
    const call = fetchCalls.find((c) => c.url === '/content/help%20texts.json')!;
    expect(call.init).toMatchObject({ credentials: 'same-origin', cache: 'no-store' });
  });

  it('a URL that cannot be read again: the validated manifest, and a note that says why', async () => {
    const { session, rt } = await open();
    (rt.options as { manifest: unknown }).manifest = '/m.json';
    fetchHandler = () => new Response('gone', { status: 410 });
    const gone = await session.load();
    expect(gone.original).toEqual(JSON.parse(JSON.stringify(rt.manifest)));
    expect(gone.note).toBe('/m.json could not be read again (HTTP 410): editing the manifest as the SDK validated it, without unknown keys or skipped items.');
    fetchHandler = () => new Response('{ not json');
    expect((await session.load()).note).toMatch(/^\/m\.json could not be read again \(.+\): editing the manifest as the SDK validated it/);
    fetchHandler = () => Promise.reject(new TypeError('Failed to fetch'));
    expect((await session.load()).note).toContain('(Failed to fetch)');
  });

  it('a compiled manifest: its stamp is left out, with a note to edit the source', async () => {
    const compiled = stampManifest(validateManifest(MANIFEST).manifest!, SDK_VERSION);
    const { session } = await open({ manifest: compiled, authoring: true });
    const loaded = await session.load();
    expect('compiled' in loaded.original).toBe(false);
    expect(loaded.note).toBe('This page uses a manifest compiled by "guidepost build": edit and export its source, then build it again.');
    expect((loaded.original.items as JsonObject[]).map((i) => i.id)).toEqual(['save-tip', 'tour']);
  });
});

describe('Session.load resolves for a manifest URL whose file name has a literal "%"', () => {
  it('resolves with the manifest (the panel would otherwise stay on "Loading the manifest…")', async () => {
    const { session, rt } = await open();
    (rt.options as { manifest: unknown }).manifest = '/content/100%.json';
    fetchHandler = () => new Response(JSON.stringify(MANIFEST));
    const loaded = await session.load().catch((error: Error) => ({ rejected: error.message }));
    expect(loaded).toMatchObject({ original: MANIFEST });
  });
});

describe('Session.load notes when the URL now holds JSON that is not a manifest object', () => {
  it('an array read again falls back to the validated manifest with a note, as a failed read does', async () => {
    const { session, rt } = await open();
    (rt.options as { manifest: unknown }).manifest = '/m.json';
    fetchHandler = () => new Response('[1, 2]');
    const loaded = await session.load();
    expect(loaded.original).toEqual(JSON.parse(JSON.stringify(rt.manifest)));
    expect(loaded.note ?? '(no note)').toContain('could not be read again');
  });
});

describe('Session.apply', () => {
  it('puts a draft into the running instance: explain() and the page follow it', async () => {
    const { session, gp, rt } = await open();
    await vi.waitFor(() => expect(gp.explain('save-tip')?.shown).toBe(true));
    const next = valid([{ ...MANIFEST.items[0], trigger: 'manual' }, MANIFEST.items[2]]);
    await session.apply(next, undefined);
    expect(rt.manifest).toBe(next);
    await vi.waitFor(() => expect(gp.explain('save-tip')?.reason.code).toBe('trigger'));
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=tooltip]')).toBeNull());
  });

  it('a content-only change is redrawn in place; a target change takes the surface down and decides again', async () => {
    const { session, rt } = await open();
    await vi.waitFor(() => expect(rt.showing.has('save-tip')).toBe(true));
    const evaluate = vi.fn();
    const spied = new Session(rt, { ...session['ops'], evaluate });
    const retitled = valid([{ ...MANIFEST.items[0], title: { en: 'Save all' } }, MANIFEST.items[2]]);
    await spied.apply(retitled, undefined);
    expect(rt.showing.get('save-tip')?.item).toBe(retitled.items[0]);
    expect(evaluate).toHaveBeenCalledTimes(1);
    const moved = valid([{ ...MANIFEST.items[0], title: { en: 'Save all' }, target: '#open' }, MANIFEST.items[2]]);
    await spied.apply(moved, undefined);
    expect(rt.showing.has('save-tip')).toBe(false);
    expect(evaluate).toHaveBeenCalledTimes(2);
  });

  it('a changed item is tried again: its target wait is stopped, missing-target and render failures forgotten', async () => {
    const { session, rt } = await open();
    const stopWaiting = vi.fn();
    const stopOther = vi.fn();
    rt.waiting.set('save-tip', stopWaiting);
    rt.waiting.set('tour', stopOther);
    rt.pageView.missingTargets.set('save-tip', '#save');
    rt.pageView.unrenderable.set('save-tip', 'boom');
    rt.pageView.unrenderable.set('tour', 'kept');
    const quiet = new Session(rt, { ...session['ops'], evaluate: () => {} });
    await quiet.apply(valid([{ ...MANIFEST.items[0], body: { en: 'New body' } }, MANIFEST.items[2]]), undefined);
    expect(stopWaiting).toHaveBeenCalledTimes(1);
    expect(rt.waiting.has('save-tip')).toBe(false);
    expect(rt.pageView.missingTargets.has('save-tip')).toBe(false);
    expect(rt.pageView.unrenderable.has('save-tip')).toBe(false);
    // The unchanged tour keeps its state.
    expect(stopOther).not.toHaveBeenCalled();
    expect(rt.pageView.unrenderable.get('tour')).toBe('kept');
  });

  it('an older apply that finishes late changes nothing after a newer one', async () => {
    const { session, rt } = await open();
    const first = deferred<undefined>();
    const second = deferred<undefined>();
    const opened = [first, second];
    const assign = vi.fn();
    const ops = { ...session['ops'], openExperiments: () => opened.shift()!.promise, assignExperiments: assign, evaluate: vi.fn() };
    const racing = new Session(rt, ops as AuthoringOps);
    const a = valid([MANIFEST.items[0]]);
    const b = valid([MANIFEST.items[2]]);
    const applyA = racing.apply(a, undefined);
    const applyB = racing.apply(b, undefined);
    second.resolve(undefined);
    await applyB;
    expect(assign).toHaveBeenCalledTimes(1);
    first.resolve(undefined);
    await applyA;
    expect(assign).toHaveBeenCalledTimes(1);
    expect(rt.manifest).toBe(b);
    expect(ops.evaluate).toHaveBeenCalledTimes(1);
  });

  it('does nothing more once the instance is destroyed while experiments load', async () => {
    const { session, rt, gp } = await open();
    const gate = deferred<undefined>();
    const evaluate = vi.fn();
    const late = new Session(rt, { ...session['ops'], openExperiments: () => gate.promise, evaluate } as AuthoringOps);
    const applying = late.apply(valid([MANIFEST.items[0]]), undefined);
    gp.destroy();
    gate.resolve(undefined);
    await applying;
    expect(evaluate).not.toHaveBeenCalled();
  });

  it('experiments that fail to open do not stop the draft from applying', async () => {
    const { session, rt } = await open();
    const evaluate = vi.fn();
    const failing = new Session(rt, { ...session['ops'], openExperiments: () => Promise.reject(new Error('chunk failed')), evaluate } as AuthoringOps);
    const next = valid([MANIFEST.items[0]]);
    await failing.apply(next, undefined);
    expect(rt.manifest).toBe(next);
    expect(rt.experiments).toBeUndefined();
    expect(evaluate).toHaveBeenCalledTimes(1);
  });

  it('an arm forced at page load stays forced in the rebuilt experiments', async () => {
    const experiments = [{ key: 'exp', unit: 'user', variations: [{ key: 'a' }, { key: 'b' }], scope: { items: ['save-tip'] } }];
    const { session, rt } = await open({ manifest: { ...MANIFEST, experiments }, user: { id: 'u1' } });
    expect(rt.experiments).toBeDefined();
    const current = rt.experiments!.all().find((a) => a.experiment === 'exp')!;
    const other = current.variation === 'a' ? 'b' : 'a';
    rt.experiments!.force('exp', other);
    session['ops'].assignExperiments(rt);
    expect(rt.experiments!.all().find((a) => a.experiment === 'exp')).toMatchObject({ forced: true, variation: other });
    await session.apply(validateManifest({ ...MANIFEST, experiments, items: [MANIFEST.items[0]] }).manifest!, undefined);
    expect(rt.experiments!.all().find((a) => a.experiment === 'exp')).toMatchObject({ forced: true, variation: other });
  });

  it('a previewed item that the draft deletes is taken off screen', async () => {
    const { session, rt } = await open();
    session.preview('save-tip');
    expect(rt.previewing.has('save-tip')).toBe(true);
    await session.apply(valid([MANIFEST.items[2]]), undefined);
    expect(rt.previewing.has('save-tip')).toBe(false);
    await vi.waitFor(() => expect(layer()?.querySelector('[data-item=save-tip]')).toBeNull());
  });

  it('a tour being previewed restarts at the step it showed, with the new content', async () => {
    const { session, rt } = await open();
    session.preview('tour', 1);
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=tour-step][data-item=tour]')?.textContent).toContain('Two'));
    const edited = valid([MANIFEST.items[0], { ...MANIFEST.items[2], steps: [MANIFEST.items[2].steps![0], { target: '#open', title: { en: 'Two, edited' } }] }]);
    await session.apply(edited, 'tour');
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=tour-step][data-item=tour]')?.textContent).toContain('Two, edited'));
    expect(rt.tours?.isRunning('tour')).toBe(true);
    expect(rt.previewing.has('tour')).toBe(true);
  });
});

describe('Session.preview and stopPreview', () => {
  it('previews an item with the SDK\'s preview, records nothing, and takes it down', async () => {
    const { session, rt, events, gp } = await open();
    await gp.author(false);
    const before = events.length;
    session.preview('save-tip');
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=preview][data-item=save-tip]')).not.toBeNull());
    expect(rt.previewing.has('save-tip')).toBe(true);
    session.stopPreview('save-tip');
    expect(rt.previewing.has('save-tip')).toBe(false);
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=preview]')).toBeNull());
    expect(events.slice(before).filter((e) => e.item_id === 'save-tip')).toEqual([]);
  });

  it('an unknown id previews nothing and reports nothing', async () => {
    const { session, rt, errors } = await open();
    const before = errors.length;
    session.preview('nope');
    session.preview('__proto__');
    session.preview('constructor');
    expect(rt.previewing.size).toBe(0);
    expect(errors.slice(before)).toEqual([]);
  });

  it('previews a tour at a step (clamped to its last), and stops it without a dismissal', async () => {
    const { session, rt, events } = await open();
    session.preview('tour', 99);
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=tour-step][data-item=tour]')?.textContent).toContain('Two'));
    session.stopPreview('tour');
    expect(rt.tours?.isRunning('tour')).toBe(false);
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=tour-step]')).toBeNull());
    expect(events.filter((e) => e.type === 'dismissed')).toEqual([]);
  });

  it('gives focus back to the panel field the writer is typing in', async () => {
    const { session } = await open();
    const host = document.createElement('div');
    host.setAttribute('data-guidepost-host', 'author');
    const shadow = host.attachShadow({ mode: 'open' });
    const input = document.createElement('input');
    shadow.appendChild(input);
    document.body.appendChild(host);
    input.focus();
    expect(document.activeElement).toBe(host);
    const focus = vi.spyOn(input, 'focus');
    session.preview('tour', 0);
    expect(focus).toHaveBeenCalledWith({ preventScroll: true });
    focus.mockClear();
    // A field outside the panel is not given focus back.
    const outside = document.createElement('input');
    document.body.appendChild(outside);
    outside.focus();
    const outsideFocus = vi.spyOn(outside, 'focus');
    session.preview('save-tip');
    expect(outsideFocus).not.toHaveBeenCalled();
    expect(focus).not.toHaveBeenCalled();
  });
});

describe('Session.onRoute', () => {
  it('tells the listener once per burst of route changes, after the runtime\'s own handling; the disposer stops it', async () => {
    const { session } = await open();
    const listener = vi.fn();
    const stop = session.onRoute(listener);
    history.pushState({}, '', '/a');
    history.pushState({}, '', '/b');
    await vi.waitFor(() => expect(listener).toHaveBeenCalledTimes(1));
    stop();
    history.pushState({}, '', '/c');
    window.dispatchEvent(new PopStateEvent('popstate'));
    // The runtime's own route handling runs; the stopped listener never does.
    const marker = vi.fn();
    const probe = session.onRoute(marker);
    history.pushState({}, '', '/d');
    await vi.waitFor(() => expect(marker).toHaveBeenCalledTimes(1));
    probe();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('a disposer called before the pending call runs cancels it', async () => {
    const { session } = await open();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const listener = vi.fn();
      const stop = session.onRoute(listener);
      history.pushState({}, '', '/x');
      stop();
      vi.runAllTimers();
      expect(listener).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('Session and the dev server', () => {
  it('saveTarget: the file the dev server writes, only when it says it is the authoring server', async () => {
    const { session } = await open();
    const answers: [() => Response | Promise<Response>, string | undefined][] = [
      [() => Response.json({ author: true, file: 'content/manifest.json' }), 'content/manifest.json'],
      [() => Response.json({ author: 'yes', file: 'x.json' }), undefined],
      [() => Response.json({ author: true, file: 42 }), undefined],
      [() => Response.json({ author: true }), undefined],
      [() => Response.json(null), undefined],
      [() => Response.json(['author']), undefined],
      [() => new Response('<html>', { headers: { 'content-type': 'text/html' } }), undefined],
      [() => new Response('x', { status: 404 }), undefined],
      [() => Promise.reject(new TypeError('offline')), undefined],
    ];
    for (const [answer, expected] of answers) {
      fetchHandler = answer;
      expect(await session.saveTarget()).toBe(expected);
    }
    expect(fetchCalls.at(-1)).toMatchObject({ url: SAVE_PATH, init: { credentials: 'same-origin', cache: 'no-store' } });
  });

  it('save: PUTs the draft as JSON and says where it was saved (and the backup)', async () => {
    const { session } = await open();
    fetchHandler = () => Response.json({ saved: 'content/manifest.json', backup: 'content/manifest.json.bak' });
    const draft = JSON.parse(JSON.stringify({ ...MANIFEST, revision: 'r2' })) as JsonObject;
    expect(await session.save(draft, MANIFEST as unknown as JsonObject)).toEqual({ ok: true, message: 'Saved to content/manifest.json (previous version in content/manifest.json.bak)' });
    const call = fetchCalls.at(-1)!;
    expect(call.url).toBe(SAVE_PATH);
    // Over the version of the file the draft was made from, and no other.
    expect(call.init).toMatchObject({ method: 'PUT', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'if-match': manifestVersion(MANIFEST as unknown as JsonObject) } });
    expect(JSON.parse(call.init!.body as string)).toEqual(draft);
    fetchHandler = () => Response.json({});
    expect(await session.save(draft, MANIFEST as unknown as JsonObject)).toEqual({ ok: true, message: 'Saved to the file' });
  });

  it('save: a refusal says why, with the validator\'s problems; junk answers still give a message', async () => {
    const { session } = await open();
    fetchHandler = () => Response.json({ error: 'the manifest has errors', problems: ['item "a": bad'] }, { status: 422 });
    expect(await session.save({}, {})).toEqual({ ok: false, message: 'the manifest has errors', problems: ['item "a": bad'] });
    fetchHandler = () => new Response('Internal error', { status: 500 });
    expect(await session.save({}, {})).toEqual({ ok: false, message: 'the server answered HTTP 500', problems: [] });
    fetchHandler = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await session.save({}, {})).toEqual({ ok: false, message: 'the server could not be reached: Failed to fetch', problems: [] });
  });

  it('save: a file changed on disk (409) comes back as changed, with its content when the server sends it', async () => {
    const { session } = await open();
    const current = { schemaVersion: 1, revision: 'by-hand', items: [] };
    fetchHandler = () => Response.json({ error: 'm.json was not written: it changed on disk since the panel loaded it', changed: true, current }, { status: 409 });
    expect(await session.save({ a: 2 }, { a: 1 })).toEqual({ ok: false, message: 'm.json was not written: it changed on disk since the panel loaded it', problems: [], changed: { current } });
    fetchHandler = () => Response.json({ error: 'not JSON now', changed: true }, { status: 409 });
    expect(await session.save({ a: 2 }, { a: 1 })).toMatchObject({ ok: false, changed: { current: undefined } });
  });
});

describe('Session.save reads a malformed refusal field by field', () => {
  it('problems that are not a list of strings come back as a list of strings (the panel maps over them)', async () => {
    const { session } = await open();
    fetchHandler = () => Response.json({ error: { nested: true }, problems: 'not a list' }, { status: 422 });
    const result = await session.save({}, {});
    expect(result.ok).toBe(false);
    expect(typeof result.message).toBe('string');
    expect(Array.isArray((result as { problems: unknown }).problems)).toBe(true);
  });
});

describe('Session drafts kept for the tab', () => {
  it('keeps a draft made from this original, and gives it back on the next load', async () => {
    const { session } = await open();
    const original = JSON.parse(JSON.stringify(MANIFEST)) as JsonObject;
    const draft = { ...original, revision: 'edited' };
    session.keepDraft(original, draft);
    expect(session.keptDraft(original)).toEqual({ draft });
    expect(sessionStorage.getItem('guidepost-author:inline')).not.toBeNull();
  });

  it('forgets the draft when it equals the original again', async () => {
    const { session } = await open();
    const original = { a: 1 } as JsonObject;
    session.keepDraft(original, { a: 2 });
    session.keepDraft(original, { a: 1 });
    expect(sessionStorage.getItem('guidepost-author:inline')).toBeNull();
    expect(session.keptDraft(original)).toBeUndefined();
  });

  // It used to be dropped without a word when the file changed on disk before the page reloaded.
  it('a draft made from another original (the file changed since): its edits re-applied onto the new file, never dropped', async () => {
    const { session } = await open();
    session.keepDraft({ a: 1, c: 'x' }, { a: 2, c: 'x' });
    expect(session.keptDraft({ a: 1, b: 'changed on disk', c: 'x' })).toEqual({ draft: { a: 2, b: 'changed on disk', c: 'x' }, rebased: { edits: 1, conflicts: [] } });
    // Where the file changed what the draft changed too: the file's text, and the draft's reported.
    session.keepDraft({ a: 1, c: 'x' }, { a: 2, c: 'mine' });
    expect(session.keptDraft({ a: 1, c: 'theirs' })).toEqual({ draft: { a: 2, c: 'theirs' }, rebased: { edits: 2, conflicts: [{ where: 'c', ours: 'mine', theirs: 'theirs' }] } });
  });

  it('drafts are kept per manifest URL', async () => {
    const { session, rt } = await open();
    (rt.options as { manifest: unknown }).manifest = '/one.json';
    session.keepDraft({ a: 1 }, { a: 'one' });
    (rt.options as { manifest: unknown }).manifest = '/two.json';
    expect(session.keptDraft({ a: 1 })).toBeUndefined();
    expect(sessionStorage.getItem('guidepost-author:/one.json')).not.toBeNull();
  });

  it('junk in storage gives no draft, never an error', async () => {
    const { session } = await open();
    const original = { a: 1 };
    const base = JSON.stringify(original);
    for (const junk of ['{not json', 'null', '42', '"text"', '[]', JSON.stringify({ base }), JSON.stringify({ base, edited: 5 }), JSON.stringify({ base, edited: '[1,2]' }), JSON.stringify({ base, edited: 'null' }), JSON.stringify({ base, edited: '{broken' })]) {
      sessionStorage.setItem('guidepost-author:inline', junk);
      expect(session.keptDraft(original)).toBeUndefined();
    }
  });

  it('a kept draft with prototype keys is data, and pollutes nothing', async () => {
    const { session } = await open();
    const original = { a: 1 };
    sessionStorage.setItem('guidepost-author:inline', JSON.stringify({ base: JSON.stringify(original), edited: '{"__proto__":{"polluted":true},"a":2}' }));
    const kept = session.keptDraft(original)!.draft;
    expect(Object.prototype.hasOwnProperty.call(kept, '__proto__')).toBe(true);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('storage that refuses (quota, privacy mode) loses the draft quietly', async () => {
    const { session, errors } = await open();
    const refusing = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    const storage = vi.spyOn(window, 'sessionStorage', 'get').mockReturnValue(refusing as unknown as Storage);
    try {
      expect(() => session.keepDraft({ a: 1 }, { a: 1 })).not.toThrow();
      expect(() => session.keepDraft({ a: 1 }, { a: 2 })).not.toThrow();
      expect(session.keptDraft({ a: 1 })).toBeUndefined();
      expect(errors.filter((e) => e.message.startsWith('authoring'))).toEqual([]);
    } finally {
      storage.mockRestore();
    }
    // Nothing reached the real storage: the refusing one was the one asked.
    expect(sessionStorage.getItem('guidepost-author:inline')).toBeNull();
  });
});

describe('Session.dispose', () => {
  it('ends every preview and puts back the manifest the page loaded', async () => {
    const { session, rt, gp } = await open();
    const loaded = rt.manifest;
    session.preview('save-tip');
    session.preview('tour', 0);
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=tour-step][data-item=tour]')).not.toBeNull());
    expect(rt.tours?.isRunning('tour')).toBe(true);
    await session.apply(valid([{ ...MANIFEST.items[0], title: { en: 'Draft title' } }, MANIFEST.items[2]]), undefined);
    expect(rt.manifest).not.toBe(loaded);
    await session.dispose();
    expect(rt.manifest).toBe(loaded);
    expect(rt.previewing.size).toBe(0);
    expect(rt.tours?.isRunning('tour')).toBe(false);
    await vi.waitFor(() => expect(gp.explain('save-tip')?.shown).toBe(true));
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=tooltip] [data-part=title]')?.textContent).toBe('Save'));
  });

  it('puts back the manifest with a compiled manifest\'s content checks run first', async () => {
    const forged = JSON.parse(JSON.stringify(stampManifest({ ...validateManifest(MANIFEST).manifest!, settings: { theme: { accent: 'url(https://evil.example/x.png)' } } } as never, SDK_VERSION)));
    const { session, rt, errors } = await open({ manifest: forged, authoring: true });
    await session.dispose();
    expect(JSON.stringify(rt.manifest?.settings)).not.toContain('evil.example');
    expect(errors.filter((e) => e.problem?.code === 'unsafe-theme-value').length).toBeGreaterThan(0);
  });
});
