/**
 * src/manifest/issues.ts on its own: valibot's issues turned into writers' problems. Small
 * schemas show each rule (every unknown key at once with the nearest known key, the missing key
 * with its allowed words, the list of words with "did you mean", the length phrasing, a refused
 * record key such as a locale tag); the manifest's own Item and Experiment schemas show how a
 * union or the item variant is searched for the branch the writer meant.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { issueProblems, locationLabel, problemsFromIssue } from '../../src/manifest/issues';
import type { PathSegment } from '../../src/manifest/problems';
import { boundedCopy } from '../../src/manifest/depth';
import { Experiment, Item } from '../../src/manifest/schema';

/** The problems valibot's issues on `input` give, as the validator builds them. */
function problems(schema: v.GenericSchema, input: unknown, basePath: PathSegment[] = [], itemId?: string, kind?: 'item' | 'experiment') {
  const parsed = v.safeParse(schema, input);
  return issueProblems(parsed.issues, schema, input, basePath, itemId, kind);
}

/** An item as the validator hands it to valibot: a null-prototype copy (depth.ts). */
function itemProblems(item: Record<string, unknown>, index = 0) {
  const copy = boundedCopy(item);
  if (!copy.ok) throw new Error('too deep');
  const id = typeof item.id === 'string' ? item.id : undefined;
  return problems(Item, copy.value, ['items', index], id).map((p) => [p.code, p.path, p.message]);
}

describe('unknown keys', () => {
  const Box = v.strictObject({ alpha: v.string(), beta: v.optional(v.number()) });

  it('reports every unknown key of an object, not only the first, with the nearest known key', () => {
    expect(problems(Box, { alpha: 'x', alpah: 1, zzz: 2, betta: 3 }, ['items', 2], 'box')).toEqual([
      { code: 'unknown-key', path: 'items[2].alpah', itemId: 'box', severity: 'error', message: 'item "box" at items[2].alpah: unknown key "alpah" — did you mean "alpha"?', received: 'alpah', suggestion: 'alpha' },
      { code: 'unknown-key', path: 'items[2].zzz', itemId: 'box', severity: 'error', message: 'item "box" at items[2].zzz: unknown key "zzz" (known keys: alpha, beta)', received: 'zzz', suggestion: undefined },
      { code: 'unknown-key', path: 'items[2].betta', itemId: 'box', severity: 'error', message: 'item "box" at items[2].betta: unknown key "betta" — did you mean "beta"?', received: 'betta', suggestion: 'beta' },
    ]);
  });

  it('quotes a key that is not an identifier in the path', () => {
    const found = problems(Box, { alpha: 'x', 'pt-BR': 'Olá' }, ['settings']);
    expect(found.map((p) => [p.path, p.message])).toEqual([['settings["pt-BR"]', 'settings["pt-BR"]: unknown key "pt-BR" (known keys: alpha, beta)']]);
  });

  it('says which item types have a key that this type does not', () => {
    expect(itemProblems({ id: 'tip', type: 'tooltip', target: '#a', body: 'x', url: '/help' })).toEqual([
      ['unknown-key', 'items[0].url', 'item "tip" at items[0].url: unknown key "url" for a tooltip; only helpLink items have it'],
    ]);
    expect(itemProblems({ id: 'b', type: 'banner', body: 'x', placement: 'top' })).toEqual([
      ['unknown-key', 'items[0].placement', 'item "b" at items[0].placement: unknown key "placement" for a banner; only helpLink, tooltip, hotspot items have it'],
    ]);
    expect(itemProblems({ id: 'b', type: 'banner', body: 'x', steps: [] })).toEqual([
      ['unknown-key', 'items[0].steps', 'item "b" at items[0].steps: unknown key "steps" for a banner; only tour items have it'],
    ]);
  });

  it('reports "toString" and "hasOwnProperty" as unknown keys, not as members of Object.prototype', () => {
    expect(itemProblems({ id: 'b', type: 'banner', body: 'x', toString: 'x', hasOwnProperty: 1 }).map((p) => p[1])).toEqual(['items[0].toString', 'items[0].hasOwnProperty']);
  });

  it('finds the misspelt key inside an object form of a union (a step\'s advanceOn)', () => {
    expect(itemProblems({ id: 't', type: 'tour', steps: [{ body: 'x' }, { body: 'y', advanceOn: { evnt: 'saved' } }] })).toEqual([
      ['unknown-key', 'items[0].steps[1].advanceOn.evnt', 'item "t" at items[0].steps[1].advanceOn.evnt: unknown key "evnt" — did you mean "event"?'],
    ]);
  });
});

