/**
 * src/manifest/checked-cache.ts: a manifest as written is validated once per browser. The result
 * is kept under the SHA-256 of its text; the same text, browser and SDK version later are
 * admitted as the compiled manifest that result is (no validator), with the same problems, and
 * content checks that run quietly. What storage hands back is untrusted: anything that is not
 * exactly what this SDK wrote is a miss, validated again. (In a real page with the two-file IIFE:
 * test/split/checked-file.browser.test.ts.)
 */
import { describe, expect, it, vi } from 'vitest';
import { CHECKED_SLOTS, MAX_CHECKED_TEXT, admitChecked as admitFound, checkedSlot, keepResult, lookUpChecked, manifestText, readChecked, type CheckedContext } from '../../src/manifest/checked-cache';
import { admitManifest, admitValidated, loadManifest, type AdmittedManifest } from '../../src/manifest/load';
import { memoryStorage, type KeyValueStorage } from '../../src/store/storage';

/**
 * One valid tooltip with a link the UI refuses (which only a compiled manifest's content checks
 * report), one item with an error (skipped) and a theme value that is taken out.
 */
const written = {
  schemaVersion: 1,
  revision: 'r1',
  settings: { theme: { accent: 'url(https://evil.example/x)' } },
  items: [
    { id: 'broken', type: 'tooltip', target: '#a' },
    { id: 'tip', type: 'tooltip', target: '#save', title: 'Save', body: 'Saves it. [More](javascript:alert(1))' },
  ],
};

/** A context whose `admit` (the validator's way) and `admitKept` (a kept manifest) are load.ts's, recorded. */
function context(storage: KeyValueStorage = memoryStorage(), overrides: Partial<CheckedContext['checked']> = {}) {
  const admitted: unknown[] = [];
  const keptAdmitted: unknown[] = [];
  const admit = vi.fn(async (source: unknown): Promise<AdmittedManifest> => {
    admitted.push(source);
    return admitManifest(source);
  });
  const admitKept = async (source: unknown) => {
    keptAdmitted.push(source);
    return admitValidated(source);
  };
  return { storage, admitted, keptAdmitted, admit, context: { storage, checked: { browser: 'Chrome/140', ...overrides }, admit, admitKept } satisfies CheckedContext };
}

/** What load.ts does once the cache's code is there: looks the manifest up, then admits it with what was found. */
async function admitChecked(json: unknown, text: string | undefined, ctx: CheckedContext): Promise<AdmittedManifest> {
  const found = await lookUpChecked(json, text, ctx);
  return found ? admitFound(json, found, ctx) : ctx.admit(json);
}

/** Keeps `result` for `json`, as load.ts does after a first visit's validation. */
async function keepChecked(json: unknown, text: string | undefined, ctx: CheckedContext, result: AdmittedManifest) {
  const found = await lookUpChecked(json, text, ctx);
  if (found) keepResult(found, ctx, result);
}

const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('admitChecked', () => {
  it('validates a new text, keeps the result, and admits it again as compiled with the same problems', async () => {
    const { storage, context: ctx, admitted } = context();
    const first = await admitChecked(written, undefined, ctx);
    expect(admitted).toEqual([written]);
    expect(first.manifest?.items.map((item) => item.id)).toEqual(['tip']);
    expect(first.problems.map((p) => p.code).sort()).toEqual(['missing-content', 'unsafe-theme-value']);
    expect(first.manifest?.settings?.theme).toEqual({});
    expect(first.pendingChecks).toBeUndefined();

    const again = context(storage);
    const second = await admitChecked(plain(written), undefined, again.context);
    // Admitted once, as the manifest kept: the validator was never asked.
    expect(again.admitted).toEqual([]);
    expect(again.keptAdmitted).toHaveLength(1);
    expect(second.problems).toEqual(first.problems);
    expect(second.itemIndexes).toEqual(first.itemIndexes);
    expect(second.manifest).toEqual(first.manifest);
    // The manifest is the one as written, not one compiled for production (authoring mode opens on it).
    expect(second.manifest).not.toHaveProperty('compiled');
    // Its content checks still run (a hostile copy's theme is cleaned), without reporting again:
    // the link the validator let through (the UI refuses it) is not reported on this page view either.
    expect(second.pendingChecks).toMatchObject({ quiet: true });
    const { checkCompiled } = await import('../../src/manifest/compiled-checks');
    expect(checkCompiled(second.manifest!).problems.map((p) => p.code)).toEqual(['unsafe-link']);
  });

  it('another text, another browser or another slot\'s digest: validated again', async () => {
    const { storage, context: ctx } = context();
    await admitChecked(written, undefined, ctx);
    const edited = { ...written, revision: 'r2' };
    const other = context(storage);
    await admitChecked(edited, undefined, other.context);
    expect(other.admitted).toEqual([edited]);

    const firefox = context(storage, { browser: 'Firefox/140' });
    await admitChecked(written, undefined, firefox.context);
    expect(firefox.admitted).toEqual([written]);
  });

  it('uses the text as fetched when given: the same object from another text is another manifest', async () => {
    const { storage, context: ctx } = context();
    const text = JSON.stringify(written, null, 2);
    await admitChecked(written, text, ctx);
    const again = context(storage);
    await admitChecked(written, text, again.context);
    expect(again.admitted).toEqual([]);
    const compact = context(storage);
    await admitChecked(written, undefined, compact.context);
    expect(compact.admitted).toEqual([written]);
  });

  it('keeps nothing for a manifest refused whole, nor for one that was compiled', async () => {
    const { storage, context: ctx } = context();
    const refused = { schemaVersion: 2, revision: 'r', items: [] };
    expect((await admitChecked(refused, undefined, ctx)).manifest).toBeNull();
    const again = context(storage);
    await admitChecked(refused, undefined, again.context);
    expect(again.admitted).toEqual([refused]);
  });

  it('a failing storage is a miss: the manifest is validated and the page goes on', async () => {
    const failing: KeyValueStorage = { kind: 'broken', get: async () => Promise.reject(new Error('quota')), set: async () => Promise.reject(new Error('quota')), delete: async () => undefined };
    const { context: ctx, admitted } = context(failing);
    const result = await admitChecked(written, undefined, ctx);
    expect(admitted).toEqual([written]);
    expect(result.manifest?.items).toHaveLength(1);
  });
});

