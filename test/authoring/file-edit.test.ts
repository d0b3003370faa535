/**
 * src/authoring/file-edit.ts: an authoring edit written back into a manifest file's text keeps
 * everything it does not touch byte for byte (indentation, line breaks, one-line objects, key
 * order), always gives exactly the edited manifest, and falls back to a whole file formatted
 * in the file's own style when it cannot edit in place.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFormatting, editJsonText } from '../../src/authoring/file-edit';
import type { Json, JsonObject } from '../../src/authoring/json-patch';

/** As people write manifests: one-line objects, four spaces, a key the SDK does not read. */
const SOURCE = `{
    "schemaVersion": 1,
    "revision": "r1",
    "x-notes": "kept as written",
    "items": [
        { "id": "save-tip", "type": "tooltip", "target": "#save", "body": { "en": "Saves", "es": "Guarda" } },
        {
            "id": "welcome",
            "type": "banner",
            "title": "Welcome"
        }
    ]
}
`;
const parsed = () => JSON.parse(SOURCE) as JsonObject & { items: JsonObject[] };
/** Lines of `b` that are not lines of `a`, in order. */
const changedLines = (a: string, b: string) => {
  const before = a.split('\n');
  const after = b.split('\n');
  return after.filter((line, i) => line !== before[i]);
};
/** The exact edited manifest, key order included. */
const same = (text: string, edited: Json) => expect(JSON.stringify(JSON.parse(text))).toBe(JSON.stringify(edited));

describe('detectFormatting', () => {
  it('reads the indentation of the first indented line and the line ending', () => {
    expect(detectFormatting('{\n  "a": 1\n}\n')).toEqual({ insertSpaces: true, tabSize: 2, eol: '\n' });
    expect(detectFormatting('{\n    "a": 1\n}\n')).toEqual({ insertSpaces: true, tabSize: 4, eol: '\n' });
    expect(detectFormatting('{\r\n\t"a": 1\r\n}\r\n')).toEqual({ insertSpaces: false, tabSize: 1, eol: '\r\n' });
  });

  it('two spaces and LF for a one-line file or an empty one', () => {
    expect(detectFormatting('{"a":1}')).toEqual({ insertSpaces: true, tabSize: 2, eol: '\n' });
    expect(detectFormatting('')).toEqual({ insertSpaces: true, tabSize: 2, eol: '\n' });
  });
});

