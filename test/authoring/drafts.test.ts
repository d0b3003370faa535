/**
 * src/authoring/drafts.ts on its own (through the Session it is tested in session.dom.test.ts):
 * keepDraft stores { base, edited } as JSON text under its key and forgets it when the draft
 * equals the original again; a missing storage or one that refuses (full, blocked) loses the
 * draft quietly, never the page; keptDraft gives it back, re-applied onto a changed original
 * with the conflicts, and nothing for another key, a missing or refusing storage, or a base that
 * is not an object. saveDraft reads the answer field by field: the saved and backup names (only
 * strings), the problems (only strings), the 409's current file (only an object), and a message
 * for any answer or for none.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keepDraft, keptDraft, saveDraft, SAVE_PATH } from '../../src/authoring/drafts';
import type { JsonObject } from '../../src/authoring/json-patch';
import { manifestVersion } from '../../src/authoring/version';

/** A Storage in memory; `refuse` makes its calls throw as a full or blocked storage does. */
function memoryStorage(refuse: { get?: boolean; set?: boolean; remove?: boolean } = {}) {
  const items = new Map<string, string>();
  const storage: Storage = {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (key) => {
      if (refuse.get) throw new DOMException('The operation is insecure.', 'SecurityError');
      return items.get(key) ?? null;
    },
    setItem: (key, value) => {
      if (refuse.set) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      items.set(key, value);
    },
    removeItem: (key) => {
      if (refuse.remove) throw new DOMException('The operation is insecure.', 'SecurityError');
      items.delete(key);
    },
  };
  return { storage, items };
}

const ORIGINAL: JsonObject = { schemaVersion: 1, revision: 'r1', items: [{ id: 'tip', type: 'tooltip', title: { en: 'Old' } }] };
const DRAFT: JsonObject = { schemaVersion: 1, revision: 'r1', items: [{ id: 'tip', type: 'tooltip', title: { en: 'New' } }] };
const KEY = 'guidepost-author:/help.json';

describe('keepDraft', () => {
  it('stores the original and the draft as JSON text under its key', () => {
    const { storage, items } = memoryStorage();
    keepDraft(storage, KEY, ORIGINAL, DRAFT);
    expect([...items.keys()]).toEqual([KEY]);
    expect(JSON.parse(items.get(KEY)!)).toEqual({ base: JSON.stringify(ORIGINAL), edited: JSON.stringify(DRAFT) });
  });

  it('forgets the draft once it equals the original again', () => {
    const { storage, items } = memoryStorage();
    keepDraft(storage, KEY, ORIGINAL, DRAFT);
    keepDraft(storage, KEY, ORIGINAL, structuredClone(ORIGINAL));
    expect(items.has(KEY)).toBe(false);
  });

  it('leaves other keys alone', () => {
    const { storage, items } = memoryStorage();
    items.set('other', 'kept');
    keepDraft(storage, KEY, ORIGINAL, DRAFT);
    keepDraft(storage, KEY, ORIGINAL, ORIGINAL);
    expect([...items]).toEqual([['other', 'kept']]);
  });

  it.each([
    ['no storage (blocked by the browser)', undefined],
    ['a full storage', memoryStorage({ set: true }).storage],
    ['a storage that refuses removal', memoryStorage({ remove: true }).storage],
  ])('with %s: no error, the draft lives as long as the page', (_case, storage) => {
    expect(() => keepDraft(storage, KEY, ORIGINAL, DRAFT)).not.toThrow();
    expect(() => keepDraft(storage, KEY, ORIGINAL, ORIGINAL)).not.toThrow();
  });
});

