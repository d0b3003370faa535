/**
 * src/authoring/Editor.tsx when the manifest file changed on disk under the draft: a draft kept
 * by an earlier page load is re-applied onto the new file, and the writer is told which edits
 * did not apply (it used to be deleted without a word); a save the server refused because the
 * file changed (409) re-applies the draft onto the file's version when nothing collides, and
 * otherwise keeps the draft and lists the places both changed, with a way to go on.
 */
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Editor } from '../../src/authoring/Editor';
import type { JsonObject } from '../../src/authoring/json-patch';
import type { KeptDraft, SaveResult } from '../../src/authoring/session';
import { fakeSession } from '../support/authoring-session';

const tip = (id: string, title: string) => ({ id, type: 'tooltip', target: '#save', title: { en: title }, body: { en: 'Body' } });
const manifest = (revision: string, ...items: object[]) => ({ schemaVersion: 1, revision, items }) as JsonObject;
const ORIGINAL = manifest('r1', tip('one', 'One'), tip('two', 'Two'));

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

function setup(kept?: KeptDraft) {
  document.body.innerHTML = '<button id="save">Save</button>';
  const fake = fakeSession({ original: ORIGINAL });
  if (kept) fake.keptDraft.mockReturnValue(kept);
  fake.saveTarget.mockResolvedValue('manifest.json');
  const view = render(<Editor session={fake.session} loaded={{ original: ORIGINAL, fileName: 'manifest.json' }} onPicking={() => {}} />);
  const $ = <T extends HTMLElement = HTMLElement>(selector: string) => view.container.querySelector<T>(selector);
  const patch = () => JSON.parse($<HTMLTextAreaElement>('#gp-author-patch')!.value) as { op: string; path: string; value?: unknown }[];
  const draft = () => fake.keepDraft.mock.calls.at(-1)![1] as JsonObject;
  return { fake, $, patch, draft };
}

describe('Editor: a kept draft made from an older version of the file', () => {
  it('comes back re-applied, saying so, and names each edit that did not apply with what the writer had written', () => {
    const { $, draft } = setup({ draft: manifest('r2', tip('one', 'One'), tip('two', 'File wins')), rebased: { edits: 2, conflicts: [{ where: 'item "two" at title.en', ours: 'Mine', theirs: 'File wins' }] } });
    const notice = $('[data-author=notice]')!;
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.textContent).toContain('Your unsaved draft was kept. manifest.json changed on disk since it was made');
    expect(notice.querySelector('li')!.textContent).toBe('item "two" at title.en: you wrote “Mine”; the file now has “File wins”');
    expect(draft().revision).toBe('r2');
  });

  it('with every edit re-applied: a polite status', () => {
    const { $ } = setup({ draft: manifest('r2', tip('one', 'One'), tip('two', 'Two')), rebased: { edits: 1, conflicts: [] } });
    expect($('[data-author=notice]')!.getAttribute('role')).toBe('status');
    expect($('[data-author=notice]')!.textContent).toContain("1 change of yours was re-applied onto the file's new version.");
  });
});