describe('editJsonText in place', () => {
  it('no change: the text comes back unchanged, byte for byte', () => {
    expect(editJsonText(SOURCE, parsed())).toBe(SOURCE);
  });

  it('a text edited inside a one-line object changes that line only', () => {
    const edited = parsed();
    (edited.items[0].body as JsonObject).es = 'Lo guarda';
    const out = editJsonText(SOURCE, edited);
    same(out, edited);
    expect(changedLines(SOURCE, out)).toEqual(['        { "id": "save-tip", "type": "tooltip", "target": "#save", "body": { "en": "Saves", "es": "Lo guarda" } },']);
  });

  it('a new key goes last in its object, indented as the file is', () => {
    const edited = parsed();
    edited.items[1] = { ...edited.items[1], priority: 3 };
    const out = editJsonText(SOURCE, edited);
    same(out, edited);
    expect(out).toContain('            "title": "Welcome",\n            "priority": 3\n        }');
    // Everything before the welcome item is as it was.
    expect(out.slice(0, SOURCE.indexOf('"title": "Welcome"'))).toBe(SOURCE.slice(0, SOURCE.indexOf('"title": "Welcome"')));
  });

  it('a removed key or item, an inserted item: exactly the edited manifest, the rest of the file untouched', () => {
    const edited = parsed();
    delete edited['x-notes'];
    edited.items.splice(1, 1);
    const out = editJsonText(SOURCE, edited);
    same(out, edited);
    expect(out).not.toContain('x-notes');
    expect(out).not.toContain('welcome');
    expect(out.startsWith('{\n    "schemaVersion": 1,\n    "revision": "r1",\n    "items": [\n')).toBe(true);
    const inserted = parsed();
    inserted.items.splice(1, 0, { id: 'new-tip', type: 'tooltip', target: '#open', body: { en: 'Opens' } });
    const out2 = editJsonText(SOURCE, inserted);
    same(out2, inserted);
    // The item after the insertion is as written.
    expect(out2).toContain('        {\n            "id": "welcome",\n            "type": "banner",\n            "title": "Welcome"\n        }\n    ]\n}\n');
  });

  it('tabs and CRLF are kept for what is edited in place', () => {
    const tabbed = '{\r\n\t"a": 1,\r\n\t"b": [1, 2]\r\n}\r\n';
    const out = editJsonText(tabbed, { a: 2, b: [1, 2] });
    expect(out).toBe('{\r\n\t"a": 2,\r\n\t"b": [1, 2]\r\n}\r\n');
  });

  it('keys with "/", "~", dots, quotes and unicode are edited at the right place', () => {
    const text = '{\n  "a/b": 1,\n  "c~d": { "e.f": "x", "q\\"uote": 1, "ключ": "v" }\n}\n';
    const edited = { 'a/b': 2, 'c~d': { 'e.f': 'y', 'q"uote': 1, ключ: 'w' } };
    const out = editJsonText(text, edited);
    same(out, edited);
    expect(out).toBe('{\n  "a/b": 2,\n  "c~d": { "e.f": "y", "q\\"uote": 1, "ключ": "w" }\n}\n');
  });

  it('a "__proto__" key in the file is edited as data and kept', () => {
    const text = '{\n  "__proto__": { "a": 1 },\n  "b": 1\n}\n';
    const edited = JSON.parse('{"__proto__":{"a":2},"b":1}') as Json;
    const out = editJsonText(text, edited);
    expect(out).toBe('{\n  "__proto__": { "a": 2 },\n  "b": 1\n}\n');
    expect(({} as { a?: unknown }).a).toBeUndefined();
  });

  it('texts with control characters, line separators and emoji are written escaped and read back exactly', () => {
    const edited = parsed();
    const text = 'tab\there\nnew line \u0000 \u2028 \u{1F600} "quoted" \\ back';
    (edited.items[0].body as JsonObject).en = text;
    const out = editJsonText(SOURCE, edited);
    same(out, edited);
    expect(out.split('\n')).toHaveLength(SOURCE.split('\n').length);
  });

  it('a type change (string to object) in place', () => {
    const edited = parsed();
    edited.items[1].title = { en: 'Welcome', es: 'Bienvenida' };
    const out = editJsonText(SOURCE, edited);
    same(out, edited);
    expect(changedLines(SOURCE, out).join('\n')).toContain('Bienvenida');
    expect(out.startsWith(SOURCE.slice(0, SOURCE.indexOf('"title": "Welcome"')))).toBe(true);
  });
});

describe('editJsonText falls back to a whole file', () => {
  it('when the text is not JSON (comments, trailing commas, garbage, empty)', () => {
    for (const text of ['not json', '{ // comment\n  "a": 1\n}', '{"a": 1,}', '']) {
      const out = editJsonText(text, { a: 2 });
      same(out, { a: 2 });
    }
    expect(editJsonText('not json', { a: 1 })).toBe('{\n  "a": 1\n}\n');
    expect(editJsonText('{\n    "a": 1,\n}', { a: 1 })).toBe('{\n    "a": 1\n}\n');
    expect(editJsonText('{\n\t"a": 1,\n}', { a: 1 })).toBe('{\n\t"a": 1\n}\n');
  });

  it('when the edited manifest orders keys differently from the file, it is followed exactly', () => {
    const out = editJsonText('{\n  "a": 1,\n  "b": 2\n}\n', { b: 2, a: 1 });
    expect(out).toBe('{\n  "b": 2,\n  "a": 1\n}\n');
  });

  it('when the file is a different kind of value (an array, a string)', () => {
    same(editJsonText('[1, 2]', { a: 1 }), { a: 1 });
    same(editJsonText('"text"', { a: 1 }), { a: 1 });
    same(editJsonText('null', { a: 1 }), { a: 1 });
  });

  it('duplicate keys in the file: the result still holds exactly the edited manifest', () => {
    const out = editJsonText('{\n  "a": 1,\n  "a": 2,\n  "b": 1\n}\n', { a: 3, b: 1 });
    same(out, { a: 3, b: 1 });
  });
});