describe('keptDraft', () => {
  it('gives back a draft kept from this very original', () => {
    const { storage } = memoryStorage();
    keepDraft(storage, KEY, ORIGINAL, DRAFT);
    expect(keptDraft(storage, KEY, structuredClone(ORIGINAL))).toEqual({ draft: DRAFT });
  });

  it('re-applies a draft kept from another original onto this one, with what collided', () => {
    const { storage } = memoryStorage();
    keepDraft(storage, KEY, { a: 1, b: 1, c: 1 }, { a: 2, b: 1, c: 2 });
    expect(keptDraft(storage, KEY, { a: 1, b: 3, c: 3 })).toEqual({
      draft: { a: 2, b: 3, c: 3 },
      rebased: { edits: 2, conflicts: [{ where: 'c', ours: 2, theirs: 3 }] },
    });
  });

  it('nothing under another key, with no storage, or a storage that refuses to read', () => {
    const { storage } = memoryStorage();
    keepDraft(storage, KEY, ORIGINAL, DRAFT);
    expect(keptDraft(storage, 'guidepost-author:/other.json', ORIGINAL)).toBeUndefined();
    expect(keptDraft(undefined, KEY, ORIGINAL)).toBeUndefined();
    const refusing = memoryStorage({ get: true });
    expect(keptDraft(refusing.storage, KEY, ORIGINAL)).toBeUndefined();
  });

  it('nothing when the kept base (for a changed original) is not an object, or not JSON', () => {
    for (const base of ['[1]', 'null', '"text"', '{broken']) {
      const { storage, items } = memoryStorage();
      items.set(KEY, JSON.stringify({ base, edited: JSON.stringify(DRAFT) }));
      expect([base, keptDraft(storage, KEY, ORIGINAL)]).toEqual([base, undefined]);
    }
  });
});

describe('saveDraft', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** Answers every fetch with `answer`, and records the calls. */
  function server(answer: () => Response | Promise<Response>) {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return answer();
    });
    return calls;
  }

  it('PUTs the draft to the dev server, over the version of its base', async () => {
    const calls = server(() => Response.json({ saved: 'help.json' }));
    await saveDraft(DRAFT, ORIGINAL);
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe(SAVE_PATH);
    expect(SAVE_PATH).toBe('/__guidepost/manifest');
    expect(calls[0].init).toMatchObject({ method: 'PUT', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'if-match': manifestVersion(ORIGINAL) } });
    expect(JSON.parse(calls[0].init.body as string)).toEqual(DRAFT);
  });

  it.each([
    [{ saved: 'help.json', backup: 'help.json.bak' }, 'Saved to help.json (previous version in help.json.bak)'],
    [{ saved: 'help.json' }, 'Saved to help.json'],
    [{ backup: 'help.json.bak' }, 'Saved to the file (previous version in help.json.bak)'],
    [{ saved: 42, backup: ['x'] }, 'Saved to the file'],
    [['saved'], 'Saved to the file'],
  ])('a success answering %j says %j', async (body, message) => {
    server(() => Response.json(body));
    expect(await saveDraft(DRAFT, ORIGINAL)).toEqual({ ok: true, message });
  });

  it('a success whose body is not JSON is still a success', async () => {
    server(() => new Response('OK', { status: 200 }));
    expect(await saveDraft(DRAFT, ORIGINAL)).toEqual({ ok: true, message: 'Saved to the file' });
  });

  it('keeps only the problems that are strings', async () => {
    server(() => Response.json({ error: 'the manifest has errors', problems: ['item "a": bad', 7, null, { p: 1 }, 'item "b": bad'] }, { status: 422 }));
    expect(await saveDraft(DRAFT, ORIGINAL)).toEqual({ ok: false, message: 'the manifest has errors', problems: ['item "a": bad', 'item "b": bad'] });
  });

  it('a refusal without a text error says the HTTP status', async () => {
    server(() => Response.json({ error: 404 }, { status: 403 }));
    expect(await saveDraft(DRAFT, ORIGINAL)).toEqual({ ok: false, message: 'the server answered HTTP 403', problems: [] });
  });

  it('409: changed on disk, with the file as it is now only when that is an object', async () => {
    const current = { schemaVersion: 1, revision: 'r2', items: [] };
    server(() => Response.json({ error: 'changed', current }, { status: 409 }));
    expect(await saveDraft(DRAFT, ORIGINAL)).toEqual({ ok: false, message: 'changed', problems: [], changed: { current } });
    for (const junk of [[1, 2], 'text', null]) {
      server(() => Response.json({ error: 'changed', current: junk }, { status: 409 }));
      expect(await saveDraft(DRAFT, ORIGINAL)).toEqual({ ok: false, message: 'changed', problems: [], changed: { current: undefined } });
    }
    server(() => new Response('<html>conflict</html>', { status: 409 }));
    expect(await saveDraft(DRAFT, ORIGINAL)).toEqual({ ok: false, message: 'the server answered HTTP 409', problems: [], changed: { current: undefined } });
  });

  it('a server that cannot be reached: a message saying so, never a rejection', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    expect(await saveDraft(DRAFT, ORIGINAL)).toEqual({ ok: false, message: 'the server could not be reached: Failed to fetch', problems: [] });
  });
});
