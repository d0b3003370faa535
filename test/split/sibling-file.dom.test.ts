/**
 * src/split/sibling-file.ts, unit by unit in happy-dom (the files' real loads in Chromium:
 * ui-file.browser.test.ts and its neighbours). Where a file is: next to Guidepost's script with
 * the same query, or the tag's `data-…-src` (resolved against the page); no script tag (or an
 * inline one) rejects with how to fix it. A file already published for this version is used
 * without adding a script; the script is added once however many calls, carries the tag's nonce,
 * crossorigin and `data-…-integrity`; a load that does not define the global for this version, a
 * load error or a lender's failure reject (naming the file) and remove the script, and the next
 * call tries again. Under Trusted Types the URL goes through one "guidepost" policy; a policy
 * the page refuses leaves the URL as it is, and a src the page refuses rejects. siblingModuleLoader
 * hands out one module of the file, or names a missing one.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SDK_VERSION } from '../../src/version';
import { collectAddedScripts, fire, importWithOwnScript, ownScriptTag, setGlobal, settle, type OwnScript } from '../support/sibling-script';

const GLOBAL = 'GuidepostTestFile';
const FILE = { file: 'guidepost.test.iife.js', global: GLOBAL, attribute: 'data-test' };
const CORE = 'https://cdn.example/gp/guidepost.core.iife.js?v=3';

const importModule = (tag: OwnScript | null) => importWithOwnScript(tag && ownScriptTag(tag), () => import('../../src/split/sibling-file'));
type Published = { version: string; one: { n: number }; two?: { n: number } };

let scripts: ReturnType<typeof collectAddedScripts>;
beforeEach(() => {
  scripts = collectAddedScripts();
});
afterEach(() => {
  setGlobal(GLOBAL, undefined);
  setGlobal('trustedTypes', undefined);
  vi.restoreAllMocks();
});

describe('where the file is', () => {
  it('next to Guidepost\'s script, with its query (a ?v= cache buster applies to both)', async () => {
    const { siblingFileLoader } = await importModule({ src: CORE });
    void siblingFileLoader<Published>(FILE)().catch(() => undefined);
    expect(scripts.added.map((s) => s.src)).toEqual(['https://cdn.example/gp/guidepost.test.iife.js?v=3']);
  });

  it('the tag\'s data-…-src when set, resolved against the page', async () => {
    const { siblingFileLoader } = await importModule({ src: CORE, attributes: { 'data-test-src': '/assets/test.js?h=1' } });
    void siblingFileLoader<Published>(FILE)().catch(() => undefined);
    expect(scripts.added.map((s) => s.src)).toEqual([new URL('/assets/test.js?h=1', document.baseURI).href]);
  });

  it('data-…-src works for a tag without src too (a bundler that inlines Guidepost)', async () => {
    const { siblingFileLoader } = await importModule({ attributes: { 'data-test-src': 'https://other.example/t.js' } });
    void siblingFileLoader<Published>(FILE)().catch(() => undefined);
    expect(scripts.added.map((s) => s.src)).toEqual(['https://other.example/t.js']);
  });

  it.each([
    ['no script tag (Guidepost imported as a module)', null],
    ['an inline script tag', {}],
  ])('%s: rejects with how to fix it, and adds nothing', async (_case, tag) => {
    const { siblingFileLoader } = await importModule(tag);
    await expect(siblingFileLoader<Published>(FILE)()).rejects.toThrow('cannot tell where guidepost.test.iife.js is: load Guidepost with a <script src> tag (or set its data-test-src)');
    expect(scripts.added).toEqual([]);
  });

  it('no script tag, but the file is already published: it is used', async () => {
    const { siblingFileLoader } = await importModule(null);
    const modules = { version: SDK_VERSION, one: { n: 1 } };
    setGlobal(GLOBAL, modules);
    await expect(siblingFileLoader<Published>(FILE)()).resolves.toBe(modules);
  });
});

describe('loading it', () => {
  it('a file published for this version is used without adding a script', async () => {
    const { siblingFileLoader } = await importModule({ src: CORE });
    const modules = { version: SDK_VERSION, one: { n: 1 } };
    setGlobal(GLOBAL, modules);
    await expect(siblingFileLoader<Published>(FILE)()).resolves.toBe(modules);
    expect(scripts.added).toEqual([]);
  });

  it.each([['another version', { version: '0.0.0-other', one: { n: 1 } }], ['no version', { one: { n: 1 } }], ['not an object', 'GuidepostTestFile']])(
    'a global of %s is not used: the file is added',
    async (_case, value) => {
      const { siblingFileLoader } = await importModule({ src: CORE });
      setGlobal(GLOBAL, value);
      void siblingFileLoader<Published>(FILE)().catch(() => undefined);
      expect(scripts.added).toHaveLength(1);
    },
  );

  it('adds the script once for every call, and resolves them all with what the file published', async () => {
    const { siblingFileLoader } = await importModule({ src: CORE });
    const load = siblingFileLoader<Published>(FILE);
    const calls = [load(), load(), load()];
    expect(scripts.added).toHaveLength(1);
    expect(scripts.added[0].parentNode).toBe(scripts.container);
    const modules = { version: SDK_VERSION, one: { n: 1 } };
    setGlobal(GLOBAL, modules);
    fire(scripts.added[0], 'load');
    for (const call of calls) await expect(call).resolves.toBe(modules);
    await expect(load()).resolves.toBe(modules);
    expect(scripts.added).toHaveLength(1);
  });

  it("carries the tag's nonce, crossorigin and data-…-integrity", async () => {
    const { siblingFileLoader } = await importModule({ src: CORE, nonce: 'n0nce', crossOrigin: 'anonymous', attributes: { 'data-test-integrity': 'sha384-abc' } });
    void siblingFileLoader<Published>(FILE)().catch(() => undefined);
    const [script] = scripts.added;
    expect([script.nonce, script.crossOrigin, script.integrity]).toEqual(['n0nce', 'anonymous', 'sha384-abc']);
  });

  it('without them, the script has no nonce, crossorigin or integrity', async () => {
    const { siblingFileLoader } = await importModule({ src: CORE });
    void siblingFileLoader<Published>(FILE)().catch(() => undefined);
    const [script] = scripts.added;
    expect([script.nonce || '', script.getAttribute('crossorigin'), script.getAttribute('integrity')]).toEqual(['', null, null]);
  });

  it('a load that defines nothing for this version rejects naming the file and version, removes the script, and the next call retries', async () => {
    const { siblingFileLoader } = await importModule({ src: CORE });
    const load = siblingFileLoader<Published>(FILE);
    const first = load();
    setGlobal(GLOBAL, { version: '9.9.9', one: { n: 1 } });
    fire(scripts.added[0], 'load');
    await expect(first).rejects.toThrow(`https://cdn.example/gp/guidepost.test.iife.js?v=3 did not define ${GLOBAL} for Guidepost ${SDK_VERSION}: is it guidepost.test.iife.js of the same version?`);
    expect(scripts.added[0].parentNode).toBeNull();
    const second = load();
    expect(scripts.added).toHaveLength(2);
    const modules = { version: SDK_VERSION, one: { n: 2 } };
    setGlobal(GLOBAL, modules);
    fire(scripts.added[1], 'load');
    await expect(second).resolves.toBe(modules);
  });

  it('a load error rejects naming the URL, removes the script, and the next call retries', async () => {
    const { siblingFileLoader } = await importModule({ src: CORE });
    const load = siblingFileLoader<Published>(FILE);
    const first = load();
    fire(scripts.added[0], 'error');
    await expect(first).rejects.toThrow('https://cdn.example/gp/guidepost.test.iife.js?v=3 could not be loaded');
    expect(scripts.added[0].parentNode).toBeNull();
    void load().catch(() => undefined);
    expect(scripts.added).toHaveLength(2);
  });
});

describe('a file that borrows from a lender', () => {
  it('starts the lender at once, and reads its modules only once the lender has loaded', async () => {
    const { siblingFileLoader } = await importModule({ src: CORE });
    let lend!: () => void;
    const lender = vi.fn(() => new Promise<void>((resolve) => (lend = resolve)));
    const load = siblingFileLoader<Published>({ ...FILE, lender });
    let result: Published | undefined;
    void load().then((modules) => (result = modules));
    expect(lender).toHaveBeenCalledTimes(1);
    const modules = { version: SDK_VERSION, one: { n: 1 } };
    setGlobal(GLOBAL, modules);
    fire(scripts.added[0], 'load');
    await settle();
    expect(result).toBeUndefined();
    lend();
    await expect.poll(() => result).toBe(modules);
  });

  it("the lender's failure rejects with its error and removes the script", async () => {
    const { siblingFileLoader } = await importModule({ src: CORE });
    const load = siblingFileLoader<Published>({ ...FILE, lender: () => Promise.reject(new Error('ui file failed')) });
    const loading = load();
    setGlobal(GLOBAL, { version: SDK_VERSION, one: { n: 1 } });
    fire(scripts.added[0], 'load');
    await expect(loading).rejects.toThrow('ui file failed');
    expect(scripts.added[0].parentNode).toBeNull();
  });

  it("a lender failing before this file's load is no unhandled rejection: the load error is reported", async () => {
    const { siblingFileLoader } = await importModule({ src: CORE });
    const load = siblingFileLoader<Published>({ ...FILE, lender: () => Promise.reject(new Error('ui file failed')) });
    const loading = load();
    await settle();
    fire(scripts.added[0], 'error');
    await expect(loading).rejects.toThrow('could not be loaded');
  });
});

describe('under Trusted Types', () => {
  const trusted = (url: string) => ({ trusted: url, toString: () => url });

  it('the URL goes through one policy named "guidepost", made once for every file', async () => {
    const createPolicy = vi.fn((_name: string, rules: { createScriptURL(url: string): string }) => ({ createScriptURL: (url: string) => trusted(rules.createScriptURL(url)) }));
    setGlobal('trustedTypes', { createPolicy });
    const { siblingFileLoader } = await importModule({ src: CORE });
    void siblingFileLoader<Published>(FILE)().catch(() => undefined);
    void siblingFileLoader<Published>({ ...FILE, file: 'guidepost.other.iife.js', global: 'GuidepostOtherTestFile' })().catch(() => undefined);
    expect(createPolicy).toHaveBeenCalledTimes(1);
    expect(createPolicy.mock.calls[0][0]).toBe('guidepost');
    expect(scripts.added.map((s) => s.src)).toEqual(['https://cdn.example/gp/guidepost.test.iife.js?v=3', 'https://cdn.example/gp/guidepost.other.iife.js?v=3']);
  });

  it('a page that refuses the policy gets the URL as it is', async () => {
    setGlobal('trustedTypes', { createPolicy: () => { throw new TypeError('Policy "guidepost" disallowed.'); } });
    const { siblingFileLoader } = await importModule({ src: CORE });
    void siblingFileLoader<Published>(FILE)().catch(() => undefined);
    expect(scripts.added.map((s) => s.src)).toEqual(['https://cdn.example/gp/guidepost.test.iife.js?v=3']);
  });

  it('a src the page refuses rejects with what to allow, and adds nothing', async () => {
    const refused = { toString: () => { throw new TypeError('This document requires TrustedScriptURL assignment.'); } };
    setGlobal('trustedTypes', { createPolicy: () => ({ createScriptURL: () => refused }) });
    const { siblingFileLoader } = await importModule({ src: CORE });
    await expect(siblingFileLoader<Published>(FILE)()).rejects.toThrow(/could not be loaded: the page's Trusted Types refused it \(This document requires TrustedScriptURL assignment\.\); allow the "guidepost" policy \(trusted-types guidepost\)/);
    expect(scripts.added).toEqual([]);
  });
});

describe('siblingModuleLoader', () => {
  it('hands out the named module of the file', async () => {
    const { siblingModuleLoader } = await importModule({ src: CORE });
    const one = { n: 1 };
    setGlobal(GLOBAL, { version: SDK_VERSION, one });
    await expect(siblingModuleLoader<Published>(FILE)('one')).resolves.toBe(one);
  });

  it('a module the file does not have is an error naming the file and the module', async () => {
    const { siblingModuleLoader } = await importModule({ src: CORE });
    setGlobal(GLOBAL, { version: SDK_VERSION, one: { n: 1 } });
    await expect(siblingModuleLoader<Published>(FILE)('two')).rejects.toThrow('guidepost.test.iife.js has no "two" module');
  });

  it("passes the file's load error on", async () => {
    const { siblingModuleLoader } = await importModule(null);
    await expect(siblingModuleLoader<Published>(FILE)('one')).rejects.toThrow(/cannot tell where guidepost\.test\.iife\.js is/);
  });
});