describe('what storage hands back is untrusted', () => {
  /** The entry kept for `written`, to tamper with. */
  async function kept() {
    const { storage, context: ctx } = context();
    await admitChecked(written, undefined, ctx);
    const slot = (await checkedSlot(manifestText(written)!))!;
    const entry = (await storage.get<Record<string, unknown>>(slot.key))!;
    return { storage, slot, entry };
  }

  const tampered: [string, (entry: Record<string, any>) => void][] = [
    ['another digest', (entry) => (entry.digest = '0'.repeat(64))],
    ['a manifest without the shapes the runtime reads', (entry) => (entry.manifest.items[0].id = 7)],
    ['a manifest nested deeper than a manifest may be', (entry) => (entry.manifest.items[0].when = JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)))],
    ['another SDK version\'s result', (entry) => (entry.sdk = '0.0.1')],
    ['problems that are not problems', (entry) => (entry.problems = [{ code: 1, message: 'x', path: '', severity: 'error' }])],
    ['a problem with a field of the wrong type', (entry) => (entry.problems[0].itemId = { toString: 'x' })],
    ['a problem of another severity', (entry) => (entry.problems[0].severity = 'fatal')],
    ['item indexes that do not go up', (entry) => (entry.itemIndexes = [1, 1])],
    ['item indexes of another length', (entry) => (entry.itemIndexes = [0, 1])],
    ['not an object', (entry) => Object.keys(entry).forEach((key) => delete entry[key])],
    ['a manifest with a stamp (the validator\'s output never has one)', (entry) => (entry.manifest.compiled = { by: 'guidepost' })],
  ];

  it.each(tampered)('%s: validated again, as written', async (_name, tamper) => {
    const { storage, slot, entry } = await kept();
    tamper(entry);
    await storage.set(slot.key, entry);
    const again = context(storage);
    const result = await admitChecked(written, undefined, again.context);
    expect(again.admitted.at(-1)).toEqual(written);
    expect(result.manifest?.items.map((item) => item.id)).toEqual(['tip']);
    expect(result.pendingChecks).toBeUndefined();
  });

  it('readChecked refuses what is not an entry of this browser', async () => {
    const { storage, slot } = await kept();
    expect(await readChecked(storage, slot, 'Chrome/140')).toBeDefined();
    expect(await readChecked(storage, slot, 'Chrome/141')).toBeUndefined();
    await storage.set(slot.key, 'a string');
    expect(await readChecked(storage, slot, 'Chrome/140')).toBeUndefined();
  });
});

