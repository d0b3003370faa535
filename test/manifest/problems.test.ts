/**
 * src/manifest/problems.ts on its own: the pieces every problem message is built from — JSON
 * paths, the quoted value ("found …"), the cut that keeps a message readable, the typo distance
 * and "did you mean", and the "item "x" at path" label. Hostile values (cycles, functions,
 * symbols, BigInt, null-prototype objects, 100 KB strings, control characters) must give a
 * short, one-line string and never an exception: the validator quotes whatever it is given.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boundedDistance,
  boundProblem,
  describeValue,
  editDistance,
  formatPath,
  locationLabel,
  nearestWord,
  quote,
  type ManifestProblem,
} from '../../src/manifest/problems';
import { validateManifest } from '../../src/manifest/validate';

describe('formatPath', () => {
  it('writes identifiers with dots and indexes in brackets', () => {
    expect(formatPath(['items', 3, 'steps', 1, 'placement'])).toBe('items[3].steps[1].placement');
  });

  it('is empty for the manifest itself, and starts with a bracket for a leading index', () => {
    expect(formatPath([])).toBe('');
    expect(formatPath([0])).toBe('[0]');
    expect(formatPath([0, 'id'])).toBe('[0].id');
  });

  it('quotes keys that are not identifiers as JSON strings: locale tags, attribute paths, odd keys', () => {
    expect(formatPath(['items', 0, 'title', 'pt-BR'])).toBe('items[0].title["pt-BR"]');
    expect(formatPath(['items', 0, 'body', 'zh-CN'])).toBe('items[0].body["zh-CN"]');
    expect(formatPath(['items', 0, 'when', 'account.plan'])).toBe('items[0].when["account.plan"]');
    expect(formatPath(['a', '', 'b c', '0x', '9'])).toBe('a[""]["b c"]["0x"]["9"]');
    expect(formatPath(['é'])).toBe('["é"]');
  });

  it('keeps "$" and "_" keys (condition operators) as identifiers', () => {
    expect(formatPath(['when', '$or', 0, '$regex'])).toBe('when.$or[0].$regex');
    expect(formatPath(['_private', '$'])).toBe('_private.$');
  });

  it('escapes control characters and quotes in a key, so a path stays on one line', () => {
    const path = formatPath(['items', 0, 'a\nb"c\u001b']);
    expect(path).toBe('items[0]["a\\nb\\"c\\u001b"]');
    expect(path).not.toMatch(/[\n\u001b]/);
  });

  it('tells the string key "0" apart from the index 0', () => {
    expect(formatPath(['title', '0'])).not.toBe(formatPath(['title', 0]));
  });

  it('treats reserved words as plain keys', () => {
    expect(formatPath(['items', 0, 'when', '__proto__'])).toBe('items[0].when.__proto__');
    expect(formatPath(['constructor', 'prototype'])).toBe('constructor.prototype');
  });
});

describe('describeValue', () => {
  it('renders JSON, and "nothing" for a missing value', () => {
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue(null)).toBe('null');
    expect(describeValue('botom')).toBe('"botom"');
    expect(describeValue(42)).toBe('42');
    expect(describeValue(false)).toBe('false');
    expect(describeValue({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
    expect(describeValue([])).toBe('[]');
  });

  it('keeps 60 characters whole and shortens longer text to 57 plus "..."', () => {
    const sixty = `"${'a'.repeat(58)}"`;
    expect(sixty).toHaveLength(60);
    expect(describeValue('a'.repeat(58))).toBe(sixty);
    const long = describeValue('a'.repeat(59));
    expect(long).toBe(`"${'a'.repeat(56)}...`);
    expect(long).toHaveLength(60);
  });

  it('stays short for a pasted essay or a 100,000-entry list', () => {
    expect(describeValue('word '.repeat(100_000))).toHaveLength(60);
    expect(describeValue(Array.from({ length: 100_000 }, (_, i) => i))).toHaveLength(60);
  });

  it('escapes control characters, so "found …" stays on one line', () => {
    expect(describeValue('a\u0000b\nc\u001b')).toBe('"a\\u0000b\\nc\\u001b"');
  });

  it('never throws on values JSON cannot write: cycles, functions, symbols, BigInt', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(describeValue(cycle)).toBe('[object Object]');
    expect(describeValue(Symbol('s'))).toBe('Symbol(s)');
    expect(describeValue(10n)).toBe('10');
    const fn = describeValue(function named() { return 'x'.repeat(1000); });
    expect(fn.startsWith('function named()')).toBe(true);
    expect(fn.length).toBeLessThanOrEqual(60);
  });

  it('renders a plain null-prototype object as JSON', () => {
    expect(describeValue(Object.assign(Object.create(null) as object, { en: 5 }))).toBe('{"en":5}');
  });
});

describe('describeValue names a null-prototype object JSON cannot write', () => {
  // Every item is copied onto null-prototype objects before validation (depth.ts), so this is the
  // shape the validator quotes. `String()` of such an object throws: an exception here would
  // refuse the whole manifest.
  it('returns a string for a null-prototype object holding a BigInt', () => {
    const value = Object.assign(Object.create(null) as object, { n: 1n });
    expect(() => describeValue(value)).not.toThrow();
  });

  it('returns a string for a null-prototype object that contains itself', () => {
    const value = Object.create(null) as Record<string, unknown>;
    value.self = value;
    expect(() => describeValue(value)).not.toThrow();
  });
});

describe('describeValue names NaN and Infinity, not "null"', () => {
  // JSON.stringify turns them into null: "expected a number, found null" would name a value that was not there.
  it('names NaN and Infinity as they are', () => {
    expect(describeValue(NaN)).toBe('NaN');
    expect(describeValue(Infinity)).toBe('Infinity');
    expect(describeValue(-Infinity)).toBe('-Infinity');
  });
});

describe('boundProblem', () => {
  const problem = (message: string, received?: string): ManifestProblem => ({ code: 'x', message, path: 'items[0].id', severity: 'error', itemId: 'id', ...(received !== undefined && { received }) });

  it('returns a short problem unchanged (the same object)', () => {
    const short = problem('item "a" at items[0]: fine', '"a"');
    expect(boundProblem(short)).toBe(short);
    const exactly = problem('m'.repeat(500), 'r'.repeat(500));
    expect(boundProblem(exactly)).toBe(exactly);
  });

  it('cuts a long message to its start (what and where) and its end (the fix)', () => {
    const message = `item "${'i'.repeat(5000)}" at items[0].bdy: unknown key "bdy" — did you mean "body"?`;
    const cut = boundProblem(problem(message));
    expect(cut.message.length).toBeLessThanOrEqual(500);
    expect(cut.message.startsWith('item "iii')).toBe(true);
    expect(cut.message.endsWith('did you mean "body"?')).toBe(true);
    expect(cut.message).toContain(' … ');
    expect(cut.message).toBe(`${message.slice(0, 400)} … ${message.slice(-80)}`);
  });

  it('cuts a long "received" alone, and leaves path, code, itemId and severity whole', () => {
    const long = problem('short', `"${'x'.repeat(10_000)}"`);
    const cut = boundProblem(long);
    expect(cut.message).toBe('short');
    expect(cut.received!.length).toBeLessThanOrEqual(500);
    expect([cut.code, cut.path, cut.itemId, cut.severity]).toEqual(['x', 'items[0].id', 'id', 'error']);
    expect(long.received).toHaveLength(10_002);
  });

  it('does not add "received" to a problem that has none', () => {
    const cut = boundProblem(problem('m'.repeat(501)));
    expect(Object.keys(cut)).not.toContain('received');
    expect(cut.message.length).toBeLessThanOrEqual(500);
  });

  it('does not change the problem it is given', () => {
    const original = problem('m'.repeat(600));
    boundProblem(original);
    expect(original.message).toHaveLength(600);
  });
});

describe('editDistance (optimal string alignment)', () => {
  it.each([
    ['', '', 0], ['', 'abc', 3], ['abc', '', 3], ['abc', 'abc', 0],
    ['botom', 'bottom', 1], ['placment', 'placement', 1], ['teh', 'the', 1], ['ab', 'ba', 1],
    ['kitten', 'sitting', 3], ['ca', 'abc', 3],
  ])('%j to %j is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('boundedDistance', () => {
  it('equals the full distance when it is within the bound, and bound + 1 beyond it', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 10 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 5 }), (a, b, max) => {
        expect(boundedDistance(a, b, max)).toBe(Math.min(editDistance(a, b), max + 1));
      }),
      { numRuns: 3000 },
    );
  });

  it('counts a swap of neighbours as one edit at the band edge', () => {
    expect(boundedDistance('ab', 'ba', 1)).toBe(1);
    expect(boundedDistance('abcdef', 'badcfe', 3)).toBe(3);
    expect(boundedDistance('abcdef', 'badcfe', 2)).toBe(3);
  });

  it('answers bound + 1 when the lengths alone differ by more than the bound', () => {
    expect(boundedDistance('a', 'a'.repeat(100_000), 3)).toBe(4);
  });

  it('handles two 3,000-character strings that differ in one place', () => {
    const a = `${'x'.repeat(1500)}a${'y'.repeat(1500)}`;
    const b = `${'x'.repeat(1500)}b${'y'.repeat(1500)}`;
    expect(boundedDistance(a, b, 3)).toBe(1);
    expect(boundedDistance(a, a, 0)).toBe(0);
  });
});

describe('nearestWord', () => {
  const KEYS = ['title', 'body', 'buttons', 'placement', 'target', 'trigger'];

  it('suggests the known word a typo was meant to be', () => {
    expect(nearestWord('titel', KEYS)).toBe('title');
    expect(nearestWord('bdy', KEYS)).toBe('body');
    expect(nearestWord('placment', KEYS)).toBe('placement');
    expect(nearestWord('tirgger', KEYS)).toBe('trigger');
  });

  it('compares case-insensitively and returns the known spelling', () => {
    expect(nearestWord('PLACEMENT', KEYS)).toBe('placement');
    expect(nearestWord('pageview', ['pageView', 'manual'])).toBe('pageView');
  });

  it('allows more edits for longer words: 1 up to 5 letters, 2 up to 8, 3 from 9', () => {
    expect(nearestWord('bxdx', ['body'])).toBeUndefined();
    expect(nearestWord('bxdy', ['body'])).toBe('body');
    expect(nearestWord('btns', ['buttons'])).toBeUndefined();
    expect(nearestWord('buttns', ['buttons'])).toBe('buttons');
    expect(nearestWord('plcmnt', ['placement'])).toBeUndefined();
    expect(nearestWord('placemnt', ['placement'])).toBe('placement');
    expect(nearestWord('plcemnt_x', ['placement'])).toBeUndefined();
    expect(nearestWord('elementApears', ['elementAppears'])).toBe('elementAppears');
  });

  it('suggests nothing for an unrelated word, an empty list or an empty word far from everything', () => {
    expect(nearestWord('zzz', KEYS)).toBeUndefined();
    expect(nearestWord('title', [])).toBeUndefined();
    expect(nearestWord('', ['title'])).toBeUndefined();
  });

  it('prefers the closest candidate, and the first of equally close ones', () => {
    expect(nearestWord('tagret', ['trigger', 'target'])).toBe('target');
    expect(nearestWord('abcde', ['abxde', 'abcdx'])).toBe('abxde');
  });

  it('finds the one-letter typo of a 3,000-character id among many ids', () => {
    const id = 'x'.repeat(3000);
    const ids = [...Array.from({ length: 200 }, (_, i) => `item-${i}`), id];
    expect(nearestWord(`${id.slice(0, -1)}y`, ids)).toBe(id);
  });
});

describe('locationLabel', () => {
  it('names the item and the path', () => {
    expect(locationLabel('welcome', 'items[3].steps[1]')).toBe('item "welcome" at items[3].steps[1]');
  });

  it('names an experiment by its key', () => {
    expect(locationLabel('exp', 'experiments[0].key', 'experiment')).toBe('experiment "exp" at experiments[0].key');
  });

  it('is the path alone without an id, and "manifest" for the empty path', () => {
    expect(locationLabel(undefined, 'items[2]')).toBe('items[2]');
    expect(locationLabel('', 'items[2]')).toBe('items[2]');
    expect(locationLabel('a', '')).toBe('item "a" at manifest');
    expect(locationLabel(undefined, '')).toBe('manifest');
  });

  it('quotes the id as JSON does, with every control character escaped', () => {
    expect(locationLabel('a"b\\c', 'items[0]')).toBe('item "a\\"b\\\\c" at items[0]');
    expect(locationLabel('a\nb\u001b[2J', 'items[0]')).toBe('item "a\\nb\\u001b[2J" at items[0]');
  });
});

describe('quote', () => {
  it('reads as "text" for an ordinary id, non-Latin letters included', () => {
    for (const id of ['welcome', 'trial-banner.v2:a_b', '保存', 'حفظ']) expect(quote(id)).toBe(`"${id}"`);
  });

  it('escapes what a terminal acts on, as valid JSON: C0 and C1 controls, DEL, line separators, bidirectional overrides', () => {
    const text = 'a\u0000\r\u007f\u009b2J\u2028\u202ecba\u2066';
    const quoted = quote(text);
    expect(quoted).toBe('"a\\u0000\\r\\u007f\\u009b2J\\u2028\\u202ecba\\u2066"');
    expect(JSON.parse(quoted)).toBe(text);
    expect(describeValue('\u009b2J')).toBe('"\\u009b2J"');
  });
  it('escapes characters that show as nothing, so "a\u200bb" does not read as "ab": format characters (Cf) and blank fillers', () => {
    const invisible = ['\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\ufeff', '\u00ad', '\u061c', '\u180e', '\u034f', '\u3164', '\uffa0'];
    for (const c of invisible) expect(quote(`a${c}b`)).toBe(`"a\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}b"`);
    // A format character outside the BMP (a tag character) as its two surrogates: still valid JSON.
    const tag = 'x\u{e0041}';
    expect(quote(tag)).toBe('"x\\udb40\\udc41"');
    expect(JSON.parse(quote(tag))).toBe(tag);
    // Visible text, emoji with a variation selector included, is left as it is.
    for (const id of ['café', 'a\u00a0b', '\u2764\ufe0f']) expect(quote(id)).toBe(`"${id}"`);
  });

  it('in a "did you mean", both ids show the invisible character', () => {
    const { problems } = validateManifest({ schemaVersion: 1, revision: 'r', items: [{ id: 'ab', type: 'banner', body: 'x' }, { id: 'c', type: 'banner', body: 'y', requires: ['a\u200cb'] }] });
    expect(problems.map((p) => p.message)).toContain('item "c" at items[1].requires[0]: requires "a\\u200cb", but no item has that id — did you mean "ab"?');
  });
});
