/**
 * The version of a manifest, for "Save to file"'s optimistic concurrency: the panel sends the
 * version of the manifest it started from (`If-Match`), and `guidepost serve --author` writes
 * only when the file on disk still has that version (save-endpoint.ts). Computed from the
 * parsed JSON with sorted keys, so both sides agree whatever the file's formatting or key order,
 * and a change of spaces alone in the file is not taken for an edit (the save keeps it anyway).
 * Not a security measure: a fast 64-bit hash, the same in the browser and in Node.
 */
import { isObject, type Json } from './json-patch';

/** JSON with sorted keys: equal values give equal text. */
function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  return JSON.stringify(value);
}

/** Two 32-bit lanes (cyrb53's mixing), as 16 hex digits. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/** The entity tag of a manifest (quoted, as HTTP writes it): `"gp-<length>-<hash>"`. */
export function manifestVersion(manifest: Json): string {
  const text = canonical(manifest);
  return `"gp-${text.length.toString(36)}-${hash(text)}"`;
}
