/**
 * src/engine/attribute-path.ts: `lookup` (GrowthBook's own path reading, which compiled
 * clauses and the screen rely on) and `valueAt` (what explanations show). The contract of
 * `lookup` is that `{v: lookup(a, path)}` against `{v: clause}` evaluates exactly as GrowthBook
 * evaluates `{[path]: clause}` against `a`: checked here against GrowthBook itself.
 */
import { evalCondition as growthbookEval } from '@growthbook/growthbook';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookup, valueAt } from '../../src/engine/attribute-path';

const split = (path: string) => path.split('.');

describe('lookup', () => {
  const attributes = {
    user: { plan: 'pro', seats: 0, flags: { beta: false }, tags: ['a', 'b'], nothing: null, gone: undefined },
    page: { path: '/settings' },
    'dotted.key': 'whole',
    '': { '': 'empty names' },
  };

  it('reads nested values, including falsy ones', () => {
    expect(lookup(attributes, split('user.plan'))).toBe('pro');
    expect(lookup(attributes, split('user.seats'))).toBe(0);
    expect(lookup(attributes, split('user.flags.beta'))).toBe(false);
    expect(lookup(attributes, split('user.nothing'))).toBeNull();
    expect(lookup(attributes, split('user.tags'))).toEqual(['a', 'b']);
  });

  it('reads an own key that holds undefined as undefined, a missing key as null (as GrowthBook does)', () => {
    expect(lookup(attributes, split('user.gone'))).toBeUndefined();
    expect(lookup(attributes, split('user.missing'))).toBeNull();
    expect(lookup(attributes, split('nowhere.at.all'))).toBeNull();
  });

  it('gives null when a step goes through null, a number, a string, a boolean or a function', () => {
    expect(lookup(attributes, split('user.nothing.deeper'))).toBeNull();
    expect(lookup(attributes, split('user.seats.x'))).toBeNull();
    expect(lookup(attributes, split('user.plan.length'))).toBeNull();
    expect(lookup(attributes, split('user.flags.beta.x'))).toBeNull();
    expect(lookup({ f: () => 1 }, ['f', 'name'])).toBeNull();
  });

  it('reads arrays by index and their length', () => {
    expect(lookup(attributes, split('user.tags.1'))).toBe('b');
    expect(lookup(attributes, split('user.tags.2'))).toBeNull();
    expect(lookup(attributes, split('user.tags.length'))).toBe(2);
  });

  it('takes the parts as given: a dotted key is reachable only as one part; empty parts are keys too', () => {
    expect(lookup(attributes, ['dotted.key'])).toBe('whole');
    expect(lookup(attributes, split('dotted.key'))).toBeNull();
    expect(lookup(attributes, split('.'))).toBe('empty names');
  });

  it('returns the attributes themselves for no parts', () => {
    expect(lookup(attributes, [])).toBe(attributes);
  });

  it('reads an own "__proto__" key (JSON.parse makes one) as data, never the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"plan": "pro"}, "user": {}}') as Record<string, unknown>;
    expect(lookup(parsed, ['__proto__', 'plan'])).toBe('pro');
    expect(lookup(parsed, ['plan'])).toBeNull();
    expect(lookup(parsed, ['user', 'plan'])).toBeNull();
  });

  it('finds nothing on null-prototype objects, not even "constructor"', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    expect(lookup(bare, ['constructor'])).toBeNull();
    expect(lookup(bare, ['toString'])).toBeNull();
    expect(lookup(bare, ['a'])).toBe(1);
  });

  it('does not write: reading every kind of path leaves the attributes and Object.prototype as they were', () => {
    const input = JSON.parse('{"a": {"b": [1, {"c": null}]}, "__proto__": {"x": 1}}');
    const before = JSON.stringify(input);
    for (const path of ['a.b.1.c.d', '__proto__.x', 'constructor.prototype', 'a.__proto__.polluted']) lookup(input, split(path));
    expect(JSON.stringify(input)).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('walks 100,000 parts without recursion and through cycles without hanging', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(lookup(cycle, new Array(100_000).fill('self'))).toBe(cycle);
    let deep: Record<string, unknown> = { end: 'bottom' };
    for (let i = 0; i < 20_000; i++) deep = { n: deep };
    expect(lookup(deep, [...new Array(20_000).fill('n'), 'end'])).toBe('bottom');
  });

  it('handles keys with unicode, control characters and huge lengths', () => {
    const long = 'k'.repeat(100_000);
    const odd = { 'ключ': { '😀': 1 }, 'a\u0000b': 2, [long]: 3, '\uD800': 4 };
    expect(lookup(odd, ['ключ', '😀'])).toBe(1);
    expect(lookup(odd, ['a\u0000b'])).toBe(2);
    expect(lookup(odd, [long])).toBe(3);
    expect(lookup(odd, ['\uD800'])).toBe(4);
  });
});

