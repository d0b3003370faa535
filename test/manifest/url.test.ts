/**
 * src/manifest/url.ts on its own: which URLs may reach an href or src (`urlProblem`, `urlKind`,
 * `isSafeUrl`), edge cases first. Covers the exact reason given for each refusal (schemes,
 * hidden schemes, http(s) spellings, slashes and backslashes, control characters, spaces at the
 * ends), unicode look-alikes that stay on this site, values that are not strings, and very long
 * values. Accepted relative URLs are checked against the WHATWG parser browsers use.
 * (hardening-units.test.ts fuzzes the kind against the parser; here, the reasons and the edges.)
 */
import { describe, expect, it } from 'vitest';
import { isSafeUrl, urlKind, urlProblem } from '../../src/manifest/url';

const SCHEME = 'use an http(s), mailto or relative URL';
const CONTROL = 'it contains a control character (a tab, a newline, ...), which browsers delete or rewrite';
const EDGE = 'it starts or ends with a space';
const BACKSLASH = 'browsers read "\\" as "/", so this leads to another site; write "//host/path" or "https://host/path" if that is meant';
const SLASHES = 'three or more slashes lead to another site; write "//host/path" or "https://host/path" if that is meant';
const spelling = (scheme: string) => `write it as "${scheme}://host/path"; browsers read other spellings as another host`;
const BASES = ['https://app.example/base/', 'http://app.example/base/'];

describe('schemes other than http(s) and mailto', () => {
  it.each([
    'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>x</script>', 'DATA:image/svg+xml,x', 'vbscript:msgbox(1)',
    'blob:https://app.example/uuid', 'file:///etc/passwd', 'ws://evil.example', 'ftp://evil.example', 'a:b', 'x-custom+1.2:thing',
  ])('refuses %j with the scheme reason', (url) => {
    expect(urlProblem(url)).toBe(SCHEME);
    expect(urlKind(url)).toBeUndefined();
    expect(isSafeUrl(url)).toBe(false);
  });

  it.each([
    ['a tab inside', 'java\tscript:alert(1)'], ['a newline inside', 'jav\nascript:x'], ['a NUL before the colon', 'javascript\u0000:x'],
    ['a leading space', ' javascript:x'], ['a leading form feed', '\fjavascript:x'], ['a space before the colon', 'javascript :x'],
    ['a byte-order mark', '\ufeffjavascript:x'], ['a no-break space', 'javascript\u00a0:x'], ['a C1 control', 'java\u0085script:x'],
  ])('finds the scheme a browser would rebuild (%s) and names it before the control or space', (_name, url) => {
    expect(urlProblem(url)).toBe(SCHEME);
  });

  it('mailto in any case, even empty, is a mailto URL', () => {
    for (const url of ['mailto:help@x.test', 'MAILTO:help@x.test', 'mailto:', 'mailto:?subject=hi']) {
      expect([urlProblem(url), urlKind(url)]).toEqual([undefined, 'mailto']);
    }
  });
});

describe('http(s) must be written scheme://host', () => {
  it.each([
    ['https:evil.example', 'https'], ['HTTPS:evil.example', 'https'], ['https:/evil.example', 'https'], ['https:\\\\evil.example', 'https'],
    ['https://\\evil.example', 'https'], ['http:///evil.example', 'http'], ['https://', 'https'], ['https://?q', 'https'], ['https://#f', 'https'],
  ])('refuses %j, naming the spelling to use', (url, scheme) => {
    expect(urlProblem(url)).toBe(spelling(scheme));
  });

  it.each(['http://x.test', 'HTTPS://X.TEST/a?b#c', 'https://good@evil.example/', 'https://x.test:8443/p'])('accepts %j as external', (url) => {
    expect([urlProblem(url), urlKind(url)]).toEqual([undefined, 'external']);
  });
});

describe('slashes and backslashes', () => {
  it.each(['//cdn.example/x', '//evil.example\\@good.example'])('%j (two slashes then a host) is protocol-relative: external', (url) => {
    expect(urlKind(url)).toBe('external');
  });

  it.each(['///evil.example', '////evil.example', `${'/'.repeat(1000)}evil.example`])('refuses %j: three or more slashes', (url) => {
    expect(urlProblem(url)).toBe(SLASHES);
  });

  it.each(['/\\evil.example', '\\\\evil.example', '\\/evil.example', '\\\\\\evil.example', '/\\'])('refuses %j: a backslash among the leading slashes', (url) => {
    expect(urlProblem(url)).toBe(BACKSLASH);
  });

  it.each(['', '/', '\\', '\\docs', '/a//b', 'docs/a\\b', '?q=1', '#top', '../up', '/x:y', '1http://x.test', '-x:y'])('accepts %j as relative, on this host for the browser too', (url) => {
    expect(urlKind(url)).toBe('relative');
    for (const base of BASES) expect(new URL(url, base).host).toBe('app.example');
  });
});