describe('Editor: Save finds the file changed on disk (409)', () => {
  const refused = (current?: JsonObject) => ({ ok: false as const, message: 'manifest.json was not written: it changed on disk since the panel loaded it', problems: [], changed: { current } });

  it('edits of other places: re-applied onto the file\'s version, which becomes the base; the next save goes over it', async () => {
    const { fake, $, patch, draft } = setup();
    await vi.waitFor(() => expect($('[data-action=save]')).not.toBeNull());
    fireEvent.input($('#gp-author-one-item-title')!, { target: { value: 'Mine' } });
    const onDisk = manifest('by-hand', tip('one', 'One'), tip('two', 'Two by hand'));
    fake.save.mockResolvedValueOnce(refused(onDisk));
    fireEvent.click($('[data-action=save]')!);
    await vi.waitFor(() => expect($('[data-author=notice]')?.getAttribute('data-kind')).toBe('save-rebased'));
    expect($('[data-author=notice]')!.textContent).toContain('manifest.json changed on disk since the panel loaded it, so nothing was written. Your 1 change was re-applied');
    expect($('[data-author=save-error]')!.textContent).toContain('Not saved:');
    expect(draft()).toEqual(manifest('by-hand', tip('one', 'Mine'), tip('two', 'Two by hand')));
    expect(patch()).toEqual([{ op: 'replace', path: '/items/0/title/en', value: 'Mine' }]);
    fireEvent.click($('[data-action=save]')!);
    await vi.waitFor(() => expect(fake.save).toHaveBeenCalledTimes(2));
    expect(fake.save.mock.calls[1][1]).toEqual(onDisk);
  });

  it('the same place changed on both sides: the draft is kept as it is, the place listed; "Start from the file\'s version" re-applies the rest', async () => {
    const { fake, $, patch, draft } = setup();
    await vi.waitFor(() => expect($('[data-action=save]')).not.toBeNull());
    fireEvent.input($('#gp-author-one-item-title')!, { target: { value: 'Mine' } });
    fireEvent.input($('#gp-author-one-item-body')!, { target: { value: 'My body' } });
    fake.save.mockResolvedValueOnce(refused(manifest('by-hand', tip('one', 'Theirs'), tip('two', 'Two'))));
    fireEvent.click($('[data-action=save]')!);
    await vi.waitFor(() => expect($('[data-author=notice]')?.getAttribute('data-kind')).toBe('save-conflict'));
    expect($('[data-author=notice]')!.getAttribute('role')).toBe('alert');
    expect([...$('[data-author=notice]')!.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['item "one" at title.en: you wrote “Mine”; the file now has “Theirs”']);
    // Kept as it was: nothing re-based yet.
    expect(patch()).toHaveLength(2);
    expect(draft().revision).toBe('r1');
    fireEvent.click($('[data-action=take-file]')!);
    await vi.waitFor(() => expect($('[data-author=notice]')?.getAttribute('data-kind')).toBe('not-applied'));
    expect(draft()).toEqual(manifest('by-hand', { ...tip('one', 'Theirs'), body: { en: 'My body' } }, tip('two', 'Two')));
    expect($('[data-author=notice] li')!.textContent).toContain('you wrote “Mine”');
  });

  it('a file that is not JSON now: nothing rebased, the writer told to fix it and reload', async () => {
    const { fake, $, patch } = setup();
    await vi.waitFor(() => expect($('[data-action=save]')).not.toBeNull());
    fireEvent.input($('#gp-author-one-item-title')!, { target: { value: 'Mine' } });
    fake.save.mockResolvedValueOnce(refused(undefined));
    fireEvent.click($('[data-action=save]')!);
    await vi.waitFor(() => expect($('[data-author=notice]')?.textContent).toContain('it is not valid JSON now. Your draft is kept'));
    expect(patch()).toHaveLength(1);
  });
});

describe('Editor: an edit made while a save is in flight', () => {
  const deferSave = (fake: ReturnType<typeof setup>['fake']) => {
    let answer!: (result: SaveResult) => void;
    fake.save.mockImplementationOnce(() => new Promise<SaveResult>((resolve) => (answer = resolve)));
    return (result: SaveResult) => answer(result);
  };

  it('survives a 200: it is still a change, the draft is kept, Save stays enabled', async () => {
    const { fake, $, patch, draft } = setup();
    await vi.waitFor(() => expect($('[data-action=save]')).not.toBeNull());
    fireEvent.input($('#gp-author-one-item-title')!, { target: { value: 'Sent' } });
    const answer = deferSave(fake);
    fireEvent.click($('[data-action=save]')!);
    expect(fake.save.mock.calls[0][0]).toEqual(manifest('r1', tip('one', 'Sent'), tip('two', 'Two')));
    // Edited before the answer arrives.
    fireEvent.input($('#gp-author-one-item-body')!, { target: { value: 'After' } });
    await vi.waitFor(() => expect(draft()).toEqual(manifest('r1', { ...tip('one', 'Sent'), body: { en: 'After' } }, tip('two', 'Two'))));
    answer({ ok: true, message: 'Saved to manifest.json' });
    await vi.waitFor(() => expect($('[data-author=status]')!.textContent).toBe('Saved to manifest.json'));
    // The file has what was sent; the later edit is the one change left.
    expect(patch()).toEqual([{ op: 'replace', path: '/items/0/body/en', value: 'After' }]);
    expect($('[data-author=change-count]')!.textContent).toBe('1');
    expect($<HTMLButtonElement>('[data-action=save]')!.disabled).toBe(false);
    const [keptOriginal, keptDraft] = fake.keepDraft.mock.calls.at(-1)! as [JsonObject, JsonObject];
    expect(keptOriginal).toEqual(manifest('r1', tip('one', 'Sent'), tip('two', 'Two')));
    expect(keptDraft).toEqual(manifest('r1', { ...tip('one', 'Sent'), body: { en: 'After' } }, tip('two', 'Two')));
    // The next save goes over what the file now has.
    fireEvent.click($('[data-action=save]')!);
    await vi.waitFor(() => expect(fake.save).toHaveBeenCalledTimes(2));
    expect(fake.save.mock.calls[1]).toEqual([manifest('r1', { ...tip('one', 'Sent'), body: { en: 'After' } }, tip('two', 'Two')), manifest('r1', tip('one', 'Sent'), tip('two', 'Two'))]);
  });

  it('survives a 409: re-applied onto the file\'s version with the edits sent', async () => {
    const { fake, $, patch, draft } = setup();
    await vi.waitFor(() => expect($('[data-action=save]')).not.toBeNull());
    fireEvent.input($('#gp-author-one-item-title')!, { target: { value: 'Sent' } });
    const answer = deferSave(fake);
    fireEvent.click($('[data-action=save]')!);
    fireEvent.input($('#gp-author-one-item-body')!, { target: { value: 'After' } });
    await vi.waitFor(() => expect(draft()).toEqual(manifest('r1', { ...tip('one', 'Sent'), body: { en: 'After' } }, tip('two', 'Two'))));
    const onDisk = manifest('by-hand', tip('one', 'One'), tip('two', 'Two by hand'));
    answer({ ok: false, message: 'manifest.json was not written: it changed on disk since the panel loaded it', problems: [], changed: { current: onDisk } });
    await vi.waitFor(() => expect($('[data-author=notice]')?.getAttribute('data-kind')).toBe('save-rebased'));
    expect(draft()).toEqual(manifest('by-hand', { ...tip('one', 'Sent'), body: { en: 'After' } }, tip('two', 'Two by hand')));
    expect(patch()).toEqual([
      { op: 'replace', path: '/items/0/title/en', value: 'Sent' },
      { op: 'replace', path: '/items/0/body/en', value: 'After' },
    ]);
  });
});
