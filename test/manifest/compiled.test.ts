/**
 * Compiled manifests: what `guidepost build` writes is trusted by the SDK without loading
 * the validator, and anything that does not look like it goes through the full validator.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { hasCompiledShape, isCompiledManifest, stampManifest } from '../../src/manifest/compiled';
import { acceptManifest, admitManifest, admitValidated, loadManifest } from '../../src/manifest/load';
import { memoryStorage } from '../../src/store/storage';
import type { Manifest } from '../../src/manifest/schema';
import { SDK_VERSION } from '../../src/version';

// Counts runs of the validator: a compiled manifest must never need it. (That the browser
// never downloads it either is checked on the built files by scripts/size.mjs and in Chromium.)
const validatorRuns = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/manifest/validate', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/manifest/validate')>();
  return {
    ...actual,
    validateManifest: (...args: Parameters<typeof actual.validateManifest>) => {
      validatorRuns.count++;
      return actual.validateManifest(...args);
    },
  };
});

const source = {
  $schema: '../schema/manifest.schema.json',
  schemaVersion: 1,
  revision: '2026-11-22',
  items: [
    { id: 'save-tip', type: 'tooltip', target: '#save', title: 'Save', body: 'Saves your work.' },
    { id: 'welcome', type: 'banner', body: 'Welcome!' },
  ],
};

const validated = async () => (await acceptManifest(source)).manifest!;
const compiled = async () => stampManifest(await validated(), SDK_VERSION);

/** Manifests whose shapes the runtime cannot read. */
const contentVariants: [string, (m: Record<string, any>) => Record<string, any>][] = [
  ['with a tour without steps', (m) => ({ ...m, items: [{ id: 't', type: 'tour', steps: [] }] })],
  ['with a tour step that is not an object', (m) => ({ ...m, items: [{ id: 't', type: 'tour', steps: ['Hi'] }] })],
  ['with a checklist whose tasks are not a list', (m) => ({ ...m, items: [{ id: 'c', type: 'checklist', tasks: { a: 1 } }] })],
  ['with a body that is null', (m) => ({ ...m, items: [{ id: 'b', type: 'banner', body: null }] })],
  ['with buttons that are not a list', (m) => ({ ...m, items: [{ id: 'b', type: 'banner', body: 'x', buttons: 'OK' }] })],
  ['of another format major', (m) => ({ ...m, schemaVersion: 2 })],
  ['without a revision', (m) => ({ ...m, revision: '' })],
  ['without items', (m) => ({ ...m, items: undefined })],
  ['with an item without an id', (m) => ({ ...m, items: [{ type: 'banner', body: 'x' }] })],
  ['with an item of an unknown type', (m) => ({ ...m, items: [{ id: 'x', type: 'popup', body: 'x' }] })],
  ['with a null item', (m) => ({ ...m, items: [null] })],
  ['with "requires" that is not a list of ids', (m) => ({ ...m, items: [{ id: 'b', type: 'banner', body: 'x', requires: {} }] })],
  ['with a tour step whose advanceOn is not an object', (m) => ({ ...m, items: [{ id: 't', type: 'tour', steps: [{ body: 'x', advanceOn: 'click' }] }] })],
  ['with an experiment without a scope', (m) => ({ ...m, experiments: [{ key: 'e', variations: [{ key: 'a' }, { key: 'b' }] }] })],
  ['with an override that breaks an item', (m) => ({ ...m, items: [{ id: 't', type: 'tour', steps: [{ body: 'x' }] }], experiments: [{ key: 'e', scope: { items: ['t'] }, variations: [{ key: 'a' }, { key: 'b', overrides: { t: { steps: [] } } }] }] })],
];

beforeEach(() => {
  validatorRuns.count = 0;
});

describe('stampManifest', () => {
  it('adds the stamp, drops the editor-only $schema and keeps the content', async () => {
    const out = await compiled();
    expect(out.compiled).toEqual({ by: 'guidepost', version: SDK_VERSION, schemaVersion: 1, hash: expect.stringMatching(/^[0-9a-f]{1,8}$/) });
    expect('$schema' in out).toBe(false);
    expect(out.items).toEqual(source.items);
    expect(isCompiledManifest(JSON.parse(JSON.stringify(out)))).toBe(true);
  });

  it('writes a manifest the full validator accepts as it is', async () => {
    const { validateManifest } = await import('../../src/manifest/validate');
    const result = validateManifest(JSON.parse(JSON.stringify(await compiled())));
    expect(result.problems).toEqual([]);
    expect(result.manifest?.items).toEqual(source.items);
  });
});

