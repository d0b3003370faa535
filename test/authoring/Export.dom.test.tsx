/**
 * src/authoring/Export.tsx: getting the edits back into the repository — the edited manifest
 * as a download, the changes as an RFC 6902 patch (copied, or selected when copying is not
 * allowed), "Save to file" through the dev server (its refusal shown with the reasons), and
 * "Discard all changes".
 */
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Export, type ExportProps } from '../../src/authoring/Export';
import { applyPatch, diffJson, type JsonObject } from '../../src/authoring/json-patch';
import type { SaveResult } from '../../src/authoring/session';
import { fakeSession } from '../support/authoring-session';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  // Tests give navigator its own clipboard (or none): the page's comes back.
  delete (navigator as { clipboard?: unknown }).clipboard;
  document.body.innerHTML = '';
});

const ORIGINAL: JsonObject = { schemaVersion: 1, revision: 'r', items: [{ id: 'tip', type: 'tooltip', target: '#a', title: { en: 'Save' } }] };
const edited = (title: string): JsonObject => ({ ...ORIGINAL, items: [{ id: 'tip', type: 'tooltip', target: '#a', title: { en: 'Save', es: title } }] });

function setup(props: Partial<ExportProps> = {}) {
  const fake = fakeSession();
  const onSaved = vi.fn();
  const onDiscard = vi.fn();
  const onChanged = vi.fn();
  const all: ExportProps = { original: ORIGINAL, draft: edited('Guardar'), fileName: 'manifest.json', saveTarget: undefined, errors: 0, session: fake.session, onSaved, onChanged, onDiscard, ...props };
  const view = render(<Export {...all} />);
  const $ = <T extends Element = HTMLElement>(selector: string) => view.container.querySelector<T>(selector);
  return { ...view, fake, onSaved, onChanged, onDiscard, $, all, patch: () => JSON.parse($<HTMLTextAreaElement>('#gp-author-patch')!.value) as unknown[] };
}

describe('Export: the patch', () => {
  it('is the RFC 6902 patch from the manifest as loaded; applied to it, it gives the draft', () => {
    const { patch, $ } = setup();
    expect(patch()).toEqual([{ op: 'add', path: '/items/0/title/es', value: 'Guardar' }]);
    expect(applyPatch(ORIGINAL, patch() as never)).toEqual(edited('Guardar'));
    expect($('[data-author=change-count]')!.textContent).toBe('1');
    expect($('p')!.textContent).toBe('1 change against manifest.json as loaded.');
    expect($<HTMLTextAreaElement>('#gp-author-patch')!.readOnly).toBe(true);
    expect($('label[for=gp-author-patch]')!.textContent).toBe('JSON Patch (RFC 6902) against manifest.json');
  });

  it('counts changes and errors in words', () => {
    const draft = { ...edited('Guardar'), revision: 'r2' };
    const { $ } = setup({ draft, errors: 2 });
    expect($('p')!.textContent).toBe(`${diffJson(ORIGINAL, draft).length} changes against manifest.json as loaded; 2 errors to fix first (items with errors are skipped by the SDK).`);
    cleanup();
    expect(setup({ draft: ORIGINAL, errors: 1 }).$('p')!.textContent).toBe('0 changes against manifest.json as loaded; 1 error to fix first (items with errors are skipped by the SDK).');
  });

  it('follows the draft as it changes', () => {
    const { rerender, patch, all } = setup();
    rerender(<Export {...all} draft={edited('Guardar todo')} />);
    expect(patch()).toEqual([{ op: 'add', path: '/items/0/title/es', value: 'Guardar todo' }]);
    rerender(<Export {...all} draft={ORIGINAL} />);
    expect(patch()).toEqual([]);
  });

  it('a hostile file name is shown as text', () => {
    const { container } = setup({ fileName: '<img src=x onerror=alert(1)>.json' });
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>.json');
  });
});

