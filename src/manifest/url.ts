/**
 * Only http(s), mailto and relative URLs may reach an href or src. Anything with another
 * scheme (javascript:, data:, vbscript:, blob:, ...) is refused. Browsers ignore tabs,
 * newlines and leading control characters inside a scheme ("java\tscript:"), so they are
 * stripped before the scheme is read, as the URL parser does.
 */
export function isSafeUrl(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  // eslint-disable-next-line no-control-regex
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned);
  // No scheme: a relative or protocol-relative URL, which inherits http(s) from the page.
  if (!scheme) return true;
  return ['http', 'https', 'mailto'].includes(scheme[1].toLowerCase());
}