describe('isCompiledManifest', () => {
  it("accepts the demo's manifest as compiled (every item type, five locales, an experiment)", async () => {
    const { readFile } = await import('node:fs/promises');
    const demo = JSON.parse(await readFile(new URL('../../demo/manifest.json', import.meta.url), 'utf8'));
    const { manifest, problems } = await acceptManifest(demo);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(manifest?.experiments?.length).toBeGreaterThan(0);
    expect(isCompiledManifest(JSON.parse(JSON.stringify(stampManifest(manifest!, SDK_VERSION))))).toBe(true);
  });


  const stampVariants: [string, (m: Record<string, any>) => unknown][] = [
    ['without a stamp', ({ compiled: _, ...rest }) => rest],
    ['stamped by something else', (m) => ({ ...m, compiled: { ...m.compiled, by: 'someone' } })],
    ['stamped for another format major', (m) => ({ ...m, compiled: { ...m.compiled, schemaVersion: 2 } })],
    ['stamped by another version of Guidepost', (m) => ({ ...m, compiled: { ...m.compiled, version: '0.0.9' } })],
    ['edited after the build (the content no longer matches its hash)', (m) => ({ ...m, revision: 'edited by hand' })],
    ['with a stamp without a hash', (m) => ({ ...m, compiled: { ...m.compiled, hash: undefined } })],
  ];
  it.each(stampVariants)('refuses a manifest %s', async (_name, change) => {
    expect(isCompiledManifest(change(JSON.parse(JSON.stringify(await compiled()))))).toBe(false);
  });

  // Re-stamped after the change, so the hash matches and only the shape check can refuse them.
  it.each(contentVariants)('refuses a manifest %s', async (_name, change) => {
    const restamped = stampManifest(change(await validated()) as Manifest, SDK_VERSION);
    expect(isCompiledManifest(JSON.parse(JSON.stringify(restamped)))).toBe(false);
  });

  it('refuses what is not an object', () => {
    for (const value of [null, 1, 'manifest', [], undefined]) expect(isCompiledManifest(value)).toBe(false);
  });
});

describe('hasCompiledShape (a manifest the SDK validated itself, kept from an earlier page view)', () => {
  it('accepts a validated manifest without a stamp, and a stamped one', async () => {
    expect(hasCompiledShape(JSON.parse(JSON.stringify(await validated())))).toBe(true);
    expect(hasCompiledShape(JSON.parse(JSON.stringify(await compiled())))).toBe(true);
  });

  it.each(contentVariants)('refuses a manifest %s, as isCompiledManifest does', async (_name, change) => {
    expect(hasCompiledShape(JSON.parse(JSON.stringify(change(await validated()))))).toBe(false);
  });

  it('refuses what is not an object', () => {
    for (const value of [null, 1, 'manifest', [], undefined]) expect(hasCompiledShape(value)).toBe(false);
  });
});

describe('admitValidated', () => {
  it('admits a kept validated manifest without the validator, its content checks pending', async () => {
    const manifest = JSON.parse(JSON.stringify(await validated()));
    validatorRuns.count = 0;
    const admitted = await admitValidated(manifest);
    expect(validatorRuns.count).toBe(0);
    expect(admitted?.manifest?.items.map((item) => item.id)).toEqual(['save-tip', 'welcome']);
    expect(admitted?.pendingChecks).toEqual({ regexProblem: undefined });
    // Read through copies, as a stamped manifest is: what the storage handed back is not kept.
    expect(admitted!.manifest!.items[0]).not.toBe(manifest.items[0]);
  });

  it('refuses one without the shapes or nested too deep: undefined, and the caller validates', async () => {
    const manifest = await validated();
    validatorRuns.count = 0;
    expect(await admitValidated({ ...manifest, items: [{ id: 7 }] })).toBeUndefined();
    const deep = JSON.parse('{"a":'.repeat(200) + '1' + '}'.repeat(200));
    expect(await admitValidated({ ...manifest, settings: deep })).toBeUndefined();
    expect(validatorRuns.count).toBe(0);
  });
});

