/**
 * Properties that must hold for any input, checked with fast-check: the validator never
 * fails internally, its output is itself valid, reserved keys cannot pollute prototypes,
 * and rich text never yields a link a browser would run as script.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSelectorSyntax } from '../../src/cli/selector';
import { parsePath } from '../../src/cli/validate';
import { pickText } from '../../src/manifest/localize';
import { parseRichText, type Block, type Inline } from '../../src/manifest/richtext';
import { missingTranslations } from '../../src/manifest/translations';
import { validateManifest } from '../../src/manifest/validate';

const RUNS = { numRuns: 300 };

/** The validator catches its own exceptions and reports them this way: that must never happen. */
const internalFailure = (result: ReturnType<typeof validateManifest>) =>
  result.problems.find((p) => p.message.startsWith('manifest could not be validated'));

const VALID_ITEMS = [
  { id: 'help', type: 'helpLink', target: { anchor: 'export' }, url: 'https://example.com/help', label: { en: 'Help', es: 'Ayuda' } },
  { id: 'tip', type: 'tooltip', target: '#save', placement: 'bottom', title: 'Save', body: '**Saves** it.', buttons: [{ label: 'OK', action: 'dismiss' }] },
  { id: 'spot', type: 'hotspot', target: '#filters', body: 'New', frequency: { everyDays: 7 } },
  { id: 'walk', type: 'tour', trigger: 'manual', steps: [{ body: 'One', buttons: [{ label: 'Next', action: 'next' }] }, { target: '#a', body: 'Two', advanceOn: { click: true } }] },
  { id: 'promo', type: 'banner', when: { 'account.plan': 'trial' }, title: { en: 'Trial', es: 'Prueba' }, buttons: [{ label: 'Tour', action: 'startTour', tour: 'walk' }] },
  { id: 'start', type: 'checklist', requires: ['walk'], tasks: [{ id: 'a', title: 'A', tour: 'walk' }, { id: 'b', title: 'B', completeOn: 'b_done' }] },
];

/** A JSON value that is a path somewhere inside `value`, with what to put there. */
function setAt(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    const index = typeof head === 'number' ? head % Math.max(1, copy.length) : 0;
    copy[index] = setAt(copy[index], rest, replacement);
    return copy;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    const key = typeof head === 'string' ? head : keys[head % Math.max(1, keys.length)] ?? 'x';
    return { ...value, [key]: setAt((value as Record<string, unknown>)[key], rest, replacement) };
  }
  return value;
}

/** Item keys, plus typos and nonsense, to aim the junk at places the schema cares about. */
const junkKey = fc.oneof(
  fc.constantFrom('id', 'type', 'target', 'placement', 'title', 'body', 'buttons', 'image', 'when', 'trigger', 'steps', 'tasks', 'requires', 'url', 'label', 'frequency', 'schedule', 'experiment', 'placment', 'selector', 'anchor', 'action', 'tour', 'src', 'alt', '$regex', 'en', 'es'),
  fc.nat(5),
  fc.string({ maxLength: 6 }),
);

/** One valid item with random junk written at a random path inside it. */
const junkItem = fc
  .tuple(fc.constantFrom(...VALID_ITEMS), fc.array(fc.tuple(fc.array(junkKey, { minLength: 1, maxLength: 4 }), fc.jsonValue({ maxDepth: 3 })), { maxLength: 3 }))
  .map(([item, edits]) => edits.reduce<unknown>((acc, [path, junk]) => setAt(acc, path, junk), item));

const junkManifest = fc.record({
  schemaVersion: fc.constantFrom(1, 1.2),
  revision: fc.constantFrom('r-1', 'x'),
  items: fc.array(fc.oneof(junkItem, fc.constantFrom(...VALID_ITEMS), fc.jsonValue({ maxDepth: 2 })), { maxLength: 8 }),
  experiments: fc.option(fc.array(fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant({ key: 'e', variations: [{ key: 'a' }, { key: 'b', overrides: { tip: { placement: 'top' } } }], scope: { items: ['tip'] } })), { maxLength: 2 }), { nil: undefined }),
});