describe('missing keys', () => {
  it('names the key, and the words it may be when there is a list', () => {
    const Pick = v.strictObject({ unit: v.picklist(['user', 'account']), key: v.string() });
    expect(problems(Pick, {}, ['experiments', 1]).map((p) => [p.code, p.path, p.message])).toEqual([
      ['missing-key', 'experiments[1].unit', 'experiments[1].unit: missing required key "unit" (one of "user", "account")'],
      ['missing-key', 'experiments[1].key', 'experiments[1].key: missing required key "key"'],
    ]);
  });

  it('lists the item types when "type" is missing', () => {
    expect(itemProblems({ id: 'x', body: 'y' })).toEqual([
      ['missing-key', 'items[0].type', 'item "x" at items[0].type: missing required key "type" (one of "helpLink", "tooltip", "hotspot", "tour", "banner", "checklist")'],
    ]);
  });

  it('points at a missing key deep in a list (a checklist task without a title, in 5 languages elsewhere)', () => {
    const tasks = [{ id: 'a', title: { en: 'A', es: 'A', de: 'A', fr: 'A', ja: 'A' } }, { id: 'b' }];
    expect(itemProblems({ id: 'list', type: 'checklist', tasks }, 4)).toEqual([['missing-key', 'items[4].tasks[1].title', 'item "list" at items[4].tasks[1].title: missing required key "title"']]);
  });
});

describe('wrong values', () => {
  it('lists the allowed words, with the nearest one for a typo', () => {
    const found = problems(v.strictObject({ slot: v.picklist(['top', 'bottom', 'inline']) }), { slot: 'botom' }, ['items', 0], 'promo');
    expect(found).toEqual([
      { code: 'invalid-value', path: 'items[0].slot', itemId: 'promo', severity: 'error', message: 'item "promo" at items[0].slot: expected one of "top", "bottom", "inline", found "botom" — did you mean "bottom"?', expected: 'one of "top", "bottom", "inline"', received: '"botom"', suggestion: 'bottom' },
    ]);
  });

  it('lists the words without a suggestion when nothing is close, or the value is not a word', () => {
    const Slot = v.strictObject({ slot: v.picklist(['top', 'bottom']) });
    expect(problems(Slot, { slot: 'sideways' })[0].message).toBe('slot: expected one of "top", "bottom", found "sideways"');
    expect(problems(Slot, { slot: 3 })[0].message).toBe('slot: expected one of "top", "bottom", found 3');
  });

  it('quotes a single allowed word on its own', () => {
    expect(problems(v.literal('guidepost'), 'guidepst', ['compiled', 'by'])[0].message).toBe('compiled.by: expected "guidepost", found "guidepst" — did you mean "guidepost"?');
    expect(problems(v.literal(3), 4, ['n'])[0].message).toBe('n: expected 3, found 4');
  });

  it('phrases types as words: a number, true or false, an object, a list', () => {
    const Types = v.strictObject({ n: v.number(), b: v.boolean(), o: v.strictObject({}), a: v.array(v.string()), s: v.string() });
    expect(problems(Types, { n: '1', b: 'yes', o: 'x', a: {}, s: null }).map((p) => p.message)).toEqual([
      'n: expected a number, found "1"',
      'b: expected true or false, found "yes"',
      'o: expected an object { … }, found "x"',
      'a: expected an array [ … ], found {}',
      's: expected a string, found null',
    ]);
  });

  it('phrases numeric bounds and whole numbers', () => {
    const Bounds = v.strictObject({
      low: v.pipe(v.number(), v.minValue(1)),
      high: v.pipe(v.number(), v.maxValue(60000)),
      whole: v.pipe(v.number(), v.integer()),
    });
    expect(problems(Bounds, { low: 0, high: 90000, whole: 1.5 }).map((p) => [p.message, p.expected, p.received])).toEqual([
      ['low: expected a number of at least 1, found 0', 'a number of at least 1', '0'],
      ['high: expected a number of at most 60000, found 90000', 'a number of at most 60000', '90000'],
      ['whole: expected a whole number, found 1.5', 'a whole number', '1.5'],
    ]);
  });

  it('phrases lengths: characters for strings, entries and the count for lists', () => {
    expect(problems(v.pipe(v.string(), v.minLength(1)), '', ['revision'])[0].message).toBe('revision: expected a non-empty string, found ""');
    expect(problems(v.pipe(v.string(), v.minLength(3)), 'ab', ['s'])[0].message).toBe('s: expected at least 3 characters, found "ab"');
    expect(problems(v.pipe(v.string(), v.maxLength(3)), 'abcd', ['s'])[0].message).toBe('s: expected at most 3 characters, found "abcd"');
    expect(problems(v.pipe(v.array(v.string()), v.minLength(1)), [], ['l'])[0].message).toBe('l: expected at least 1 entries, found an empty list');
    expect(problems(v.pipe(v.array(v.string()), v.maxLength(1)), ['a', 'b', 'c'], ['l'])[0].message).toBe('l: expected at most 1 entries, found 3');
  });

  it('uses the schema\'s own message as written', () => {
    expect(problems(v.pipe(v.number(), v.minValue(2, 'two or more')), 1, ['n'])[0].message).toBe('n: expected two or more, found 1');
    expect(problems(v.pipe(v.array(v.string()), v.maxLength(2, 'at most 2 buttons')), ['a', 'b', 'c'], ['buttons'])[0].message).toBe('buttons: expected at most 2 buttons, found 3');
  });

  it('reports a wrong value at the root of the input at the base path', () => {
    expect(problems(v.strictObject({ a: v.string() }), 'dark', ['settings']).map((p) => [p.path, p.message])).toEqual([['settings', 'settings: expected an object { … }, found "dark"']]);
    expect(problems(v.strictObject({ a: v.string() }), 5).map((p) => [p.path, p.message])).toEqual([['', 'manifest: expected an object { … }, found 5']]);
  });
});

