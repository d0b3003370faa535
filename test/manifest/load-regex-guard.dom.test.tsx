/**
 * The `$regex` guard (manifest/safe-regex.ts) loads with a manifest that uses `$regex`, before
 * the first decision, and never with one that does not. Its module is wrapped to count how
 * often it is imported (a vi.mock factory runs once, on the first import). Tests in this file
 * run in order: the first one must see no import at all.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError, type GuidepostEvent } from '../../src/index';
import { stampManifest } from '../../src/manifest/compiled';
import type { Manifest } from '../../src/manifest/schema';
import { openExperiments } from '../../src/runtime/boot';
import { createRuntime } from '../../src/runtime/runtime';
import { SDK_VERSION } from '../../src/version';

const guardModule = vi.hoisted(() => ({ imports: 0 }));
vi.mock('../../src/manifest/safe-regex', async (importOriginal) => {
  guardModule.imports++;
  return importOriginal();
});

const envelope = (items: unknown[], extra: Record<string, unknown> = {}) => ({ schemaVersion: 1, revision: 'r1', settings: { caps: { perPageView: 10 } }, items, ...extra });
// Compiled, as a production page's manifest is: the validator imports the guard's module for its own checks.
const compiled = (items: unknown[], extra?: Record<string, unknown>) => stampManifest(envelope(items, extra) as unknown as Manifest, SDK_VERSION);
const acme = { id: 'u1', accountId: 'acme', traits: { email: 'ana@ACME.com' } };

async function start(manifest: unknown) {
  document.body.innerHTML = '<button id="save">Save</button>';
  const errors: GuidepostError[] = [];
  const events: GuidepostEvent[] = [];
  const gp = createGuidepost({ manifest, user: acme, locale: 'en', storage: memoryStorage(), onError: (e) => errors.push(e), onEvent: (e) => events.push(e) });
  await gp.start();
  return { gp, errors, events };
}

const shown = () => [...document.querySelector('guidepost-root')!.shadowRoot!.querySelectorAll('[data-item]')].map((el) => el.getAttribute('data-item')).sort();

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the $regex guard', () => {
  it('is never imported by a page whose manifest has no $regex', async () => {
    const { gp, errors } = await start(compiled([
      { id: 'pro', type: 'banner', body: 'Pro', when: { 'user.traits.email': { $in: ['ana@ACME.com'] } } },
      { id: 'tip', type: 'tooltip', target: '#save', body: 'Saves.', when: { $not: { 'account.id': 'other' } } },
    ], { experiments: [{ key: 'e', variations: [{ key: 'a' }, { key: 'b' }], scope: { items: ['tip'] }, when: { 'user.id': { $exists: true } } }] }));
    expect(shown()).toEqual(['pro', 'tip']);
    expect(errors).toEqual([]);
    gp.destroy();
    expect(guardModule.imports).toBe(0);
  });

  it('loads with a compiled manifest that uses $regex, and its conditions decide as GrowthBook does', async () => {
    const { gp, errors, events } = await start(compiled([
      { id: 'acme', type: 'banner', body: 'Acme', when: { 'user.traits.email': { $regexi: '@acme\\.com$' } } },
      { id: 'not-other', type: 'banner', body: 'Not other', when: { $not: { 'user.traits.email': { $regex: '@other\\.com$' } } } },
      { id: 'other', type: 'banner', body: 'Other', when: { $or: [{ 'user.traits.email': { $regex: '@other\\.com$' } }] } },
      { id: 'tip', type: 'tooltip', target: '#save', body: 'Saves.' },
    ], { experiments: [{ key: 'acme-only', variations: [{ key: 'a' }, { key: 'b' }], scope: { items: ['tip'] }, when: { 'user.traits.email': { $elemMatch: { $regex: 'x' } } } }] }));
    expect(guardModule.imports).toBe(1);
    expect(shown()).toEqual(['acme', 'not-other', 'tip']);
    expect(gp.explain('other')).toMatchObject({ shown: false, reason: { code: 'condition', path: '$or' } });
    // The experiment's condition ran guarded too: an email is no array, so nobody enters.
    expect(events.filter((e) => e.type === 'assignment')).toEqual([]);
    expect(errors).toEqual([]);
    gp.destroy();
  });

  it('a manifest as written (validated) with $regex decides the same way, and an experiment condition assigns', async () => {
    const { gp, events } = await start(envelope([
      { id: 'acme', type: 'banner', body: 'Acme', when: { 'user.traits.email': { $regexi: '@acme\\.com$' } } },
      { id: 'other', type: 'banner', body: 'Other', when: { 'user.traits.email': { $regex: '@other' } } },
    ], { experiments: [{ key: 'acme-exp', variations: [{ key: 'a' }, { key: 'b' }], scope: { items: ['acme'] }, when: { 'user.traits.email': { $regexi: 'acme' } } }] }));
    expect(shown()).toEqual(['acme']);
    expect(events.filter((e) => e.type === 'assignment')).toEqual([expect.objectContaining({ experiment: 'acme-exp' })]);
    gp.destroy();
  });

  it('is loaded for a manifest swapped in later (an authoring draft) before its experiments are built', async () => {
    document.body.innerHTML = '';
    const errors: Error[] = [];
    const rt = createRuntime({ manifest: {}, onError: (e) => errors.push(e) });
    rt.storage = memoryStorage();
    rt.doc = document;
    rt.manifest = envelope([{ id: 'b', type: 'banner', body: 'x' }], {
      experiments: [{ key: 'draft', variations: [{ key: 'a' }, { key: 'b' }], scope: { items: ['b'] }, when: { 'user.traits.email': { $regexi: 'ACME' } } }],
    }) as unknown as Manifest;
    expect(rt.regexGuard).toBeUndefined();
    const experiments = await openExperiments(rt);
    expect(rt.regexGuard).toBeTypeOf('function');
    experiments!.assign({ anonymousId: 'anon' }, { user: { traits: { email: 'ana@acme.com' } } });
    expect(experiments!.all()).toEqual([expect.objectContaining({ experiment: 'draft', inExperiment: true })]);
    expect(errors).toEqual([]);
  });
});