describe('validateManifest on arbitrary input', () => {
  it('never fails internally on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = validateManifest(value, { checkSelector: checkSelectorSyntax });
        expect(internalFailure(result)).toBeUndefined();
        expect(Array.isArray(result.problems)).toBe(true);
      }),
      RUNS,
    );
  });

  it('never fails internally on manifests with junk inside items, and what it keeps is itself valid', () => {
    fc.assert(
      fc.property(junkManifest, (value) => {
        const result = validateManifest(value, { checkSelector: checkSelectorSyntax });
        expect(internalFailure(result)).toBeUndefined();
        expect(result.manifest).not.toBeNull();
        // Validating the validated output again finds no error and keeps every item.
        const again = validateManifest(JSON.parse(JSON.stringify(result.manifest)), { checkSelector: checkSelectorSyntax });
        expect(again.problems.filter((p) => p.severity === 'error')).toEqual([]);
        expect(again.manifest?.items).toEqual(result.manifest!.items);
      }),
      RUNS,
    );
  });

  it('every problem path leads into the input (the value, or for a missing key, its object)', () => {
    const exists = (root: unknown, path: (string | number)[]) =>
      path.every((segment) => {
        if (root === null || typeof root !== 'object' || !Object.prototype.hasOwnProperty.call(root, segment)) return false;
        root = (root as Record<string | number, unknown>)[segment];
        return true;
      });
    fc.assert(
      fc.property(junkManifest, (value) => {
        for (const problem of validateManifest(value, { checkSelector: checkSelectorSyntax }).problems) {
          const segments = parsePath(problem.path);
          const target = problem.code === 'missing-key' && !exists(value, segments) ? segments.slice(0, -1) : segments;
          expect(exists(value, target), `${problem.path}: ${problem.message}`).toBe(true);
        }
      }),
      RUNS,
    );
  });
});

// --- Prototype pollution ------------------------------------------------------------------

const RESERVED = ['__proto__', 'constructor', 'prototype'];

/** A JSON tree whose objects are lists of entries, so reserved keys survive until JSON.parse. */
type Tree = string | number | boolean | null | Tree[] | { entries: [string, Tree][] };

const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(tie('tree'), { maxLength: 3 }),
    fc.record({ entries: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...RESERVED, 'polluted', 'isAdmin', '$regex', 'en'), fc.string({ maxLength: 4 })), tie('tree')), { maxLength: 4 }) }),
  ),
})).tree;

function toJson(tree: Tree): string {
  if (tree === null || typeof tree !== 'object') return JSON.stringify(tree);
  if (Array.isArray(tree)) return `[${tree.map(toJson).join(',')}]`;
  return `{${tree.entries.map(([key, value]) => `${JSON.stringify(key)}:${toJson(value)}`).join(',')}}`;
}

/** An object tree that certainly contains a reserved key, as real own keys after JSON.parse. */
const reservedTree = fc.tuple(fc.constantFrom(...RESERVED), treeArb, treeArb).map(([key, inner, sibling]): Tree => ({
  entries: [[key, { entries: [['polluted', true], ['isAdmin', inner]] }], ['en', sibling]],
}));

function snapshotPrototypes(): string[] {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((proto) => Object.getOwnPropertyNames(proto).sort().join(','));
}

function assertNotPolluted(before: string[]) {
  expect(snapshotPrototypes()).toEqual(before);
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(probe.isAdmin).toBeUndefined();
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
}

/** Manifest text with `junk` placed in a condition, a text map, an item, an override and the top level. */
function manifestText(junk: string, place: number): string {
  const at = (n: number, text: string) => (place === n ? text : '');
  return `{
    "schemaVersion": 1, "revision": "r", ${at(0, `"__proto__": ${junk},`)}
    "experiments": [{"key": "e", "scope": {"items": ["tip"]}, "variations": [{"key": "a"}, {"key": "b", "overrides": {"tip": ${place === 1 ? junk : '{}'}}}]}],
    "items": [
      {"id": "tip", "type": "tooltip", "target": "#a", "experiment": "e", "body": ${place === 2 ? junk : '"x"'}, "when": ${place === 3 ? junk : '{}'}},
      {"id": "promo", "type": "banner", "body": "ok", "title": {"en": "Hi", "constructor": ${junk}}},
      ${place === 4 ? junk : '{"id": "keeper", "type": "banner", "body": "ok"}'}
    ]
  }`;
}

/** Own keys at any depth. */
function hasReservedKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  return Object.keys(value).some((key) => RESERVED.includes(key) || hasReservedKey((value as Record<string, unknown>)[key]));
}

