/**
 * src/cli/read-json-text.ts: strict UTF-8 decoding with the position of the first bad byte, and
 * the iterative depth scan that keeps jsonc-parser's recursive parseTree off deep files. The
 * commands that use it are tested end to end in validate, check and analyze-manifest tests.
 */
import fc from 'fast-check';
import { visit } from 'jsonc-parser';
import { describe, expect, it, vi } from 'vitest';
import { decodeJsonText, firstInvalidUtf8, firstTooDeep, MAX_FILE_DEPTH } from '../../src/cli/read-json-text';
import { MAX_DEPTH } from '../../src/manifest/depth';

const utf8 = (text: string) => new TextEncoder().encode(text);
const bytesOf = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));

/** How deep jsonc-parser recurses on `text` (it opens one call per object or array it enters). */
function parserDepth(text: string, options: { allowTrailingComma?: boolean; disallowComments?: boolean }): number {
  let depth = 0;
  let max = 0;
  const enter = () => void (max = Math.max(max, ++depth));
  const leave = () => void depth--;
  visit(text, { onObjectBegin: enter, onArrayBegin: enter, onObjectEnd: leave, onArrayEnd: leave }, options);
  return max;
}

describe('firstInvalidUtf8: where TextDecoder refuses', () => {
  it.each([
    ['a Windows-1251 letter', bytesOf('{"ru": "', [0xcf, 0xf0, 0xe8], '"}'), 8],
    ['a Latin-1 letter after valid multi-byte text', bytesOf('"Grüße ', [0xe9], '"'), 9],
    ['a sequence cut short by the end of the file', bytesOf('"ok', [0xe2, 0x82]), 3],
    ['an overlong "/"', bytesOf('"', [0xc0, 0xaf], '"'), 1],
    ['a UTF-16 surrogate', bytesOf('"', [0xed, 0xa0, 0x80], '"'), 1],
    ['a code point above U+10FFFF', bytesOf('"', [0xf4, 0x90, 0x80, 0x80], '"'), 1],
    ['a stray continuation byte', bytesOf('ab', [0x80]), 2],
  ])('%s', (_name, bytes, offset) => {
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(firstInvalidUtf8(bytes)).toBe(offset);
  });

  it('agrees with TextDecoder on any bytes: -1 exactly when it decodes, else where its first U+FFFD comes from', () => {
    // Bytes around the edges of the UTF-8 ranges, so that valid and invalid sequences both occur.
    const byte = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constantFrom(0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf4, 0xf5, 0xff));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 24 }), (list) => {
        const bytes = new Uint8Array(list);
        const bad = firstInvalidUtf8(bytes);
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
        } catch {
          valid = false;
        }
        expect(bad === -1).toBe(valid);
        if (bad >= 0) {
          const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
          expect(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, bad)).length).toBe(lenient.indexOf('\uFFFD'));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decodeJsonText', () => {
  it('drops one byte-order mark and returns the text', () => {
    expect(decodeJsonText(bytesOf([0xef, 0xbb, 0xbf], '{"ru": "Привет"}'))).toEqual({ text: '{"ru": "Привет"}' });
  });

  it('gives the line and column (in characters, after the byte-order mark) of the first byte that is not UTF-8', () => {
    const bytes = bytesOf([0xef, 0xbb, 0xbf], '{\n  "de": "Grüße, ', [0xc4], 'rger"\n}');
    const { problem } = decodeJsonText(bytes);
    expect(problem).toEqual({ code: 'not-utf8', line: 2, column: 17, message: expect.stringContaining('the byte 0xC4 here is not valid UTF-8') });
    expect(problem!.message).toMatch(/save the file as UTF-8$/);
  });

  it('says when the file is UTF-16 (what Notepad calls "Unicode")', () => {
    const { problem } = decodeJsonText(new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]));
    expect(problem).toEqual({ code: 'not-utf8', line: 1, column: 1, message: 'not UTF-8: the byte 0xFF here is not valid UTF-8 (the file is UTF-16: it starts with a UTF-16 byte-order mark); save the file as UTF-8' });
  });

  it('gives the position of the first bracket nested deeper than the bound', () => {
    expect(decodeJsonText(utf8('{"a":\n [[[1]]]}'), 3)).toEqual({ problem: { code: 'too-deep', line: 2, column: 4, message: expect.stringContaining('nested deeper than 3 levels') } });
    expect(decodeJsonText(utf8('{"a":\n [[1]]}'), 3)).toEqual({ text: '{"a":\n [[1]]}' });
  });

  it('bounds files far above what a manifest may use, far below where parseTree overflows', () => {
    expect(MAX_FILE_DEPTH).toBeGreaterThanOrEqual(8 * (MAX_DEPTH + 2));
    expect(MAX_FILE_DEPTH).toBeLessThanOrEqual(1000);
  });
});

