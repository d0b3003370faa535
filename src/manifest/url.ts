/**
 * Which URLs may reach an href or src: http(s), mailto and relative URLs, judged the way a
 * browser's URL parser (WHATWG) reads them, not the way they look.
 *
 * - Browsers read "\" as "/" in http(s) and relative URLs, so "/\evil.example",
 *   "\\evil.example" and "\/evil.example" are protocol-relative: they lead to another host
 *   while looking like paths of this site. Only the plain "//host" form is taken as
 *   protocol-relative (external); any other spelling is refused.
 * - Browsers strip leading and trailing spaces and controls, and delete tabs and newlines
 *   anywhere ("java\tscript:", "/\t/evil.example"). A URL carrying control characters, or
 *   spaces at either end, is refused instead of guessing what the browser rebuilds from it.
 * - http(s) must be written "http(s)://host": "https:evil.example" and "https:\\evil" mean
 *   different hosts on http and https pages.
 */

/** How a safe URL is followed: `relative` stays on this site; `external` opens a new tab. */
export type UrlKind = 'relative' | 'external' | 'mailto';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const EDGE_SPACE = /^[\s\u0000-\u0020]|[\s\u0000-\u0020]$/;
// eslint-disable-next-line no-control-regex
const CONTROLS_AND_SPACES = /[\s\u0000-\u0020\u007f-\u009f]/g;
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
/** "http(s)://" then the first character of a host (not a slash, backslash, "?" or "#"). */
const ABSOLUTE_HTTP = /^[a-zA-Z]+:\/\/[^/\\?#]/;
const PROTOCOL_RELATIVE = /^\/\/[^/\\?#]/;

/** Why `url` may not be used, in words for a writer; undefined when it is safe. */
export function urlProblem(url: unknown): string | undefined {
  if (typeof url !== 'string') return 'it is not a string';
  // The scheme first, as a browser would read it with spaces and controls removed ("java\tscript:").
  const hidden = SCHEME.exec(url.replace(CONTROLS_AND_SPACES, ''))?.[1].toLowerCase();
  if (hidden !== undefined && !['http', 'https', 'mailto'].includes(hidden)) return 'use an http(s), mailto or relative URL';
  if (CONTROL.test(url)) return 'it contains a control character (a tab, a newline, ...), which browsers delete or rewrite';
  if (EDGE_SPACE.test(url)) return 'it starts or ends with a space';
  const scheme = SCHEME.exec(url);
  if (scheme) {
    const name = scheme[1].toLowerCase();
    if (name === 'mailto') return undefined;
    return ABSOLUTE_HTTP.test(url) ? undefined : `write it as "${name}://host/path"; browsers read other spellings as another host`;
  }
  const lead = /^[/\\]*/.exec(url)![0];
  // "", "/" or "\" (read as "/"): a path of this site.
  if (lead.length <= 1 || PROTOCOL_RELATIVE.test(url)) return undefined;
  if (lead.includes('\\')) return 'browsers read "\\" as "/", so this leads to another site; write "//host/path" or "https://host/path" if that is meant';
  // "//" then nothing, a query or a fragment: no host, which browsers refuse to read.
  return lead.length === 2 ? 'it names no host after "//"; write "/path" for a page of this site' : 'three or more slashes lead to another site; write "//host/path" or "https://host/path" if that is meant';
}

/** The kind of a safe URL, or undefined when it is refused (see the module comment). */
export function urlKind(url: unknown): UrlKind | undefined {
  if (urlProblem(url) !== undefined) return undefined;
  const text = url as string;
  if (/^mailto:/i.test(text)) return 'mailto';
  return SCHEME.test(text) || PROTOCOL_RELATIVE.test(text) ? 'external' : 'relative';
}

/**
 * Only http(s), mailto and relative URLs may reach an href or src; anything with another
 * scheme (javascript:, data:, vbscript:, blob:, ...) or that a browser would read as
 * another host while it looks relative is refused.
 */
export function isSafeUrl(url: unknown): url is string {
  return urlProblem(url) === undefined;
}