describe('slots', () => {
  it('a text\'s slot is one of CHECKED_SLOTS keys, named by the SHA-256 of the text', async () => {
    const slot = await checkedSlot('{"a":1}');
    expect(slot?.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(slot?.digest).toBe('015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
    const keys = new Set<string>();
    for (let i = 0; i < 200; i++) keys.add((await checkedSlot(`{"n":${i}}`))!.key);
    expect(keys.size).toBe(CHECKED_SLOTS);
  });

  it('keeps nothing for a text over MAX_CHECKED_TEXT, nor without SubtleCrypto', async () => {
    expect(await checkedSlot('x'.repeat(MAX_CHECKED_TEXT + 1))).toBeUndefined();
    vi.stubGlobal('crypto', {});
    try {
      expect(await checkedSlot('{}')).toBeUndefined();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('an object whose JSON text stands for another object (a Date, undefined, NaN, a hole, a Map, a function) is validated every time, never kept', async () => {
    const tip = written.items[1];
    const impure = [
      { ...written, items: [{ ...tip, schedule: { start: new Date('2026-01-01T00:00:00Z') } }] },
      { ...written, items: [{ ...tip, title: undefined }] },
      { ...written, items: [{ ...tip, priority: Number.NaN }] },
      // eslint-disable-next-line no-sparse-arrays
      { ...written, items: [tip, , tip] },
      { ...written, settings: new Map() },
      { ...written, items: [{ ...tip, onShow: () => undefined }] },
    ];
    for (const manifest of impure) {
      expect(manifestText(manifest)).toBeUndefined();
      const { context: ctx, admitted, storage } = context();
      const set = vi.spyOn(storage, 'set');
      await admitChecked(manifest, undefined, ctx);
      expect(admitted).toEqual([manifest]);
      expect(set).not.toHaveBeenCalled();
    }
    // The same content as plain JSON is kept.
    expect(manifestText(plain(written))).toBe(JSON.stringify(written));
  });

  it('a result with more problems than a kept one may have is not written (it would be refused on every read)', async () => {
    const { context: ctx, storage } = context();
    const set = vi.spyOn(storage, 'set');
    const result = await admitManifest(written);
    const many = Array.from({ length: 5001 }, () => ({ code: 'unknown-key', message: 'x', path: 'items[0].x', severity: 'warning' as const }));
    await keepChecked(written, undefined, ctx, { ...result, problems: many });
    expect(set).not.toHaveBeenCalled();
  });

  it('a manifest object that has no JSON text (a cycle, a BigInt) is validated, never kept', async () => {
    const cyclic: Record<string, unknown> = { ...written };
    cyclic.self = cyclic;
    expect(manifestText(cyclic)).toBeUndefined();
    expect(manifestText({ n: 1n })).toBeUndefined();
    const { context: ctx, admitted, storage } = context();
    await admitChecked(cyclic, undefined, ctx);
    expect(admitted).toEqual([cyclic]);
    const set = vi.spyOn(storage, 'set');
    await keepChecked(cyclic, undefined, ctx, await admitManifest(written));
    expect(set).not.toHaveBeenCalled();
  });

  it('does not keep the $regex guard\'s load failures: they are the page\'s, not the manifest\'s', async () => {
    const { context: ctx, storage } = context();
    const result = await admitManifest(written);
    await keepChecked(written, undefined, ctx, { ...result, problems: [...result.problems, { code: 'regex-guard', message: 'could not be loaded', path: '', severity: 'warning' }] });
    const slot = (await checkedSlot(manifestText(written)!))!;
    const entry = await storage.get<{ problems: { code: string }[] }>(slot.key);
    expect(entry?.problems.map((p) => p.code)).toEqual(result.problems.map((p) => p.code));
  });
});

describe('loadManifest with `checked`', () => {
  it('a fetched manifest: the second page view admits what the first kept, with the same problems', async () => {
    const storage = memoryStorage();
    const fetch = (async () => new Response(JSON.stringify(written))) as typeof globalThis.fetch;
    const checked = { browser: 'Chrome/140' };
    const first = await loadManifest('/m.json', storage, { fetch, checked });
    const second = await loadManifest('/m.json', storage, { fetch, checked });
    expect(second.problems).toEqual(first.problems);
    expect(second.manifest).toEqual(first.manifest);
    expect(second.pendingChecks).toMatchObject({ quiet: true });
    expect(second.fromCache).toBeUndefined();
  });

  it('on a first visit, validates at once: no read of a storage that never answers is waited for', async () => {
    const hanging: KeyValueStorage = { ...memoryStorage(), get: () => new Promise(() => undefined) };
    const result = await loadManifest(written, hanging, { checked: { browser: 'Chrome/140', storageEmpty: Promise.resolve(true) } });
    expect(result.manifest?.items.map((item) => item.id)).toEqual(['tip']);
  });

  it('an object manifest on a first visit is validated at once and kept for the next', async () => {
    const storage = memoryStorage();
    const first = await loadManifest(written, storage, { checked: { browser: 'Chrome/140', storageEmpty: Promise.resolve(true) } });
    expect(first.pendingChecks).toBeUndefined();
    // Kept once the cache's code has arrived (at once here): the next page view finds it.
    await expect.poll(async () => (await loadManifest(plain(written), storage, { checked: { browser: 'Chrome/140', storageEmpty: Promise.resolve(false) } })).pendingChecks).toMatchObject({ quiet: true });
  });

  it('without `checked` (a storage the host passed in), nothing is kept', async () => {
    const storage = memoryStorage();
    const set = vi.spyOn(storage, 'set');
    await loadManifest(written, storage);
    expect(set).not.toHaveBeenCalled();
  });
});
