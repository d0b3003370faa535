/**
 * src/authoring/Notice.tsx, what the panel says when the manifest file changed on disk under the
 * draft, kind by kind: the words (file name, counts in the singular and plural), the list of
 * edits not re-applied (what the writer wrote or that they removed it, and what the file has now,
 * long values cut), "Start from the file's version" only where the save found conflicts, and
 * Dismiss everywhere; urgent notices are alerts, a restored draft without conflicts only a status.
 * (In the editor, from load and save: Editor.disk.dom.test.tsx.)
 */
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Notice, type DiskNotice } from '../../src/authoring/Notice';
import type { Conflict } from '../../src/authoring/merge';

const CONFLICTS: Conflict[] = [
  { where: 'item "one" at title.en', ours: 'Mine', theirs: 'Theirs' },
  { where: 'item "two"', ours: undefined, theirs: { id: 'two' } },
  { where: 'item "three" at body.en', ours: 'Kept', theirs: undefined },
];

function show(notice: DiskNotice) {
  const onTakeFile = vi.fn();
  const onDismiss = vi.fn();
  const { container } = render(<Notice notice={notice} fileName="help.json" onTakeFile={onTakeFile} onDismiss={onDismiss} />);
  const root = container.querySelector<HTMLElement>('[data-author=notice]')!;
  const text = () => root.textContent!.replace(/\s+/g, ' ');
  const items = (label: string) => [...root.querySelectorAll(`ul[aria-label="${label}"] li`)].map((li) => li.textContent);
  const button = (action: string) => root.querySelector<HTMLButtonElement>(`button[data-action=${action}]`);
  return { root, text, items, button, onTakeFile, onDismiss };
}

afterEach(() => {
  cleanup();
});

describe('Notice', () => {
  it('a restored draft without conflicts: a status, the edits counted, nothing listed', () => {
    const s = show({ kind: 'restored', edits: 1, conflicts: [] });
    expect([s.root.dataset.kind, s.root.getAttribute('role')]).toEqual(['restored', 'status']);
    expect(s.text()).toContain("Your unsaved draft was kept. help.json changed on disk since it was made: 1 change of yours was re-applied onto the file's new version.");
    expect(s.root.querySelector('ul')).toBeNull();
    expect(s.button('take-file')).toBeNull();
  });

  it('a restored draft with conflicts: an alert that lists them and asks to make them again', () => {
    const s = show({ kind: 'restored', edits: 3, conflicts: CONFLICTS.slice(0, 1) });
    expect(s.root.getAttribute('role')).toBe('alert');
    expect(s.text()).toContain("3 changes of yours were re-applied onto the file's new version, except 1 place the file changed too, where the file's version is kept:");
    expect(s.items('Edits not re-applied')).toEqual(['item "one" at title.en: you wrote “Mine”; the file now has “Theirs”']);
    expect(s.text()).toContain('Make those edits again if they are still wanted.');
  });

  it('lists removals on either side, and values that are not text as JSON', () => {
    const s = show({ kind: 'restored', edits: 2, conflicts: CONFLICTS });
    expect(s.text()).toContain('except 3 places the file changed too');
    expect(s.items('Edits not re-applied')).toEqual([
      'item "one" at title.en: you wrote “Mine”; the file now has “Theirs”',
      'item "two": you removed it; the file now has {"id":"two"}',
      'item "three" at body.en: you wrote “Kept”; the file now has nothing there',
    ]);
  });

  it('cuts a long value, so the notice stays readable', () => {
    const long = 'x'.repeat(300);
    const s = show({ kind: 'not-applied', conflicts: [{ where: 'item "a"', ours: long, theirs: 'short' }] });
    const [item] = s.items('Edits not re-applied');
    expect(item).toContain(`you wrote “${'x'.repeat(118)}…`);
    expect(item!.length).toBeLessThan(200);
  });

  it('save-rebased: an alert that nothing was written and the edits were re-applied, to check and save again', () => {
    const s = show({ kind: 'save-rebased', edits: 2 });
    expect([s.root.dataset.kind, s.root.getAttribute('role')]).toEqual(['save-rebased', 'alert']);
    expect(s.text()).toContain("help.json changed on disk since the panel loaded it, so nothing was written. Your 2 changes were re-applied onto the file's new version (its own changes are kept): check them, then press Save again.");
    expect(s.button('take-file')).toBeNull();
  });

  it('save-conflict: lists the places both changed and offers to start from the file\'s version', () => {
    const s = show({ kind: 'save-conflict', conflicts: CONFLICTS.slice(0, 2), current: { schemaVersion: 1 } });
    expect(s.root.getAttribute('role')).toBe('alert');
    expect(s.text()).toContain('the file changed some of the places you edited. Your draft is kept as it is.');
    expect(s.items('Places both changed')).toHaveLength(2);
    expect(s.text()).toContain('(Download help.json first to keep your draft whole.)');
    const take = s.button('take-file')!;
    expect([take.type, take.textContent]).toEqual(['button', "Start from the file's version"]);
    fireEvent.click(take);
    expect(s.onTakeFile).toHaveBeenCalledTimes(1);
    expect(s.onDismiss).not.toHaveBeenCalled();
  });

  it('save-unreadable: an alert that the file is not JSON now and the draft waits for it', () => {
    const s = show({ kind: 'save-unreadable' });
    expect(s.root.getAttribute('role')).toBe('alert');
    expect(s.text()).toContain('help.json changed on disk since the panel loaded it, so nothing was written, and it is not valid JSON now. Your draft is kept: once the file is fixed, reload the page');
    expect(s.root.querySelector('ul')).toBeNull();
  });

  it('not-applied: an alert listing the edits left out when the writer took the file\'s version', () => {
    const s = show({ kind: 'not-applied', conflicts: CONFLICTS.slice(2) });
    expect(s.root.getAttribute('role')).toBe('alert');
    expect(s.text()).toContain('Started from help.json as it is on disk, with your other edits re-applied. These were not: make them again if they are still wanted.');
    expect(s.items('Edits not re-applied')).toEqual(['item "three" at body.en: you wrote “Kept”; the file now has nothing there']);
    expect(s.button('take-file')).toBeNull();
  });

  it.each<DiskNotice>([
    { kind: 'restored', edits: 1, conflicts: [] },
    { kind: 'save-rebased', edits: 1 },
    { kind: 'save-conflict', conflicts: CONFLICTS, current: {} },
    { kind: 'save-unreadable' },
    { kind: 'not-applied', conflicts: CONFLICTS },
  ])('$kind can be dismissed', (notice) => {
    const s = show(notice);
    const dismiss = s.button('dismiss-notice')!;
    expect([dismiss.type, dismiss.textContent]).toEqual(['button', 'Dismiss']);
    fireEvent.click(dismiss);
    expect(s.onDismiss).toHaveBeenCalledTimes(1);
    expect(s.onTakeFile).not.toHaveBeenCalled();
  });
});
