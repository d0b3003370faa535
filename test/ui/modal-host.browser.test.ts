/**
 * src/ui/modal-host.ts in Chromium (`:modal` and the top layer are real only there), bundled on
 * its own into a blank page: the host stays in <body> while no modal dialog is open (a dialog
 * opened with show() is not modal); it moves into a dialog opened with showModal() and is raised
 * again after each move; with two open, into the one opened last even when it comes first in the
 * document, and back down as they close; back to <body> when the dialog it is in is removed from
 * the page; into an open modal that was open before following began; nowhere once stopped; and
 * not at all in a browser without the Popover API; into a new <body> the page swapped in, with or
 * without it. (The layer inside a real modal, taking clicks
 * and Tab: position.browser.test.ts.)
 */
import { build } from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, PROJECT_ROOT, watchPageErrors } from '../support/browser-harness';

interface ModalLab {
  follow(options?: { noPopover?: boolean }): void;
  stop(): void;
  raised: number;
}
declare global {
  interface Window {
    modalLab: ModalLab;
  }
}

const PAGE = `<!doctype html><html><body>
  <main><button id="outside">Outside</button></main>
  <dialog id="confirm"><p>Sure?</p><button id="yes">Yes</button></dialog>
  <dialog id="settings"><p>Settings</p><button id="save">Save</button></dialog>
</body></html>`;

let browser: Browser;
let lab: string;
let page: Page;
let errors: string[];

beforeAll(async () => {
  const entry = `
    import { followModalDialogs } from ${JSON.stringify(`${PROJECT_ROOT}/src/ui/modal-host.ts`)};
    const lab = { raised: 0, stop: () => {} };
    lab.follow = (options = {}) => {
      const host = document.createElement('div');
      host.id = 'host';
      host.innerHTML = '<button id="in-host">Next</button>';
      if (options.noPopover) Object.defineProperty(host, 'showPopover', { value: undefined });
      document.body.append(host);
      lab.stop = followModalDialogs(document, host, () => { lab.raised++; }).stop;
    };
    window.modalLab = lab;`;
  const result = await build({ stdin: { contents: entry, resolveDir: PROJECT_ROOT, loader: 'ts' }, bundle: true, format: 'iife', write: false });
  lab = result.outputFiles[0].text;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  await page?.context().close();
  page = await browser.newPage();
  errors = watchPageErrors(page);
  await page.setContent(PAGE);
  await page.addScriptTag({ content: lab });
});

/** Where the host is: the id of its parent ("body" for <body>), or null when out of the page. */
const hostParent = () => page.evaluate(() => {
  const host = document.getElementById('host');
  if (!host?.isConnected) return null;
  const parent = host.parentElement!;
  return parent === document.body ? 'body' : parent.id;
});
/** Whether the host's button can take focus (not inert behind a modal dialog). */
const focusable = () => page.evaluate(() => {
  const button = document.getElementById('in-host')!;
  button.focus();
  const focused = document.activeElement === button;
  button.blur();
  return focused;
});
const raised = () => page.evaluate(() => window.modalLab.raised);
const dialog = (id: string, how: 'showModal' | 'show' | 'close' | 'remove') => page.evaluate(([id, how]) => (document.getElementById(id) as HTMLDialogElement)[how](), [id, how] as const);
/** Waits for the observers to have seen everything so far: a later mutation's record comes after. */
const flushed = () => page.evaluate(() => new Promise<void>((resolve) => {
  const marker = document.createElement('i');
  new MutationObserver((_records, observer) => {
    observer.disconnect();
    marker.remove();
    resolve();
  }).observe(document.body, { childList: true });
  document.body.append(marker);
}));

describe('followModalDialogs', () => {
  it('leaves the host in <body> while no modal dialog is open, even with a non-modal one', async () => {
    await page.evaluate(() => window.modalLab.follow());
    expect(await hostParent()).toBe('body');
    await dialog('confirm', 'show');
    await flushed();
    expect(await hostParent()).toBe('body');
    expect(await raised()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('moves the host into a dialog opened with showModal(), raises it again, and brings it back to <body> when it closes', async () => {
    await page.evaluate(() => window.modalLab.follow());
    await dialog('settings', 'showModal');
    await expect.poll(hostParent).toBe('settings');
    expect(await raised()).toBe(1);
    // Inside the modal the host is not inert: its button takes focus.
    expect(await focusable()).toBe(true);
    await dialog('settings', 'close');
    await expect.poll(hostParent).toBe('body');
    expect(await raised()).toBe(2);
    expect(errors).toEqual([]);
  });

  it('follows the dialog opened last, though written first, and steps back as they close', async () => {
    await page.evaluate(() => window.modalLab.follow());
    await dialog('settings', 'showModal');
    await expect.poll(hostParent).toBe('settings');
    // The confirmation, earlier in the document, opened from the settings dialog: on top.
    await dialog('confirm', 'showModal');
    await expect.poll(hostParent).toBe('confirm');
    await dialog('confirm', 'close');
    await expect.poll(hostParent).toBe('settings');
    await dialog('settings', 'close');
    await expect.poll(hostParent).toBe('body');
    expect(await raised()).toBe(4);
  });

  it('goes back to <body> when the page removes the open dialog with the host in it', async () => {
    await page.evaluate(() => window.modalLab.follow());
    await dialog('settings', 'showModal');
    await expect.poll(hostParent).toBe('settings');
    await dialog('settings', 'remove');
    await expect.poll(hostParent).toBe('body');
    expect(errors).toEqual([]);
  });

  it('goes back to the other open modal when the top one is removed', async () => {
    await page.evaluate(() => window.modalLab.follow());
    await dialog('settings', 'showModal');
    await dialog('confirm', 'showModal');
    await expect.poll(hostParent).toBe('confirm');
    await dialog('confirm', 'remove');
    await expect.poll(hostParent).toBe('settings');
  });

  it('a modal open before following begins: the host goes into it at once', async () => {
    await dialog('settings', 'showModal');
    await page.evaluate(() => window.modalLab.follow());
    expect(await hostParent()).toBe('settings');
    expect(await raised()).toBe(1);
  });

  it.each([[{}], [{ noPopover: true }]])('follows a <body> the page replaced (Turbo Drive): into the new one, raised again (%j)', async (options) => {
    await page.evaluate((options) => window.modalLab.follow(options), options);
    await page.evaluate(() => {
      const next = document.createElement('body');
      next.innerHTML = '<main>Next page</main>';
      document.body.replaceWith(next);
    });
    await expect.poll(hostParent).toBe('body');
    expect(await page.evaluate(() => document.body.lastElementChild?.id)).toBe('host');
    expect(await raised()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('once stopped, the host stays where it is', async () => {
    await page.evaluate(() => {
      window.modalLab.follow();
      window.modalLab.stop();
    });
    await dialog('settings', 'showModal');
    await flushed();
    expect(await hostParent()).toBe('body');
    expect(await raised()).toBe(0);
  });

  it('without the Popover API the host stays in <body> (a fixed box inside the dialog would be clipped by it)', async () => {
    await page.evaluate(() => window.modalLab.follow({ noPopover: true }));
    await dialog('settings', 'showModal');
    await flushed();
    expect(await hostParent()).toBe('body');
    expect(await focusable()).toBe(false);
    expect(await raised()).toBe(0);
  });
});
