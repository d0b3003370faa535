/**
 * src/cli/check-browser.ts without a browser: findChromium's order (--chromium, then
 * $CHROMIUM_PATH, then Debian's real binary before its noisy wrapper and the other usual
 * places), each missing path a CheckSetupError naming it; loadPlaywright through ESM or
 * CommonJS interop, a missing package (any of the ways Node says so) turned into the install
 * hint, any other failure passed on as it is; launch's options (headless, quiet flags, at least
 * 30 s to start) and a failure to start as a one-line CheckSetupError. (Visiting routes in
 * Chromium: check-browser.browser.test.ts; the command around them: check.test.ts.)
 */
import { describe, expect, it, vi } from 'vitest';
import { CheckSetupError, CHROMIUM_CANDIDATES, findChromium, launch, loadPlaywright, PLAYWRIGHT_HINT, type Playwright } from '../../src/cli/check-browser';

const existing = (...paths: string[]) => (path: string) => paths.includes(path);

describe('findChromium', () => {
  it('--chromium first, even when CHROMIUM_PATH and the usual places have one', () => {
    expect(findChromium('/opt/chrome', { CHROMIUM_PATH: '/env/chromium' }, () => true)).toBe('/opt/chrome');
  });

  it('a --chromium that does not exist is an error naming it, whatever else exists', () => {
    const error = (() => {
      try {
        findChromium('/opt/none', { CHROMIUM_PATH: '/env/chromium' }, existing('/env/chromium', ...CHROMIUM_CANDIDATES));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CheckSetupError);
    expect((error as Error).message).toBe('--chromium /opt/none: no such file');
  });

  it('then CHROMIUM_PATH, which must exist too', () => {
    expect(findChromium(undefined, { CHROMIUM_PATH: '/env/chromium' }, existing('/env/chromium', CHROMIUM_CANDIDATES[0]))).toBe('/env/chromium');
    expect(() => findChromium(undefined, { CHROMIUM_PATH: '/env/none' }, existing(...CHROMIUM_CANDIDATES))).toThrow(new CheckSetupError('CHROMIUM_PATH=/env/none: no such file'));
  });

  it("an empty flag or CHROMIUM_PATH counts as not given", () => {
    expect(findChromium('', { CHROMIUM_PATH: '' }, existing('/usr/bin/chromium'))).toBe('/usr/bin/chromium');
  });

  it("then the usual places, Debian's real binary before its wrapper script", () => {
    expect(CHROMIUM_CANDIDATES[0]).toBe('/usr/lib/chromium/chromium');
    expect(CHROMIUM_CANDIDATES.indexOf('/usr/lib/chromium/chromium')).toBeLessThan(CHROMIUM_CANDIDATES.indexOf('/usr/bin/chromium'));
    expect(findChromium(undefined, {}, existing('/usr/bin/chromium', '/usr/lib/chromium/chromium'))).toBe('/usr/lib/chromium/chromium');
    for (const path of CHROMIUM_CANDIDATES) expect(findChromium(undefined, {}, existing(path))).toBe(path);
  });

  it('none anywhere: an error listing where it looked and every way to give one', () => {
    expect(() => findChromium(undefined, {}, () => false)).toThrow(CheckSetupError);
    try {
      findChromium(undefined, {}, () => false);
    } catch (error) {
      for (const path of CHROMIUM_CANDIDATES) expect((error as Error).message).toContain(path);
    }
  });

  it('asks only about the paths it needs, in order', () => {
    const asked: string[] = [];
    findChromium(undefined, {}, (path) => {
      asked.push(path);
      return path === CHROMIUM_CANDIDATES[1];
    });
    expect(asked).toEqual(CHROMIUM_CANDIDATES.slice(0, 2));
  });
});

describe('loadPlaywright', () => {
  const api = { chromium: { launch: vi.fn() } } as unknown as Playwright;

  it('takes the module as it is when it has chromium (ESM)', async () => {
    await expect(loadPlaywright(async () => api)).resolves.toBe(api);
  });

  it('takes its default export through CommonJS interop', async () => {
    await expect(loadPlaywright(async () => ({ default: api }) as unknown as Playwright)).resolves.toBe(api);
  });

  it.each([
    ['ERR_MODULE_NOT_FOUND', Object.assign(new Error("Cannot find package 'playwright-core' imported from /app/cli.js"), { code: 'ERR_MODULE_NOT_FOUND' })],
    ['MODULE_NOT_FOUND', Object.assign(new Error("Cannot find module 'playwright-core'"), { code: 'MODULE_NOT_FOUND' })],
    ['no code, the message alone', new Error("Cannot find module 'playwright-core' from '/app'")],
    ['a bundler saying "Cannot find package playwright-core"', new Error('Cannot find package playwright-core')],
  ])('a missing package (%s) becomes the install hint', async (_case, error) => {
    const failure = loadPlaywright(() => Promise.reject(error));
    await expect(failure).rejects.toBeInstanceOf(CheckSetupError);
    await expect(loadPlaywright(() => Promise.reject(error))).rejects.toThrow(PLAYWRIGHT_HINT);
  });

  it('any other failure is passed on as it is (a broken install is not a missing one)', async () => {
    const broken = new SyntaxError('Unexpected token in playwright-core/index.mjs');
    await expect(loadPlaywright(() => Promise.reject(broken))).rejects.toBe(broken);
    const denied = Object.assign(new Error("EACCES: permission denied, open '/app/node_modules/playwright-core/index.mjs'"), { code: 'EACCES' });
    await expect(loadPlaywright(() => Promise.reject(denied))).rejects.toBe(denied);
  });

  it('the hint says how to install it and that no browser download is needed', () => {
    expect(PLAYWRIGHT_HINT).toContain('npm install --save-dev playwright-core');
    expect(PLAYWRIGHT_HINT).toMatch(/no browser download is needed.*--chromium.*CHROMIUM_PATH/s);
  });
});

describe('launch', () => {
  function fakePlaywright(launchImpl: (options: Record<string, unknown>) => Promise<unknown>) {
    const launchSpy = vi.fn(launchImpl);
    return { playwright: { chromium: { launch: launchSpy } } as unknown as Playwright, launchSpy };
  }

  it('starts the given binary headless with the quiet, offline flags, allowing at least 30 s', async () => {
    const browser = { close: vi.fn() };
    const { playwright, launchSpy } = fakePlaywright(async () => browser);
    await expect(launch(playwright, '/usr/bin/chromium', 5_000)).resolves.toBe(browser);
    const options = launchSpy.mock.calls[0][0] as { executablePath: string; headless: boolean; args: string[]; timeout: number };
    expect([options.executablePath, options.headless, options.timeout]).toEqual(['/usr/bin/chromium', true, 30_000]);
    expect(options.args).toEqual(expect.arrayContaining(['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']));
    await launch(playwright, '/usr/bin/chromium', 90_000);
    expect((launchSpy.mock.calls[1][0] as { timeout: number }).timeout).toBe(90_000);
  });

  it('a failure to start is a CheckSetupError naming the binary, with the first line of the reason', async () => {
    const { playwright } = fakePlaywright(() => Promise.reject(new Error('Failed to launch: spawn EACCES\n=== logs ===\nlots of noise')));
    const failure = launch(playwright, '/opt/chrome', 1_000);
    await expect(failure).rejects.toBeInstanceOf(CheckSetupError);
    await expect(launch(playwright, '/opt/chrome', 1_000)).rejects.toThrow(/^cannot start Chromium at \/opt\/chrome: Failed to launch: spawn EACCES$/);
  });
});
