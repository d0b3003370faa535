/**
 * Talking to what lies outside the page's runtime on the panel's behalf (session.ts calls these):
 * the tab's storage, where an unsaved draft waits across page loads, and `guidepost serve
 * --author`'s endpoint, which writes the file only over the version the draft started from.
 * A draft made from a file that changed since is never dropped: its edits are re-applied onto
 * the new file (merge.ts), and the ones that touch what the file changed are reported.
 */
import { isObject, type JsonObject } from './json-patch';
import { mergeEdits, type Conflict } from './merge';
import { manifestVersion } from './version';

/** The dev server's endpoint (`guidepost serve --author`), same origin as the page. */
export const SAVE_PATH = '/__guidepost/manifest';

export type SaveResult =
  | { ok: true; message: string }
  | {
      ok: false;
      message: string;
      problems: string[];
      /** The file changed on disk since the draft's base (409): its content now, when it is JSON. */
      changed?: { current?: JsonObject };
    };

/** A draft kept by an earlier page load of this tab. */
export interface KeptDraft {
  draft: JsonObject;
  /** The file changed since the draft was made: its edits were re-applied onto the new one. */
  rebased?: { edits: number; conflicts: Conflict[] };
}

/** Keeps the draft in `storage`; forgets it when it equals the original. */
export function keepDraft(storage: Storage | undefined, key: string, original: JsonObject, draft: JsonObject): void {
  try {
    const base = JSON.stringify(original);
    const edited = JSON.stringify(draft);
    if (edited === base) storage?.removeItem(key);
    else storage?.setItem(key, JSON.stringify({ base, edited }));
  } catch {
    // Storage full or refused: the draft lives as long as the page.
  }
}

/** The draft kept under `key`, re-applied onto `original` when it was made from another version of the file. */
export function keptDraft(storage: Storage | undefined, key: string, original: JsonObject): KeptDraft | undefined {
  try {
    const kept = JSON.parse(storage?.getItem(key) ?? 'null') as { base?: unknown; edited?: unknown } | null;
    if (!isObject(kept) || typeof kept.base !== 'string' || typeof kept.edited !== 'string') return undefined;
    const draft: unknown = JSON.parse(kept.edited);
    if (!isObject(draft)) return undefined;
    if (kept.base === JSON.stringify(original)) return { draft };
    const base: unknown = JSON.parse(kept.base);
    if (!isObject(base)) return undefined;
    const { merged, conflicts, edits } = mergeEdits(base, draft, original);
    return { draft: merged, rebased: { edits, conflicts } };
  } catch {
    return undefined;
  }
}

/** PUTs `draft` as the next version of the file that was `base`; the answer says what was saved or what is wrong. */
export async function saveDraft(draft: JsonObject, base: JsonObject): Promise<SaveResult> {
  try {
    const headers = { 'content-type': 'application/json', 'if-match': manifestVersion(base) };
    const response = await fetch(SAVE_PATH, { method: 'PUT', credentials: 'same-origin', headers, body: JSON.stringify(draft) });
    // Read field by field: whatever answers on that path (a proxy, another server) may send anything.
    const body: unknown = await response.json().catch(() => undefined);
    const text = (key: string) => (isObject(body) && typeof body[key] === 'string' ? (body[key] as string) : undefined);
    const problems = isObject(body) && Array.isArray(body.problems) ? body.problems.filter((p): p is string => typeof p === 'string') : [];
    const backup = text('backup');
    if (response.ok) return { ok: true, message: `Saved to ${text('saved') ?? 'the file'}${backup ? ` (previous version in ${backup})` : ''}` };
    const message = text('error') ?? `the server answered HTTP ${response.status}`;
    if (response.status === 409) return { ok: false, message, problems, changed: { current: isObject(body) && isObject(body.current) ? body.current : undefined } };
    return { ok: false, message, problems };
  } catch (error) {
    return { ok: false, message: `the server could not be reached: ${(error as Error).message}`, problems: [] };
  }
}