describe('lookup evaluates exactly as GrowthBook reads the whole path', () => {
  /** GrowthBook can throw (comparing a null-prototype object with `<`); the engine counts that as false. */
  const attempt = (run: () => boolean): boolean | 'threw' => {
    try {
      return run();
    } catch {
      return 'threw';
    }
  };
  /** What a compiled clause evaluates, next to what GrowthBook evaluates for the condition as written. */
  const compiled = (attributes: Record<string, unknown>, path: string, clause: unknown) =>
    attempt(() => growthbookEval({ v: lookup(attributes, split(path)) } as never, { v: clause } as never));
  const asWritten = (attributes: Record<string, unknown>, path: string, clause: unknown) =>
    attempt(() => growthbookEval(attributes as never, { [path]: clause } as never));

  const clauses: unknown[] = [
    { $exists: true }, { $exists: false }, null, 'pro', 0, false, { $eq: null }, { $ne: null }, { $type: 'null' },
    { $type: 'undefined' }, { $type: 'object' }, { $type: 'array' }, { $type: 'string' }, { $lt: 1 }, { $gt: -1 }, { $in: [null, 'pro'] },
    { $nin: [null] }, { $size: 2 }, { $elemMatch: { $eq: 'a' } }, { $all: ['a'] }, { $not: { $exists: true } },
  ];
  const attributes = JSON.parse(
    '{"user": {"plan": "pro", "seats": 0, "tags": ["a", "b"], "none": null, "flags": {"beta": false}}, "__proto__": {"plan": "x"}, "n": 5}',
  ) as Record<string, unknown>;
  const paths = [
    'user.plan', 'user.seats', 'user.tags', 'user.tags.0', 'user.tags.length', 'user.none', 'user.none.x', 'user.missing', 'user.flags',
    'user.flags.beta', 'n', 'n.x', 'missing', 'missing.deeper', '__proto__.plan', 'constructor', 'user.constructor', 'toString', 'user.plan.length',
  ];

  it.each(paths)('path %s, every clause', (path) => {
    const differences = clauses.filter((clause) => compiled(attributes, path, clause) !== asWritten(attributes, path, clause));
    expect(differences).toEqual([]);
  });

  it('on random JSON attributes and paths made of their keys', () => {
    const key = fc.constantFrom('a', 'b', 'c', '0', '1', 'length', 'constructor', '__proto__', '');
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 3 }), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 3 }),
      object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    }));
    fc.assert(
      fc.property(fc.dictionary(key, json.value, { maxKeys: 4 }), fc.array(key, { minLength: 1, maxLength: 4 }), fc.constantFrom(...clauses), (attrs, parts, clause) => {
        const path = parts.join('.');
        expect(compiled(attrs, path, clause)).toBe(asWritten(attrs, path, clause));
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
});

describe('valueAt', () => {
  const attributes = { user: { plan: 'pro', none: null, seats: 0, tags: ['a'] }, s: 'text' };

  it('reads nested values and shows null as null', () => {
    expect(valueAt(attributes, ['user', 'plan'])).toBe('pro');
    expect(valueAt(attributes, ['user', 'none'])).toBeNull();
    expect(valueAt(attributes, ['user', 'seats'])).toBe(0);
    expect(valueAt(attributes, ['user', 'tags', '0'])).toBe('a');
  });

  it('shows a missing step as undefined, not null (an explanation says "absent", not "null")', () => {
    expect(valueAt(attributes, ['user', 'missing'])).toBeUndefined();
    expect(valueAt(attributes, ['nowhere', 'deeper'])).toBeUndefined();
    expect(valueAt(attributes, ['user', 'none', 'x'])).toBeUndefined();
    expect(valueAt(attributes, ['user', 'seats', 'x'])).toBeUndefined();
  });

  it('does not read properties of primitives (a string\'s length is not an attribute)', () => {
    expect(valueAt(attributes, ['s', 'length'])).toBeUndefined();
    expect(valueAt(attributes, ['user', 'plan', '0'])).toBeUndefined();
  });

  it('returns the attributes themselves for no parts', () => {
    expect(valueAt(attributes, [])).toBe(attributes);
  });

  it('shows what lookup reads wherever lookup finds something (both read the same value)', () => {
    const parsed = JSON.parse('{"a": {"b": [1, {"c": false}]}, "__proto__": {"x": 1}, "u": {"v": null}}') as Record<string, unknown>;
    for (const path of ['a', 'a.b', 'a.b.0', 'a.b.1.c', 'a.b.length', '__proto__.x', 'u.v']) {
      expect(valueAt(parsed, split(path))).toEqual(lookup(parsed, split(path)));
    }
    // Where lookup says null for "missing", valueAt says undefined.
    for (const path of ['a.z', 'u.v.w', 'a.b.5.c']) {
      expect(lookup(parsed, split(path))).toBeNull();
      expect(valueAt(parsed, split(path))).toBeUndefined();
    }
  });

  it('walks long paths and cycles without recursion', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(valueAt(cycle, new Array(100_000).fill('self'))).toBe(cycle);
  });
});