describe('Export: copy and discard', () => {
  it('copies the patch to the clipboard and says so; the patch is selected either way', async () => {
    const { $, fake } = setup();
    const writeText = vi.fn(async () => {});
    Object.defineProperty(fake.session.doc.defaultView!.navigator, 'clipboard', { value: { writeText }, configurable: true });
    const select = vi.spyOn(HTMLTextAreaElement.prototype, 'select');
    fireEvent.click($('[data-action=copy-patch]')!);
    expect(select).toHaveBeenCalledTimes(1);
    expect(writeText).toHaveBeenCalledWith($<HTMLTextAreaElement>('#gp-author-patch')!.value);
    await vi.waitFor(() => expect($('[data-author=status]')!.textContent).toBe('Patch copied'));
  });

  it('copying refused: says to copy the selected patch by hand', async () => {
    const { $, fake } = setup();
    Object.defineProperty(fake.session.doc.defaultView!.navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) }, configurable: true });
    fireEvent.click($('[data-action=copy-patch]')!);
    await vi.waitFor(() => expect($('[data-author=status]')!.textContent).toBe('Copying was refused: the patch is selected, copy it with Ctrl+C'));
  });

  it('no clipboard (an insecure origin): the patch is selected', () => {
    const { $, fake } = setup();
    Object.defineProperty(fake.session.doc.defaultView!.navigator, 'clipboard', { value: undefined, configurable: true });
    fireEvent.click($('[data-action=copy-patch]')!);
    expect($('[data-author=status]')!.textContent).toBe('The patch is selected: copy it with Ctrl+C');
  });

  it('"Discard all changes" is offered only when there are changes', () => {
    const { $, onDiscard } = setup();
    fireEvent.click($('[data-action=discard]')!);
    expect(onDiscard).toHaveBeenCalledTimes(1);
    cleanup();
    expect(setup({ draft: ORIGINAL }).$<HTMLButtonElement>('[data-action=discard]')!.disabled).toBe(true);
  });
});

describe('Export: download', () => {
  it('downloads the draft as the file, formatted, from a blob URL that is revoked afterwards', async () => {
    const { $ } = setup({ fileName: 'help texts.json' });
    const view = document.defaultView!;
    const blobs: Blob[] = [];
    const create = vi.spyOn(view.URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:test/1';
    });
    const revoke = vi.spyOn(view.URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicked: { href: string; download: string; connected: boolean }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.getAttribute('href')!, download: this.download, connected: this.isConnected });
    });
    fireEvent.click($('[data-action=download]')!);
    expect(create).toHaveBeenCalledTimes(1);
    expect(blobs[0].type).toBe('application/json');
    expect(await blobs[0].text()).toBe(`${JSON.stringify(edited('Guardar'), null, 2)}\n`);
    expect(clicked).toEqual([{ href: 'blob:test/1', download: 'help texts.json', connected: true }]);
    // The anchor is gone at once; the URL once the download has started.
    expect(document.querySelector('a[download]')).toBeNull();
    await vi.waitFor(() => expect(revoke).toHaveBeenCalledWith('blob:test/1'));
    expect($('[data-action=download]')!.textContent).toBe('Download help texts.json');
  });
});

