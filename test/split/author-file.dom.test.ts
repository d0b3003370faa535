/**
 * src/split/author-file.ts: loadAuthorModule(name) loads the authoring panel's own file,
 * `guidepost.author.iife.js`, next to Guidepost's script (or from `data-author-src`, with
 * `data-author-integrity`), and hands out the module the file publishes on
 * `window.GuidepostAuthoring` for this version; the file is added once; a module the file lacks
 * is an error naming it. (What the file publishes: author-entry.dom.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SDK_VERSION } from '../../src/version';
import { collectAddedScripts, fire, importWithOwnScript, ownScriptTag, setGlobal, type OwnScript } from '../support/sibling-script';

const GLOBAL = 'GuidepostAuthoring';
const CORE = 'https://app.example/static/guidepost.iife.js?v=2';
const importLoader = (tag: OwnScript | null) => importWithOwnScript(tag && ownScriptTag(tag), () => import('../../src/split/author-file'));

let scripts: ReturnType<typeof collectAddedScripts>;
beforeEach(() => {
  scripts = collectAddedScripts();
});
afterEach(() => {
  setGlobal(GLOBAL, undefined);
  vi.restoreAllMocks();
});

describe('loadAuthorModule', () => {
  it("adds guidepost.author.iife.js next to Guidepost's script once, and hands out its panel", async () => {
    const { loadAuthorModule } = await importLoader({ src: CORE });
    const calls = [loadAuthorModule('panel'), loadAuthorModule('panel')];
    expect(scripts.added.map((s) => s.src)).toEqual(['https://app.example/static/guidepost.author.iife.js?v=2']);
    const panel = { mountAuthoring: () => undefined };
    setGlobal(GLOBAL, { version: SDK_VERSION, panel });
    fire(scripts.added[0], 'load');
    for (const call of calls) await expect(call).resolves.toBe(panel);
  });

  it('from data-author-src, with data-author-integrity', async () => {
    const { loadAuthorModule } = await importLoader({ src: CORE, attributes: { 'data-author-src': 'https://cdn.example/author.js', 'data-author-integrity': 'sha384-author' } });
    loadAuthorModule('panel').catch(() => undefined);
    expect(scripts.added.map((s) => [s.src, s.integrity])).toEqual([['https://cdn.example/author.js', 'sha384-author']]);
  });

  it('a file without the panel is an error naming the file and the module', async () => {
    const { loadAuthorModule } = await importLoader({ src: CORE });
    setGlobal(GLOBAL, { version: SDK_VERSION });
    await expect(loadAuthorModule('panel')).rejects.toThrow('guidepost.author.iife.js has no "panel" module');
  });

  it('a load error rejects naming the URL', async () => {
    const { loadAuthorModule } = await importLoader({ src: CORE });
    const loading = loadAuthorModule('panel');
    fire(scripts.added[0], 'error');
    await expect(loading).rejects.toThrow('https://app.example/static/guidepost.author.iife.js?v=2 could not be loaded');
  });

  it('without a script tag: rejects with how to fix it, naming data-author-src', async () => {
    const { loadAuthorModule } = await importLoader(null);
    await expect(loadAuthorModule('panel')).rejects.toThrow('cannot tell where guidepost.author.iife.js is: load Guidepost with a <script src> tag (or set its data-author-src)');
  });
});
