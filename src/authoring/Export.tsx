/**
 * Getting the edits back into the repository: the edited manifest as a file download, the
 * changes as an RFC 6902 JSON Patch against the manifest as loaded (paste it into a review, or
 * apply it with any JSON Patch tool), and "Save to file" when `guidepost serve --author`
 * answers on this origin (it validates, keeps a .bak and rewrites only what changed, and writes
 * nothing when the file changed on disk since `original`: then `onChanged` gets its content).
 * Both outcomes carry what was sent (`Sent`): the writer may go on editing while the save is in
 * flight, so the props at the time the answer arrives are not what the file now has.
 * A save that failed is said as an error (role=alert, "Not saved:"), a success as a status.
 */
import type { ComponentChildren } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import { diffJson, type JsonObject } from './json-patch';
import type { Session } from './session';

/** What a save sent: the draft written (or refused) and the base it was checked against. */
export interface Sent {
  draft: JsonObject;
  original: JsonObject;
}

export interface ExportProps {
  original: JsonObject;
  draft: JsonObject;
  fileName: string;
  /** The file `guidepost serve --author` writes, when it answers. */
  saveTarget: string | undefined;
  errors: number;
  session: Session;
  /** `sent.draft` is what the file now has (edits made since it was sent are not in it). */
  onSaved: (sent: Sent) => void;
  /** The file changed on disk since `sent.original` (nothing was written): its content now, when it is JSON. */
  onChanged: (current: JsonObject | undefined, sent: Sent) => void;
  onDiscard: () => void;
  /** What the panel says about the file having changed (Notice.tsx), under the save's outcome. */
  children?: ComponentChildren;
}

/** Starts a download of `text` named `name` (an <a download> on a blob URL, inside the panel). */
function download(anchorParent: Element, name: string, text: string): void {
  const doc = anchorParent.ownerDocument;
  const view = doc.defaultView ?? window;
  const url = view.URL.createObjectURL(new view.Blob([text], { type: 'application/json' }));
  const anchor = doc.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchorParent.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // The download has started from the URL by the time a task runs; then it can go.
  view.setTimeout(() => view.URL.revokeObjectURL(url), 0);
}

export function Export({ original, draft, fileName, saveTarget, errors, session, onSaved, onChanged, onDiscard, children }: ExportProps) {
  const patch = useMemo(() => diffJson(original, draft), [original, draft]);
  const patchText = JSON.stringify(patch, null, 2);
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState('');
  const [saveProblems, setSaveProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const text = `${JSON.stringify(draft, null, 2)}\n`;
  // The callbacks as of the latest render: the answer to a save comes after the writer may have edited on.
  const latest = useRef({ onSaved, onChanged });
  latest.current = { onSaved, onChanged };

  const save = async () => {
    setBusy(true);
    setFailure('');
    setStatus('');
    const sent: Sent = { draft, original };
    const result = await session.save(sent.draft, sent.original);
    setBusy(false);
    if (result.ok) setStatus(result.message);
    else setFailure(result.message);
    setSaveProblems(result.ok ? [] : result.problems);
    if (result.ok) latest.current.onSaved(sent);
    else if (result.changed) latest.current.onChanged(result.changed.current, sent);
  };

  const copy = (button: HTMLElement) => {
    const area = button.parentElement?.parentElement?.querySelector('textarea');
    area?.select();
    const clipboard = session.doc.defaultView?.navigator.clipboard;
    const done = () => setStatus('Patch copied');
    if (clipboard) void clipboard.writeText(patchText).then(done, () => setStatus('Copying was refused: the patch is selected, copy it with Ctrl+C'));
    else setStatus('The patch is selected: copy it with Ctrl+C');
  };

  return (
    <section aria-labelledby="gp-author-export" data-author="export">
      <h3 id="gp-author-export">Export</h3>
      <p>
        <strong data-author="change-count">{patch.length}</strong> change{patch.length === 1 ? '' : 's'} against {fileName} as loaded
        {errors > 0 && `; ${errors} error${errors === 1 ? '' : 's'} to fix first (items with errors are skipped by the SDK)`}.
      </p>
      <div data-author="row">
        <button type="button" data-action="download" onClick={(e) => download(e.currentTarget.parentElement!, fileName, text)}>
          Download {fileName}
        </button>
        {saveTarget && (
          <button type="button" data-primary="" data-action="save" disabled={busy || patch.length === 0} onClick={() => void save()}>
            Save to file ({saveTarget})
          </button>
        )}
      </div>
      <p data-author="status" role="status">
        {status}
      </p>
      {failure && (
        <p data-author="save-error" role="alert">
          <span aria-hidden="true">⚠ </span>
          <strong>Not saved:</strong> {failure}
        </p>
      )}
      {children}
      {saveProblems.length > 0 && (
        <ul data-author="problems" aria-label="Why the file was not saved">
          {saveProblems.map((message) => (
            <li>{message}</li>
          ))}
        </ul>
      )}
      <label for="gp-author-patch">JSON Patch (RFC 6902) against {fileName}</label>
      <textarea id="gp-author-patch" data-author="patch" readOnly value={patchText} rows={8} />
      <div data-author="row">
        <button type="button" data-action="copy-patch" onClick={(e) => copy(e.currentTarget)}>
          Copy patch
        </button>
        <button type="button" data-action="discard" disabled={patch.length === 0} onClick={onDiscard}>
          Discard all changes
        </button>
      </div>
    </section>
  );
}
