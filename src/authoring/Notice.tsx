/**
 * What the panel tells the writer when the manifest file changed on disk under their draft:
 * at page load (the kept draft was re-applied onto the new file) and on "Save to file" (the
 * server wrote nothing). It says what happened, which of the writer's edits could not be
 * re-applied (with what they had written, so nothing is lost without a word) and how to go on.
 */
import type { JsonObject } from './json-patch';
import { quote, type Conflict } from './merge';

export type DiskNotice =
  /** A draft kept from an earlier page load, re-applied onto the file as it is now. */
  | { kind: 'restored'; edits: number; conflicts: Conflict[] }
  /** Save found the file changed; the draft's edits were re-applied onto it without conflict. */
  | { kind: 'save-rebased'; edits: number }
  /** Save found the file changed at places the draft changed too; the draft is kept as it was. */
  | { kind: 'save-conflict'; conflicts: Conflict[]; current: JsonObject }
  /** Save found the file changed and not readable as JSON. */
  | { kind: 'save-unreadable' }
  /** The writer took the file's version; these edits were not re-applied. */
  | { kind: 'not-applied'; conflicts: Conflict[] };

export interface NoticeProps {
  notice: DiskNotice;
  fileName: string;
  /** For save-conflict: start from the file's version with the other edits re-applied. */
  onTakeFile: () => void;
  onDismiss: () => void;
}

function ConflictList({ conflicts, label }: { conflicts: readonly Conflict[]; label: string }) {
  return (
    <ul aria-label={label}>
      {conflicts.map((c) => (
        <li>
          {c.where}: you {c.ours === undefined ? 'removed it' : `wrote ${quote(c.ours)}`}; the file now has {c.theirs === undefined ? 'nothing there' : quote(c.theirs)}
        </li>
      ))}
    </ul>
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** "was" or "were", agreeing with a count of `n`. */
const were = (n: number) => (n === 1 ? 'was' : 'were');

export function Notice({ notice, fileName, onTakeFile, onDismiss }: NoticeProps) {
  const changed = `${fileName} changed on disk since`;
  let body;
  switch (notice.kind) {
    case 'restored':
      body = (
        <>
          <p>
            Your unsaved draft was kept. {changed} it was made: {plural(notice.edits, 'change')} of yours {notice.conflicts.length ? `${were(notice.edits)} re-applied onto the file's new version, except ${plural(notice.conflicts.length, 'place')} the file changed too, where the file's version is kept:` : `${were(notice.edits)} re-applied onto the file's new version.`}
          </p>
          {notice.conflicts.length > 0 && <ConflictList conflicts={notice.conflicts} label="Edits not re-applied" />}
          {notice.conflicts.length > 0 && <p>Make those edits again if they are still wanted.</p>}
        </>
      );
      break;
    case 'save-rebased':
      body = (
        <p>
          {changed} the panel loaded it, so nothing was written. Your {plural(notice.edits, 'change')} {were(notice.edits)} re-applied onto the file's new version (its own changes are kept): check them, then press Save again.
        </p>
      );
      break;
    case 'save-conflict':
      body = (
        <>
          <p>{changed} the panel loaded it, so nothing was written: the file changed some of the places you edited. Your draft is kept as it is.</p>
          <ConflictList conflicts={notice.conflicts} label="Places both changed" />
          <p>
            To go on, start from the file's version: your other edits are re-applied onto it and these places keep the file's text, to edit again. (Download {fileName} first to keep your draft whole.)
          </p>
          <button type="button" data-action="take-file" onClick={onTakeFile}>
            Start from the file's version
          </button>
        </>
      );
      break;
    case 'save-unreadable':
      body = <p>{changed} the panel loaded it, so nothing was written, and it is not valid JSON now. Your draft is kept: once the file is fixed, reload the page, and your draft is re-applied onto it.</p>;
      break;
    case 'not-applied':
      body = (
        <>
          <p>Started from {fileName} as it is on disk, with your other edits re-applied. These were not: make them again if they are still wanted.</p>
          <ConflictList conflicts={notice.conflicts} label="Edits not re-applied" />
        </>
      );
      break;
  }
  const urgent = notice.kind !== 'restored' || notice.conflicts.length > 0;
  return (
    <div data-author="notice" data-kind={notice.kind} role={urgent ? 'alert' : 'status'}>
      {body}
      <button type="button" data-action="dismiss-notice" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