describe('decodeJsonText on bytes the decoder refuses although they are UTF-8', () => {
  it('says it could not decode them, not that they are "not UTF-8" at 1:1', () => {
    // What V8 does with a text longer than a string can be (about 512 MB), without allocating one.
    vi.stubGlobal('TextDecoder', class {
      decode(): string {
        throw new RangeError('Invalid string length');
      }
    });
    try {
      expect(decodeJsonText(utf8('{"a": 1}'))).toEqual({
        problem: { code: 'too-large', message: 'the file could not be decoded as text (Invalid string length): at 8 bytes it is far larger than a manifest can be', line: 1, column: 1 },
      });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('firstTooDeep: an upper bound on how deep parseTree recurses', () => {
  it('counts brackets outside strings and comments only', () => {
    const text = '{"a": "[[[{{{", "b\\"[[[": 1, /* [[[ */ "c": [1] // {{{\n}';
    expect(firstTooDeep(text, 2)).toBe(-1);
    expect(firstTooDeep(text, 1)).toBe(text.indexOf('[1]'));
  });

  it('ends a string at a line break, as jsonc-parser does (which then parses what follows)', () => {
    const text = '["abc\n[[1]]]';
    expect(parserDepth(text, {})).toBe(3);
    expect(firstTooDeep(text, 2)).toBe(text.indexOf('[1]'));
  });

  it('does not let a closing bracket of the other kind close anything: parseTree skips it and goes deeper', () => {
    const text = `${'[},'.repeat(50)}1`;
    expect(parserDepth(text, {})).toBe(50);
    expect(firstTooDeep(text, 49)).toBe(3 * 49);
  });

  it('bounds parseTree on any text, valid or broken, with or without comments and trailing commas', () => {
    // Mostly brackets and commas (error recovery is where a naive count goes wrong), some of everything else.
    const token = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('{', '}', '[', ']', ',', '"k":') },
      { weight: 1, arbitrary: fc.constantFrom('"', '\\', ':', '/', '*', '//', '/*', '*/', '\n', '\r', ' ', 'a', '1', 'true') },
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), fc.integer({ min: 0, max: 8 }), (tokens, bound) => {
        const text = tokens.join('');
        if (firstTooDeep(text, bound) !== -1) return;
        expect(parserDepth(text, { allowTrailingComma: false, disallowComments: true })).toBeLessThanOrEqual(bound);
        expect(parserDepth(text, { allowTrailingComma: true })).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 3000 },
    );
  });

  it('is exact on valid JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 8 }), (value, bound) => {
        const text = JSON.stringify(value, null, 1);
        expect(firstTooDeep(text, bound) === -1).toBe(parserDepth(text, {}) <= bound);
      }),
    );
  });

  it('scans a file a hundred thousand levels deep without recursing', () => {
    const text = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    expect(firstTooDeep(text, MAX_FILE_DEPTH)).toBe(5 * MAX_FILE_DEPTH);
  });
});