describe('Export: save to file', () => {
  it('offered only when the dev server answers; disabled without changes', () => {
    expect(setup().$('[data-action=save]')).toBeNull();
    cleanup();
    const { $ } = setup({ saveTarget: 'content/manifest.json' });
    expect($('[data-action=save]')!.textContent).toBe('Save to file (content/manifest.json)');
    expect($<HTMLButtonElement>('[data-action=save]')!.disabled).toBe(false);
    cleanup();
    expect(setup({ saveTarget: 'm.json', draft: ORIGINAL }).$<HTMLButtonElement>('[data-action=save]')!.disabled).toBe(true);
  });

  it('saves the draft, is disabled while it does, says where, and makes it the new base', async () => {
    const { $, fake, onSaved } = setup({ saveTarget: 'm.json' });
    let finish!: (result: SaveResult) => void;
    fake.save.mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    fireEvent.click($('[data-action=save]')!);
    // Over the manifest as loaded: the server writes only if the file is still that.
    expect(fake.save).toHaveBeenCalledWith(edited('Guardar'), ORIGINAL);
    await vi.waitFor(() => expect($<HTMLButtonElement>('[data-action=save]')!.disabled).toBe(true));
    finish({ ok: true, message: 'Saved to m.json (previous version in m.json.bak)' });
    await vi.waitFor(() => expect($('[data-author=status]')!.textContent).toBe('Saved to m.json (previous version in m.json.bak)'));
    expect(onSaved).toHaveBeenCalledTimes(1);
    // With what was sent: the draft that is now the file's content.
    expect(onSaved).toHaveBeenCalledWith({ draft: edited('Guardar'), original: ORIGINAL });
    expect($<HTMLButtonElement>('[data-action=save]')!.disabled).toBe(false);
    expect($('[aria-label="Why the file was not saved"]')).toBeNull();
    // A success is a status, not an alert.
    expect($('[data-author=status]')!.getAttribute('role')).toBe('status');
    expect($('[role=alert]')).toBeNull();
  });

  it('a refusal: the reason and the validator\'s problems, as text; nothing rebased', async () => {
    const { $, fake, onSaved, container } = setup({ saveTarget: 'm.json' });
    fake.save.mockResolvedValue({ ok: false, message: 'the manifest has errors', problems: ['item "tip": <b>bad</b>', 'second'] });
    fireEvent.click($('[data-action=save]')!);
    // Said as an error (it used to be the green polite status line a success uses).
    await vi.waitFor(() => expect($('[data-author=save-error]')!.textContent).toBe('⚠ Not saved: the manifest has errors'));
    expect($('[data-author=save-error]')!.getAttribute('role')).toBe('alert');
    expect($('[data-author=status]')!.textContent).toBe('');
    expect([...container.querySelectorAll('[aria-label="Why the file was not saved"] li')].map((li) => li.textContent)).toEqual(['item "tip": <b>bad</b>', 'second']);
    expect(container.querySelector('b')).toBeNull();
    expect(onSaved).not.toHaveBeenCalled();
    // A later success clears the reasons.
    fake.save.mockResolvedValue({ ok: true, message: 'Saved to m.json' });
    fireEvent.click($('[data-action=save]')!);
    await vi.waitFor(() => expect($('[aria-label="Why the file was not saved"]')).toBeNull());
    expect(onSaved).toHaveBeenCalledTimes(1);
    expect($('[data-author=save-error]')).toBeNull();
  });

  it('a failure of any kind is an alert with "Not saved:", never the success status', async () => {
    const { $, fake } = setup({ saveTarget: 'm.json' });
    for (const message of ['the server could not be reached: Failed to fetch', 'the server answered HTTP 502', 'm.json was not written: it changed on disk since the panel loaded it']) {
      fake.save.mockResolvedValueOnce({ ok: false, message, problems: [] });
      fireEvent.click($('[data-action=save]')!);
      await vi.waitFor(() => expect($('[role=alert][data-author=save-error]')?.textContent).toBe(`⚠ Not saved: ${message}`));
      expect($('[data-author=status]')!.textContent).toBe('');
    }
  });

  it('a file changed on disk: onChanged gets its content, nothing is rebased as saved', async () => {
    const { $, fake, onSaved, onChanged } = setup({ saveTarget: 'm.json' });
    const current = { ...ORIGINAL, revision: 'by-hand' };
    fake.save.mockResolvedValue({ ok: false, message: 'm.json was not written: it changed on disk since the panel loaded it', problems: [], changed: { current } });
    fireEvent.click($('[data-action=save]')!);
    await vi.waitFor(() => expect(onChanged).toHaveBeenCalledWith(current, { draft: edited('Guardar'), original: ORIGINAL }));
    expect(onSaved).not.toHaveBeenCalled();
  });
});
