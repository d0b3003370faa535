/**
 * The modules behind the hardening (see hardening.test.ts for the defects): URL
 * classification checked against the WHATWG parser browsers use, theme value grammar, the
 * regular-expression safety check, and the bounded copy that defends depth and prototypes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedCopy, tooDeep } from '../../src/manifest/depth';
import { regexProblem } from '../../src/manifest/safe-regex';
import { themeValueHazard, themeValueProblem } from '../../src/manifest/theme-values';
import { urlKind } from '../../src/manifest/url';

describe('urlKind agrees with the WHATWG URL parser', () => {
  const bases = ['https://app.example/base/', 'http://app.example/base/'];
  const pieces = ['/', '\\', '//', '\\\\', '\t', '\n', ' ', 'a', 'evil.example', '.', '..', ':', 'http:', 'https:', 'HTTPS:', 'mailto:', 'javascript:', '?', '#', '@', '%2F', '\u0000', '\u00a0'];

  it('"relative" never leaves the page\'s host; "external" is http(s); everything else is refused', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 6 }), (parts) => {
        const url = parts.join('');
        const kind = urlKind(url);
        for (const base of bases) {
          let parsed: URL | undefined;
          try {
            parsed = new URL(url, base);
          } catch {
            parsed = undefined;
          }
          // A URL that does not parse goes nowhere when clicked ("//:" has no host): nothing to check.
          if (!parsed) continue;
          if (kind === 'relative') expect(parsed.host, `${JSON.stringify(url)} on ${base}`).toBe('app.example');
          if (kind === 'external') expect(['http:', 'https:']).toContain(parsed.protocol);
          if (kind === 'mailto') expect(parsed.protocol).toBe('mailto:');
        }
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['/billing', 'relative'], ['../help', 'relative'], ['#top', 'relative'], ['\\docs', 'relative'],
    ['https://x.test/a', 'external'], ['//cdn.x.test/a', 'external'], ['HTTP://x.test', 'external'],
    ['mailto:help@x.test', 'mailto'],
    ['/\\evil.example', undefined], ['\\\\evil.example', undefined], ['\\/evil.example', undefined], ['/\t/evil.example', undefined],
    ['java\tscript:alert(1)', undefined], ['https:evil.example', undefined], ['data:text/html,x', undefined], [' /x', undefined],
  ])('%j is %s', (url, kind) => {
    expect(urlKind(url)).toBe(kind);
  });
});

describe('theme values', () => {
  it.each([
    ['accent', '#fff'], ['accent', '#2357d9cc'], ['accent', 'hsl(210deg 60% 50%)'], ['accent', 'currentColor'], ['text', 'rgba(0, 0, 0, .5)'],
    ['radius', '0'], ['radius', '8px / 4px'], ['spacing', '1.5em'], ['spacing', '2vh'],
    ['font', 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'], ['font', '"微软雅黑", sans-serif'],
    ['shadow', 'none'], ['shadow', '0 1px 2px red'],
  ])('accepts %s %j', (key, value) => {
    expect(themeValueProblem(key, value)).toBeUndefined();
  });

  it.each([
    ['accent', '#ff'], ['accent', 'rgb(1 2)'], ['accent', 'color-mix(in srgb, red, blue)'], ['radius', '8px 8px 8px 8px 8px'],
    ['spacing', '12'], ['font', 'Inter,'], ['font', '"a\\"b"'], ['shadow', '0 red'], ['text', 'x'.repeat(201)], ['accent', 42],
  ])('refuses %s %j', (key, value) => {
    expect(themeValueProblem(key, value)).toMatch(/expected/);
  });

  it('everything the validator accepts passes the runtime hazard check', () => {
    const token = fc.constantFrom('#fff', '0', '8px', '1.5rem', 'red', 'rgb(0 0 0 / 50%)', 'inset', ',', '"Inter"', 'sans-serif', '/', 'url(x)', ';', '}', 'var(--a)');
    fc.assert(
      fc.property(fc.constantFrom('accent', 'radius', 'spacing', 'font', 'shadow'), fc.array(token, { minLength: 1, maxLength: 5 }), (key, tokens) => {
        const value = tokens.join(' ');
        if (themeValueProblem(key, value) === undefined) expect(themeValueHazard(value)).toBeUndefined();
      }),
    );
  });
});

describe('regexProblem', () => {
  it.each(['-12-25$', '(Mobile|Tablet)', '^ping', '^/projects/[^/]+/settings/.*$', '[^/]+/[^/]+/[^/]+', '^[\\w.+-]+@[\\w-]+\\.[\\w.]+$', '.*foo.*', '^(https?://)?[a-z]+', '\\bword\\b', '^a.*b.*c'])('accepts %j', (pattern) => {
    expect(regexProblem(pattern)).toBeUndefined();
  });

  it.each([
    ['(a+)+$', 'nested'], ['(a*)*', 'nested'], ['(a|a)*', 'nested'], ['(\\w+\\.)+\\w+', 'nested'], ['(?:a|b){2,}', 'nested'],
    ['(.)\\1', 'backreference'], ['(?<n>a)\\k<n>', 'backreference'], ['(?<=a)b', 'lookbehind'],
    ['.*.*x', 'overlap'], ['\\d+\\d+x', 'overlap'], ['^(?=.*.*.*x)', 'overlap'], ['a{1,100}a{1,100}a{1,100}b', 'overlap'],
    ['(', 'invalid'], ['a'.repeat(257), 'too-long'],
  ])('refuses %j (%s)', (pattern, reason) => {
    expect(regexProblem(pattern)).toBe(reason);
  });

  it('with "i", letters of either case overlap', () => {
    expect(regexProblem('^[A-Z]+[a-z]+[A-Z]+!')).toBeUndefined();
    expect(regexProblem('^[A-Z]+[a-z]+[A-Z]+!', true)).toBe('overlap');
  });
});

describe('boundedCopy', () => {
  it('copies own enumerable keys into objects without Object.prototype in their chain', () => {
    const source = Object.create({ inherited: 1 }) as Record<string, unknown>;
    source.own = { list: [1, { deep: true }] };
    const copy = boundedCopy(source);
    expect(copy.ok).toBe(true);
    const value = (copy as { value: Record<string, Record<string, unknown>> }).value;
    expect(Object.prototype.isPrototypeOf(value)).toBe(false);
    expect(Object.keys(value)).toEqual(['own']);
    expect([Reflect.has(value, 'inherited'), Reflect.has(value, 'toString'), Reflect.has(value.own, 'toString')]).toEqual([false, false, false]);
    expect(JSON.stringify(value)).toBe('{"own":{"list":[1,{"deep":true}]}}');
  });

  it('stops at the bound, naming the path, for any depth and for cycles', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i++) deep = { a: [deep] };
    expect(boundedCopy(deep, 4)).toEqual({ ok: false, path: ['a', 0, 'a', 0] });
    expect(tooDeep(deep, 4)).toEqual(['a', 0, 'a', 0]);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(boundedCopy(cyclic, 3).ok).toBe(false);
    expect(tooDeep({ a: [1, [2]] }, 3)).toBeUndefined();
  });
});