describe('record keys (locale tags, names)', () => {
  const Texts = v.record(v.pipe(v.string(), v.regex(/^[a-z]{2}$/, 'a two-letter language')), v.picklist(['yes', 'no']));

  it('a refused key is described by the key\'s expectation, not by the words its value may be', () => {
    expect(problems(Texts, { EN: 'yes', de: 'ja' }, ['t']).map((p) => p.message)).toEqual([
      't.EN: expected a two-letter language, found "EN"',
      't.de: expected one of "yes", "no", found "ja"',
    ]);
  });

  it('points at the one bad translation among many languages', () => {
    const title = { en: 'Save', es: 'Guardar', de: 'Speichern', fr: 5, ja: '保存', 'zh-CN': '保存', 'pt-BR': 'Salvar' };
    expect(itemProblems({ id: 'tip', type: 'tooltip', target: '#s', title })).toEqual([
      ['invalid-value', 'items[0].title.fr', 'item "tip" at items[0].title.fr: expected a string, found 5'],
    ]);
  });

  it('reports a locale tag written with "_" and a wrong value in the same text, each at its key', () => {
    expect(itemProblems({ id: 'tip', type: 'tooltip', target: '#s', body: { en: 'Hi', pt_BR: 'Oi', es: false } })).toEqual([
      ['invalid-value', 'items[0].body.pt_BR', 'item "tip" at items[0].body.pt_BR: expected a locale tag such as "en", "es" or "zh-CN", found "pt_BR"'],
      ['invalid-value', 'items[0].body.es', 'item "tip" at items[0].body.es: expected a string, found false'],
    ]);
  });
});

