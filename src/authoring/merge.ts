/**
 * Re-applying the writer's edits onto a manifest that changed on disk meanwhile: a three-way
 * merge of the manifest the edits were made from (`base`), the draft (`ours`) and the file as
 * it is now (`theirs`). A place only one side changed takes that side's value; a place both
 * changed differently is a conflict, where the file's value is kept and the draft's reported
 * (never dropped without a word). Items (and other arrays of entries with distinct ids) are
 * matched by id, so an item added or removed in the file does not shift the draft's edits onto
 * another item; other arrays are merged entry by entry when both sides kept their length, or
 * when one side only appended.
 */
import { diffJson, isObject, jsonEqual, type Json, type JsonObject } from './json-patch';

export interface Conflict {
  /** Where, for the writer: `item "tip" at title.en`, or a path outside items. */
  where: string;
  /** What the draft has there (undefined: the draft removed it). */
  ours: Json | undefined;
  /** What the file has there now (undefined: the file removed it). */
  theirs: Json | undefined;
}

export interface Merge {
  /** The file's version with the draft's edits re-applied (the file's value at conflicts). */
  merged: JsonObject;
  conflicts: Conflict[];
  /** How many changes the draft made to `base` (as the exported patch counts them). */
  edits: number;
}

type Segment = string | { id: string } | number;

const same = (a: Json | undefined, b: Json | undefined) => (a === undefined || b === undefined ? a === b : jsonEqual(a, b));

/** `item "tip" at title.en` / `settings.theme`. */
function describe(path: readonly Segment[]): string {
  const part = (segments: readonly Segment[]) =>
    segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : typeof s === 'object' ? `[id="${s.id}"]` : `${i ? '.' : ''}${/^[A-Za-z_$][\w$-]*$/.test(s) ? s : JSON.stringify(s)}`)).join('').replace(/^\./, '');
  const [first, second, ...rest] = path;
  if (first === 'items' && typeof second === 'object') return rest.length ? `item "${second.id}" at ${part(rest)}` : `item "${second.id}"`;
  return part(path) || 'the whole manifest';
}

/** The ids of entries that all have a distinct string id, else undefined. */
function ids(values: readonly Json[]): string[] | undefined {
  const out = values.map((v) => (isObject(v) && typeof v.id === 'string' ? v.id : undefined));
  return out.every((id): id is string => id !== undefined) && new Set(out).size === out.length ? out : undefined;
}

class Merger {
  readonly conflicts: Conflict[] = [];

  value(b: Json | undefined, o: Json | undefined, t: Json | undefined, path: Segment[]): Json | undefined {
    if (same(o, b)) return t;
    if (same(t, b) || same(o, t)) return o;
    if (isObject(b) && isObject(o) && isObject(t)) return this.object(b, o, t, path);
    if (Array.isArray(b) && Array.isArray(o) && Array.isArray(t)) {
      const merged = this.byId(b, o, t, path) ?? this.byIndex(b, o, t, path);
      if (merged) return merged;
    }
    this.conflicts.push({ where: describe(path), ours: o, theirs: t });
    return t;
  }

  private object(b: JsonObject, o: JsonObject, t: JsonObject, path: Segment[]): JsonObject {
    const out: JsonObject = {};
    // The file's key order, then the keys the draft added (last, where the editor puts them).
    const keys = [...new Set([...Object.keys(t), ...Object.keys(o), ...Object.keys(b)])];
    const own = (x: JsonObject, k: string) => (Object.prototype.hasOwnProperty.call(x, k) ? x[k] : undefined);
    for (const key of keys) {
      const merged = this.value(own(b, key), own(o, key), own(t, key), [...path, key]);
      if (merged !== undefined) Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  /** Arrays of entries with ids: matched by id, in the file's order, the draft's new entries after their predecessor. */
  private byId(b: Json[], o: Json[], t: Json[], path: Segment[]): Json[] | undefined {
    const [ib, io, it] = [ids(b), ids(o), ids(t)];
    if (!ib || !io || !it) return undefined;
    const at = (list: Json[], keys: string[], id: string) => (keys.includes(id) ? list[keys.indexOf(id)] : undefined);
    const out: { id: string; value: Json }[] = [];
    for (const id of it) {
      const value = this.value(at(b, ib, id), at(o, io, id), at(t, it, id), [...path, { id }]);
      if (value !== undefined) out.push({ id, value });
    }
    // Removed from the file: gone, unless the draft changed it (a conflict).
    for (const id of io) if (ib.includes(id) && !it.includes(id)) this.value(at(b, ib, id), at(o, io, id), undefined, [...path, { id }]);
    io.forEach((id, index) => {
      if (ib.includes(id) || it.includes(id)) return;
      const before = io.slice(0, index).reverse().find((prev) => out.some((e) => e.id === prev));
      out.splice(before === undefined ? 0 : out.findIndex((e) => e.id === before) + 1, 0, { id, value: o[index] });
    });
    return out.map((e) => e.value);
  }

  /**
   * Other arrays (tour steps): entry by entry when no side changed the length; when one side
   * appended (the panel adds steps at the end), its first entries with the other's, then its
   * new ones — unless that collides anywhere (entries may have shifted): then the whole array is one conflict.
   */
  private byIndex(b: Json[], o: Json[], t: Json[], path: Segment[]): Json[] | undefined {
    const pairwise = (merger: Merger) => b.map((v, i) => merger.value(v, o[i], t[i], [...path, i]) as Json);
    if (o.length === b.length && t.length === b.length) return pairwise(this);
    const longer = t.length === b.length && o.length > b.length ? o : o.length === b.length && t.length > b.length ? t : undefined;
    if (!longer) return undefined;
    const trial = new Merger();
    const merged = pairwise(trial);
    return trial.conflicts.length ? undefined : [...merged, ...longer.slice(b.length)];
  }
}

/** The draft's edits of `base` re-applied onto `theirs`. */
export function mergeEdits(base: JsonObject, ours: JsonObject, theirs: JsonObject): Merge {
  const merger = new Merger();
  const merged = merger.value(base, ours, theirs, []);
  return { merged: isObject(merged) ? merged : theirs, conflicts: merger.conflicts, edits: diffJson(base, ours).length };
}

/** A value as the panel quotes it: a text as written, anything else as short JSON. */
export function quote(value: Json | undefined): string {
  if (value === undefined) return 'removed it';
  const text = typeof value === 'string' ? `“${value}”` : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