describe('acceptManifest', () => {
  it('trusts a compiled manifest without loading the validator', async () => {
    const manifest = JSON.parse(JSON.stringify(await compiled())) as Manifest;
    validatorRuns.count = 0;
    const result = await acceptManifest(manifest);
    expect(result).toEqual({ manifest, problems: [], itemIndexes: [0, 1] });
    expect(validatorRuns.count).toBe(0);
  });

  it('validates anything else, loading the validator, with the usual problems', async () => {
    const result = await acceptManifest({ ...source, items: [...source.items, { id: 'bad', type: 'tooltip', target: '#x', placement: 'up', body: 'x' }] });
    expect(validatorRuns.count).toBe(1);
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['save-tip', 'welcome']);
    expect(result.problems[0]).toMatchObject({ itemId: 'bad', severity: 'error' });
  });

  it('validates in full a compiled manifest whose shapes were broken by hand, naming the problem', async () => {
    const edited = { ...(await compiled()), items: [{ id: 'typo', type: 'tooltip', target: '#x', placement: 'up', body: 'x' }, { id: 'no-type' }] };
    validatorRuns.count = 0;
    const result = await acceptManifest(edited);
    expect(validatorRuns.count).toBe(1);
    expect(result.manifest?.items).toEqual([]);
    expect(result.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['items[0].placement', 'items[1].type']));
  });

  it('does not re-check content behind a valid-looking stamp (the UI defends itself: see test/manifest/compiled.dom.test.tsx)', async () => {
    const forged = stampManifest({ ...(await validated()), items: [{ id: 'x', type: 'banner', body: 'Hi', placement: 'up' }] } as unknown as Manifest, SDK_VERSION);
    validatorRuns.count = 0;
    const result = await acceptManifest(forged);
    expect(validatorRuns.count).toBe(0);
    expect(result.manifest?.items[0].id).toBe('x');
  });

  it('runs a compiled manifest\'s content checks, which admitManifest (the runtime\'s) leaves pending', async () => {
    const forged = JSON.parse(JSON.stringify(stampManifest({ ...(await validated()), settings: { theme: { accent: 'url(https://evil.example/x.png)' } }, items: [{ id: 'x', type: 'banner', body: 'See [it](javascript:evil).' }] } as unknown as Manifest, SDK_VERSION)));
    const admitted = await admitManifest(forged);
    expect(admitted.problems).toEqual([]);
    expect(admitted.pendingChecks).toEqual({ regexProblem: undefined });
    expect(admitted.manifest?.settings?.theme).toEqual({ accent: 'url(https://evil.example/x.png)' });
    const accepted = await acceptManifest(forged);
    expect(accepted.problems.map((p) => [p.code, p.path])).toEqual([['unsafe-link', 'items[0].body'], ['unsafe-theme-value', 'settings.theme.accent']]);
    expect(accepted.manifest?.settings?.theme).toEqual({});
    expect('pendingChecks' in accepted).toBe(false);
    // A manifest the validator accepted has nothing pending.
    expect((await admitManifest(source)).pendingChecks).toBeUndefined();
  });

  it('leaves the checks pending for a compiled manifest fetched, and for its cached copy', async () => {
    const storage = memoryStorage();
    const body = JSON.stringify(await compiled());
    expect((await loadManifest('/help.json', storage, { fetch: async () => new Response(body) })).pendingChecks).toBeDefined();
    const offline = await loadManifest('/help.json', storage, { fetch: async () => new Response('', { status: 503 }) });
    expect(offline.fromCache).toBe(true);
    expect(offline.pendingChecks).toBeDefined();
  });

  it('serves a fetched compiled manifest and caches it as the last good copy', async () => {
    const storage = memoryStorage();
    const body = JSON.stringify(await compiled());
    const first = await loadManifest('/help.json', storage, { fetch: async () => new Response(body) });
    expect(first.problems).toEqual([]);
    const offline = await loadManifest('/help.json', storage, { fetch: async () => new Response('', { status: 503 }) });
    expect(offline.fromCache).toBe(true);
    expect(offline.manifest?.revision).toBe('2026-11-22');
  });
});