describe('control characters and spaces', () => {
  it('refuses every C0 and C1 control and DEL inside a path, with the control reason', () => {
    const controls = [...Array.from({ length: 0x20 }, (_, c) => c), ...Array.from({ length: 0x21 }, (_, c) => 0x7f + c)];
    const reasons = new Set(controls.map((c) => urlProblem(`/a${String.fromCharCode(c)}b`)));
    expect([...reasons]).toEqual([CONTROL]);
    expect(controls).toHaveLength(65);
  });

  it.each([' /x', '/x ', '\u3000/x', '/x\u3000', '\u00a0/x', '\u2028/x', '/x\u2029', '\ufeff/x', '  '])('refuses %j: a space at either end', (url) => {
    expect(urlProblem(url)).toBe(EDGE);
  });

  it('a control at the edge is named as a control, not as a space', () => {
    expect(urlProblem('\t/x')).toBe(CONTROL);
    expect(urlProblem('/x\n')).toBe(CONTROL);
  });

  it('spaces inside a path are kept (the browser percent-encodes them)', () => {
    expect(urlKind('/a b')).toBe('relative');
    expect(urlKind('/\u3000/evil.example')).toBe('relative');
    expect(new URL('/\u3000/evil.example', BASES[0]).host).toBe('app.example');
  });
});

describe('unicode look-alikes stay relative, and relative to this site', () => {
  it.each([
    ['full-width letters and colon', 'ｊａｖａｓｃｒｉｐｔ：alert(1)'], ['full-width letters, ASCII colon', 'ｊａｖａｓｃｒｉｐｔ:alert(1)'],
    ['a zero-width space in the scheme', 'java\u200bscript:alert(1)'], ['a soft hyphen in the scheme', 'java\u00adscript:x'],
    ['an HTML entity for the colon', 'javascript&colon;alert(1)'], ['a percent-encoded colon', 'javascript%3Aalert(1)'],
    ['a zero-width space before two slashes', '\u200b//evil.example'], ['a zero-width space between slashes', '/\u200b/evil.example'],
    ['a full-width solidus', '／／evil.example'], ['encoded slashes', '/%2F%2Fevil.example'], ['a right-to-left override', '/\u202eelpmaxe.live//'],
  ])('%s: %j', (_name, url) => {
    expect(urlKind(url)).toBe('relative');
    for (const base of BASES) {
      const parsed = new URL(url, base);
      expect([parsed.protocol, parsed.host]).toEqual([base.slice(0, base.indexOf(':') + 1), 'app.example']);
    }
  });
});

describe('values that are not strings', () => {
  it.each([[1], [null], [undefined], [true], [['/x']], [{ toString: () => '/x' }], [new String('/x')]])('refuses %j: it is not a string', (value) => {
    expect(urlProblem(value)).toBe('it is not a string');
    expect(urlKind(value)).toBeUndefined();
    expect(isSafeUrl(value)).toBe(false);
  });
});

describe('very long values are judged like short ones', () => {
  it('a megabyte-long https URL is external; a megabyte-long path is relative', () => {
    expect(urlKind(`https://x.test/${'a'.repeat(1_000_000)}`)).toBe('external');
    expect(urlKind(`/${'a'.repeat(1_000_000)}`)).toBe('relative');
  });

  it('a scheme hidden behind 100,000 spaces or tabs is still found', () => {
    expect(urlProblem(`${' '.repeat(100_000)}javascript:x`)).toBe(SCHEME);
    expect(urlProblem(`java${'\t'.repeat(100_000)}script:x`)).toBe(SCHEME);
  });

  it('a scheme-like run of 100,000 letters without a colon is a relative path; with one, a scheme', () => {
    expect(urlKind('a'.repeat(100_000))).toBe('relative');
    expect(urlProblem(`${'a'.repeat(100_000)}:x`)).toBe(SCHEME);
  });

  it('100,000 backslashes are refused as backslashes; a control at the very end is found', () => {
    expect(urlProblem('\\'.repeat(100_000))).toBe(BACKSLASH);
    expect(urlProblem(`/${'a'.repeat(100_000)}\u0007b`)).toBe(CONTROL);
  });
});

describe('isSafeUrl and urlKind agree with urlProblem', () => {
  it.each(['', '/x', '//h.test', 'https://h.test', 'mailto:a@b', 'https:h', '///h', '\\\\h', 'javascript:x', ' /x', '/\u0001', 7])('%j', (url) => {
    const problem = urlProblem(url);
    expect(isSafeUrl(url)).toBe(problem === undefined);
    expect(urlKind(url) === undefined).toBe(problem !== undefined);
  });
});

// A URL of exactly two slashes with no host goes nowhere (the WHATWG parser throws on it): refused,
// with a reason that matches what the writer typed.
describe('"//" without a host', () => {
  it.each(['//', '//?q=1', '//#top'])('%j', (url) => {
    expect(() => new URL(url, BASES[0])).toThrow();
    expect(urlProblem(url)).toBeDefined();
    expect(urlProblem(url)).not.toMatch(/three or more slashes/);
    expect(urlProblem(url)).toMatch(/names no host/);
  });
});