describe('unions: the branch the writer meant', () => {
  it('a wrong value under a key one branch knows is reported there (frequency.everyDays)', () => {
    expect(itemProblems({ id: 'b', type: 'banner', body: 'x', frequency: { everyDays: 'weekly' } })).toEqual([
      ['invalid-value', 'items[0].frequency.everyDays', 'item "b" at items[0].frequency.everyDays: expected a number, found "weekly"'],
    ]);
  });

  it('a word for a union of words and objects is compared with the words (trigger)', () => {
    expect(itemProblems({ id: 'b', type: 'banner', body: 'x', trigger: 'manuel' })).toEqual([
      ['invalid-value', 'items[0].trigger', 'item "b" at items[0].trigger: expected one of "pageView", "manual", found "manuel" — did you mean "manual"?'],
    ]);
  });

  it('when nothing points to a branch, the union\'s own sentence names every accepted form', () => {
    expect(itemProblems({ id: 'b', type: 'banner', body: 'x', trigger: {} })).toEqual([
      ['invalid-value', 'items[0].trigger', 'item "b" at items[0].trigger: expected "pageView", "manual", {"event": "name"} or {"elementAppears": "selector"}, found {}'],
    ]);
    expect(itemProblems({ id: 't', type: 'tooltip', body: 'x', target: 5 })).toEqual([
      ['invalid-value', 'items[0].target', 'item "t" at items[0].target: expected a CSS selector string or an object {selector, anchor, fallbacks, frame}, found 5'],
    ]);
  });

  it('a nested wrong value in the object branch of a target', () => {
    expect(itemProblems({ id: 't', type: 'tooltip', body: 'x', target: { selector: '#a', fallbacks: '#b' } })).toEqual([
      ['invalid-value', 'items[0].target.fallbacks', 'item "t" at items[0].target.fallbacks: expected an array [ … ], found "#b"'],
    ]);
  });

  it('an empty selector string is "a non-empty string", not the whole union', () => {
    expect(itemProblems({ id: 't', type: 'tooltip', body: 'x', target: '' })).toEqual([
      ['invalid-value', 'items[0].target', 'item "t" at items[0].target: expected a non-empty string, found ""'],
    ]);
  });
});

describe('experiments', () => {
  it('name the experiment in the message and leave itemId empty', () => {
    const input = { key: 'exp', unit: 'acount', variations: [{ key: 'a' }, { key: 'b' }], scope: { types: ['banner'] } };
    const found = problems(Experiment, input, ['experiments', 2], 'exp', 'experiment');
    expect(found).toEqual([
      {
        code: 'invalid-value',
        path: 'experiments[2].unit',
        itemId: undefined,
        severity: 'error',
        message: 'experiment "exp" at experiments[2].unit: expected one of "user", "account", found "acount" — did you mean "account"?',
        expected: 'one of "user", "account"',
        received: '"acount"',
        suggestion: 'account',
      },
    ]);
  });
});

describe('problemsFromIssue', () => {
  it('gives the same problems as issueProblems for one issue', () => {
    const schema = v.strictObject({ placement: v.picklist(['top', 'bottom']) });
    const input = { placement: 'tpo' };
    const [issue] = v.safeParse(schema, input).issues!;
    expect(problemsFromIssue(issue, { schema, input, basePath: ['items', 1], itemId: 'x' })).toEqual(problems(schema, input, ['items', 1], 'x'));
  });

  it('reports one problem per path and message, even when several issues lead there', () => {
    // Two unknown keys: valibot reports the first, and the problem lists both; nothing twice.
    const found = itemProblems({ id: 'b', type: 'banner', body: 'x', titel: 'T', bdy: 'B' });
    expect(found.map((p) => p[1])).toEqual(['items[0].titel', 'items[0].bdy']);
  });
});

describe('issueProblems', () => {
  it('is empty without issues', () => {
    expect(issueProblems(undefined, v.string(), 'x', ['a'])).toEqual([]);
    expect(issueProblems([], v.string(), 'x', ['a'])).toEqual([]);
  });

  it('labels with locationLabel (re-exported from problems.ts)', () => {
    expect(locationLabel('x', 'items[0]')).toBe('item "x" at items[0]');
  });

  it('stays bounded for an object with 5,000 unknown keys: one problem per key, each a sentence', () => {
    const input: Record<string, unknown> = { id: 'b', type: 'banner', body: 'x' };
    for (let i = 0; i < 5000; i++) input[`extra${i}`] = i;
    const found = itemProblems(input);
    expect(found).toHaveLength(5000);
    expect(found[4999]).toEqual(['unknown-key', 'items[0].extra4999', expect.stringMatching(/^item "b" at items\[0\]\.extra4999: unknown key "extra4999" \(known keys: type, id, /)]);
  });
});