describe('editJsonText keeps the one-line neighbour of a removed or inserted entry as written', () => {
  // An insertion or removal begins on the previous entry's line: formatting whole lines around the
  // edit (as jsonc-parser's modify() does) would spread that entry's one-line object over several.
  const text = '{\n    "a": { "x": 1 },\n    "b": 2,\n    "items": [\n        { "id": "a" },\n        { "id": "b" },\n        { "id": "c" }\n    ]\n}\n';

  it('removing a key keeps the one-line object before it on one line', () => {
    const out = editJsonText(text, { a: { x: 1 }, items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
    expect(out).toBe('{\n    "a": { "x": 1 },\n    "items": [\n        { "id": "a" },\n        { "id": "b" },\n        { "id": "c" }\n    ]\n}\n');
  });

  it('removing an item keeps the other items on their lines as written', () => {
    const out = editJsonText(text, { a: { x: 1 }, b: 2, items: [{ id: 'a' }, { id: 'c' }] });
    expect(out).toBe('{\n    "a": { "x": 1 },\n    "b": 2,\n    "items": [\n        { "id": "a" },\n        { "id": "c" }\n    ]\n}\n');
  });

  it('appending an item leaves the items before it as written', () => {
    const out = editJsonText(text, { a: { x: 1 }, b: 2, items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }] });
    expect(out.startsWith('{\n    "a": { "x": 1 },\n    "b": 2,\n    "items": [\n        { "id": "a" },\n        { "id": "b" },\n        { "id": "c" },\n')).toBe(true);
  });
});

describe('editJsonText keeps a byte order mark and edits such a file in place', () => {
  it('a file saved with a BOM keeps its BOM and its one-line arrays when one value changes', () => {
    const text = '\uFEFF{\n  "a": 1,\n  "b": [1, 2]\n}\n';
    const out = editJsonText(text, { a: 2, b: [1, 2] });
    expect(out).toBe('\uFEFF{\n  "a": 2,\n  "b": [1, 2]\n}\n');
  });
});

describe('editJsonText rewrites a CRLF file whole with CRLF throughout', () => {
  it('every line of the rewritten file ends with the file\'s own CRLF', () => {
    // Not JSON (a trailing comma): the whole file is written out in the file's style.
    const out = editJsonText('{\r\n  "a": 1,\r\n}\r\n', { a: 2, b: [1] });
    expect(out).toBe('{\r\n  "a": 2,\r\n  "b": [\r\n    1\r\n  ]\r\n}\r\n');
  });
});

describe('editJsonText, any edit', () => {
  it('property: the text always parses to exactly the edited value, key order included', () => {
    const value = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;
    const doc = fc.dictionary(fc.string({ maxLength: 5 }), value, { maxKeys: 6 });
    fc.assert(
      fc.property(doc, doc, fc.constantFrom(0, 2, 4, '\t'), (original, edited, indent) => {
        const text = JSON.stringify(original, null, indent);
        same(editJsonText(text, edited), edited);
      }),
      { numRuns: 300 },
    );
  });

  it('property: editing items of a manifest (add, remove, reorder, change) keeps the result exact', () => {
    const item = fc.record({ id: fc.string({ minLength: 1, maxLength: 3 }), type: fc.constantFrom('banner', 'tooltip'), body: fc.oneof(fc.string(), fc.dictionary(fc.constantFrom('en', 'es'), fc.string())) });
    const items = fc.uniqueArray(item, { selector: (i) => i.id, maxLength: 6 });
    fc.assert(
      fc.property(items, items, (a, b) => {
        const text = JSON.stringify({ schemaVersion: 1, items: a }, null, 2);
        same(editJsonText(text, { schemaVersion: 1, items: b }), { schemaVersion: 1, items: b });
      }),
      { numRuns: 300 },
    );
  });
});
