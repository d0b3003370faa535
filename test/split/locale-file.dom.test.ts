/**
 * src/split/locale-file.ts: loadLocaleModule(tag) loads `guidepost.locale-<tag>.iife.js` next to
 * Guidepost's script (with its query), or from the tag's `data-locale-<tag in lower case>-src`,
 * and reads `window["GuidepostLocale-<tag>"]` of this version; one loader per language (the file
 * is added once whatever the number of calls), a separate one per language; a failed load is
 * retried on the next call; a file of another version is an error. What a language's file
 * publishes is the build's (localeFileEntry in scripts/rollup-plugins.mjs): its `strings` are
 * the table of src/ui/locales/<tag>.ts. (A page in German with the two-file IIFE:
 * test/ui/locales/index.browser.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { strings as de } from '../../src/ui/locales/de';
import { strings as zhTW } from '../../src/ui/locales/zh-TW';
import { SDK_VERSION } from '../../src/version';
import { collectAddedScripts, fire, importWithOwnScript, ownScriptTag, setGlobal, type OwnScript } from '../support/sibling-script';

const CORE = 'https://cdn.example/gp/guidepost.core.iife.js?v=7';
const importLoader = (tag: OwnScript | null) => importWithOwnScript(tag && ownScriptTag(tag), () => import('../../src/split/locale-file'));

let scripts: ReturnType<typeof collectAddedScripts>;
beforeEach(() => {
  scripts = collectAddedScripts();
});
afterEach(() => {
  for (const tag of ['de', 'zh-TW', 'fr']) setGlobal(`GuidepostLocale-${tag}`, undefined);
  vi.restoreAllMocks();
});

describe('loadLocaleModule', () => {
  it("adds the language's file next to Guidepost's script and resolves with what it publishes", async () => {
    const { loadLocaleModule } = await importLoader({ src: CORE });
    const loading = loadLocaleModule('de');
    expect(scripts.added.map((s) => s.src)).toEqual(['https://cdn.example/gp/guidepost.locale-de.iife.js?v=7']);
    const published = { version: SDK_VERSION, strings: de };
    setGlobal('GuidepostLocale-de', published);
    fire(scripts.added[0], 'load');
    await expect(loading).resolves.toBe(published);
  });

  it('keeps the tag\'s case in the file and global, and reads its attribute in lower case', async () => {
    const { loadLocaleModule } = await importLoader({ src: CORE, attributes: { 'data-locale-zh-tw-src': '/words/zh-TW.js', 'data-locale-zh-tw-integrity': 'sha384-zh' } });
    const loading = loadLocaleModule('zh-TW');
    expect(scripts.added.map((s) => [s.src, s.integrity])).toEqual([[new URL('/words/zh-TW.js', document.baseURI).href, 'sha384-zh']]);
    setGlobal('GuidepostLocale-zh-TW', { version: SDK_VERSION, strings: zhTW });
    fire(scripts.added[0], 'load');
    await expect(loading).resolves.toMatchObject({ strings: zhTW });
  });

  it('adds each language once, however many calls; each language its own file', async () => {
    const { loadLocaleModule } = await importLoader({ src: CORE });
    const calls = [loadLocaleModule('de'), loadLocaleModule('de'), loadLocaleModule('fr')];
    calls.forEach((call) => call.catch(() => undefined));
    expect(scripts.added.map((s) => new URL(s.src).pathname)).toEqual(['/gp/guidepost.locale-de.iife.js', '/gp/guidepost.locale-fr.iife.js']);
    setGlobal('GuidepostLocale-de', { version: SDK_VERSION, strings: de });
    fire(scripts.added[0], 'load');
    const [first, second] = await Promise.all(calls.slice(0, 2));
    expect(first).toBe(second);
  });

  it('a language already published for this version is used without adding its file', async () => {
    const { loadLocaleModule } = await importLoader({ src: CORE });
    const published = { version: SDK_VERSION, strings: de };
    setGlobal('GuidepostLocale-de', published);
    await expect(loadLocaleModule('de')).resolves.toBe(published);
    expect(scripts.added).toEqual([]);
  });

  it('a file that cannot be loaded rejects naming it; the next call adds it again', async () => {
    const { loadLocaleModule } = await importLoader({ src: CORE });
    const first = loadLocaleModule('de');
    fire(scripts.added[0], 'error');
    await expect(first).rejects.toThrow('https://cdn.example/gp/guidepost.locale-de.iife.js?v=7 could not be loaded');
    loadLocaleModule('de').catch(() => undefined);
    expect(scripts.added).toHaveLength(2);
  });

  it('a file of another version is an error naming the global and the version', async () => {
    const { loadLocaleModule } = await importLoader({ src: CORE });
    const loading = loadLocaleModule('de');
    setGlobal('GuidepostLocale-de', { version: '0.0.1-old', strings: de });
    fire(scripts.added[0], 'load');
    await expect(loading).rejects.toThrow(`did not define GuidepostLocale-de for Guidepost ${SDK_VERSION}: is it guidepost.locale-de.iife.js of the same version?`);
  });

  it('without a script tag: rejects with how to fix it, naming the attribute', async () => {
    const { loadLocaleModule } = await importLoader(null);
    await expect(loadLocaleModule('zh-TW')).rejects.toThrow('cannot tell where guidepost.locale-zh-TW.iife.js is: load Guidepost with a <script src> tag (or set its data-locale-zh-tw-src)');
  });
});