describe('reserved keys (__proto__, constructor, prototype) cannot pollute prototypes', () => {
  it('in conditions, localized texts, items, overrides and the top level', () => {
    const before = snapshotPrototypes();
    fc.assert(
      fc.property(fc.oneof(reservedTree, treeArb), fc.nat(4), (tree, place) => {
        const input: unknown = JSON.parse(manifestText(toJson(tree), place));
        const result = validateManifest(input, { checkSelector: checkSelectorSyntax });
        expect(internalFailure(result)).toBeUndefined();
        if (result.manifest) {
          missingTranslations(result.manifest, ['es', 'zh-CN'], result.itemIndexes);
          for (const item of result.manifest.items) {
            pickText(item.title, 'constructor', '__proto__');
            pickText(item.body, 'es', 'en');
            // No item with a reserved key anywhere survives validation.
            expect(hasReservedKey(item), JSON.stringify(item)).toBe(false);
          }
          // The item with "constructor" in its title is always refused.
          expect(result.manifest.items.map((i) => i.id)).not.toContain('promo');
        }
        assertNotPolluted(before);
      }),
      RUNS,
    );
  });

  it('reports a reserved key in a condition instead of dropping it silently', () => {
    const input: unknown = JSON.parse('{"schemaVersion": 1, "revision": "r", "items": [{"id": "b", "type": "banner", "body": "x", "when": {"$or": [{"prototype": 1}]}}]}');
    const result = validateManifest(input);
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([['forbidden-key', 'items[0].when.$or[0].prototype']]);
    expect(result.manifest?.items).toEqual([]);
  });

  it('pickText reads a JSON.parse\'d "__proto__" locale as data', () => {
    const before = snapshotPrototypes();
    const text = JSON.parse('{"__proto__": {"polluted": true}, "en": "Hello"}') as Record<string, string>;
    expect(pickText(text, 'en', 'en')).toEqual({ text: 'Hello', locale: 'en' });
    assertNotPolluted(before);
  });
});

// --- Rich text ----------------------------------------------------------------------------

/** Markdown-ish fragments, schemes and control characters, to hit the parser's edges. */
const richFragment = fc.oneof(
  fc.constantFrom('[', ']', '(', ')', '](', '*', '**', '_', '__', '`', '\\', '{{', '}}', '|', ':', '\t', '\n', '\n\n', ' ', '- ', '1. ', '<', '>', '&', '#', '/', '//', '%3A', '\u0000', '\u200b'),
  fc.constantFrom('javascript:', 'JaVaScRiPt:', 'java\tscript:', ' javascript:', 'data:', 'vbscript:', 'http:', 'https://x.test', 'mailto:', 'file:', 'blob:', 'user.traits.name', 'alert(1)'),
  fc.string({ maxLength: 4 }),
);
/** Link-shaped fragments, so most runs reach the href check: `[label](scheme + junk)`. */
const linkFragment = fc
  .tuple(fc.array(richFragment, { maxLength: 3 }), fc.array(richFragment, { minLength: 1, maxLength: 4 }))
  .map(([label, href]) => `[${label.join('')}](${href.join('')})`);
const richSource = fc.array(fc.oneof(richFragment, linkFragment), { maxLength: 30 }).map((parts) => parts.join(''));

function links(blocks: Block[]): string[] {
  const out: string[] = [];
  const walk = (nodes: Inline[]) => {
    for (const node of nodes) {
      if (typeof node === 'string' || node.kind === 'br') continue;
      if (node.kind === 'link') out.push(node.href);
      walk(node.children);
    }
  };
  for (const block of blocks) {
    if (block.kind === 'p') walk(block.children);
    else block.items.forEach(walk);
  }
  return out;
}

/**
 * What a browser would do with the href: the WHATWG URL parser, independent of our code.
 * An href it cannot parse (e.g. "//a:b", a bad port) is inert: clicking it goes nowhere.
 */
function browserScheme(href: string): string {
  try {
    return new URL(href, 'https://app.example/page/').protocol;
  } catch {
    return 'unparseable';
  }
}

describe('parseRichText on arbitrary input', () => {
  it('never throws, and every link it yields resolves to http(s) or mailto in a browser', () => {
    fc.assert(
      fc.property(richSource, fc.oneof(fc.string(), fc.constant(undefined)), (source, value) => {
        const blocks = parseRichText(source, () => value);
        for (const href of links(blocks)) {
          expect(['http:', 'https:', 'mailto:', 'unparseable'], href).toContain(browserScheme(href));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on any string at all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (source) => {
        parseRichText(source);
      }),
      RUNS,
    );
  });

  it('inserts a variable\'s value as one literal piece of text, whatever it contains', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('*', '_', '`', '[', ']', '(', ')', '<', '>', '{', '}', '\\', 'a', ' ', 'javascript:') }).filter((s) => s.trim() !== ''), (value) => {
        expect(parseRichText('Hi {{user.traits.firstName|there}}!', () => value)).toEqual([{ kind: 'p', children: [`Hi ${value}!`] }]);
      }),
      RUNS,
    );
  });
});
