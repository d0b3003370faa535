/**
 * src/split/regex-file.ts: loadRegexModule(name) loads the `$regex` guard's own file,
 * `guidepost.regex.iife.js`, next to Guidepost's script (or from `data-regex-src`, with
 * `data-regex-integrity`), and hands out the module the file publishes on
 * `window.GuidepostRegex` for this version; the file is added once; a module the file lacks
 * is an error naming it. (What the file publishes: regex-entry.dom.test.ts; the guard's load
 * failing in the SDK: test/manifest/load-regex-guard-failure.dom.test.tsx.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SDK_VERSION } from '../../src/version';
import { collectAddedScripts, fire, importWithOwnScript, ownScriptTag, setGlobal, type OwnScript } from '../support/sibling-script';

const GLOBAL = 'GuidepostRegex';
const CORE = 'https://app.example/static/guidepost.core.iife.js?v=2';
const importLoader = (tag: OwnScript | null) => importWithOwnScript(tag && ownScriptTag(tag), () => import('../../src/split/regex-file'));

let scripts: ReturnType<typeof collectAddedScripts>;
beforeEach(() => {
  scripts = collectAddedScripts();
});
afterEach(() => {
  setGlobal(GLOBAL, undefined);
  vi.restoreAllMocks();
});

describe('loadRegexModule', () => {
  it("adds guidepost.regex.iife.js next to Guidepost's script once, and hands out its guard", async () => {
    const { loadRegexModule } = await importLoader({ src: CORE });
    const calls = [loadRegexModule('regex'), loadRegexModule('regex')];
    expect(scripts.added.map((s) => s.src)).toEqual(['https://app.example/static/guidepost.regex.iife.js?v=2']);
    const regex = { guardPattern: (pattern: string) => pattern };
    setGlobal(GLOBAL, { version: SDK_VERSION, regex });
    fire(scripts.added[0], 'load');
    for (const call of calls) await expect(call).resolves.toBe(regex);
  });

  it('from data-regex-src, with data-regex-integrity', async () => {
    const { loadRegexModule } = await importLoader({ src: CORE, attributes: { 'data-regex-src': 'https://cdn.example/regex.js', 'data-regex-integrity': 'sha384-regex' } });
    loadRegexModule('regex').catch(() => undefined);
    expect(scripts.added.map((s) => [s.src, s.integrity])).toEqual([['https://cdn.example/regex.js', 'sha384-regex']]);
  });

  it('a file without the guard is an error naming the file and the module', async () => {
    const { loadRegexModule } = await importLoader({ src: CORE });
    setGlobal(GLOBAL, { version: SDK_VERSION });
    await expect(loadRegexModule('regex')).rejects.toThrow('guidepost.regex.iife.js has no "regex" module');
  });

  it('a load error rejects naming the URL', async () => {
    const { loadRegexModule } = await importLoader({ src: CORE });
    const loading = loadRegexModule('regex');
    fire(scripts.added[0], 'error');
    await expect(loading).rejects.toThrow('https://app.example/static/guidepost.regex.iife.js?v=2 could not be loaded');
  });

  it('without a script tag: rejects with how to fix it, naming data-regex-src', async () => {
    const { loadRegexModule } = await importLoader(null);
    await expect(loadRegexModule('regex')).rejects.toThrow('cannot tell where guidepost.regex.iife.js is: load Guidepost with a <script src> tag (or set its data-regex-src)');
  });
});
