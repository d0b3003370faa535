/**
 * src/manifest/depth.ts on its own: the depth bound on untrusted JSON (`boundedCopy`,
 * `tooDeep`, `safeOutput`, `MAX_DEPTH`, `SAFE_PROTOTYPE`), edge cases first. Covers the exact
 * limit (32 levels pass, 33 do not) for arrays, objects and mixes, the path of the first
 * container past the bound, depth 0 and scalars, width that is not depth, cycles (direct and
 * mutual), own `__proto__` keys, what is dropped (inherited, non-enumerable and symbol keys,
 * functions, symbols), that copies are independent of their source, and that a foreign error
 * is not mistaken for "too deep". (hardening-units.test.ts covers a 100,000-deep chain.)
 */
import { describe, expect, it } from 'vitest';
import { boundedCopy, MAX_DEPTH, SAFE_PROTOTYPE, safeOutput, tooDeep } from '../../src/manifest/depth';

const arrays = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};
const objects = (levels: number, key = 'k'): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = { [key]: value };
  return value;
};

describe('the bound is exact', () => {
  it('is 32 levels', () => {
    expect(MAX_DEPTH).toBe(32);
  });

  it.each([
    ['arrays', arrays, 0],
    ['objects', objects, 'k'],
  ] as const)('%s: 32 levels are copied whole; 33 are refused at the 33rd container', (_name, build, segment) => {
    const within = boundedCopy(build(32));
    expect(within.ok).toBe(true);
    expect(JSON.stringify((within as { value: unknown }).value)).toBe(JSON.stringify(build(32)));
    expect(tooDeep(build(32))).toBeUndefined();
    const past = Array(32).fill(segment);
    expect(boundedCopy(build(33))).toEqual({ ok: false, path: past });
    expect(tooDeep(build(33))).toEqual(past);
  });

  it('counts each object and array: {"when": {"$and": [{"a": 1}]}} is 4 deep', () => {
    const condition = { when: { $and: [{ a: 1 }] } };
    expect(boundedCopy(condition, 4).ok).toBe(true);
    expect(boundedCopy(condition, 3)).toEqual({ ok: false, path: ['when', '$and', 0] });
    expect(tooDeep(condition, 3)).toEqual(['when', '$and', 0]);
  });

  it('scalars are never too deep; an empty container at depth 1 is, with a bound of 0', () => {
    for (const scalar of ['x', 0, null, true, undefined]) expect(boundedCopy(scalar, 0)).toEqual({ ok: true, value: scalar });
    expect(boundedCopy({}, 0)).toEqual({ ok: false, path: [] });
    expect(boundedCopy([], 0)).toEqual({ ok: false, path: [] });
    expect(tooDeep([], 0)).toEqual([]);
    expect(boundedCopy({ a: [] }, 1)).toEqual({ ok: false, path: ['a'] });
  });

  it('a container holding only scalars at the last level passes: leaves do not count', () => {
    expect(boundedCopy({ a: { b: 'leaf', c: 1, d: null } }, 2).ok).toBe(true);
    expect(tooDeep({ a: { b: 'leaf' } }, 2)).toBeUndefined();
  });
});

describe('the path names the first container past the bound, in key order', () => {
  const mixed = { a: 1, b: [[1]], c: { d: [{ e: [] }] }, f: [[[1]]] };

  it('within a mix of objects and arrays', () => {
    expect(boundedCopy(mixed, 3)).toEqual({ ok: false, path: ['c', 'd', 0] });
    expect(tooDeep(mixed, 3)).toEqual(['c', 'd', 0]);
    expect(tooDeep(mixed, 4)).toEqual(['c', 'd', 0, 'e']);
    expect(tooDeep(mixed, 5)).toBeUndefined();
  });

  it('keys that need quoting in a path are kept as written', () => {
    expect(tooDeep({ 'a b': { '': { '0': [] } } }, 3)).toEqual(['a b', '', '0']);
    expect(boundedCopy({ 'a b': { '': { '0': [] } } }, 3)).toEqual({ ok: false, path: ['a b', '', '0'] });
  });
});

describe('width is not depth', () => {
  it('copies an object of 100,000 keys and an array of 100,000 entries', () => {
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, { v: i }]));
    const copy = boundedCopy({ wide, list: Array.from({ length: 100_000 }, (_, i) => [i]) }, 3);
    expect(copy.ok).toBe(true);
    const value = (copy as { value: { wide: Record<string, { v: number }>; list: number[][] } }).value;
    expect(Object.keys(value.wide)).toHaveLength(100_000);
    expect([value.wide.k99999.v, value.list[99_999][0]]).toEqual([99_999, 99_999]);
  });

  it('a wide object whose last entry is too deep is refused at that entry', () => {
    const wide: Record<string, unknown> = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, 1]));
    wide.last = arrays(40);
    expect(tooDeep(wide)).toEqual(['last', ...Array(31).fill(0)]);
  });
});

describe('cycles hit the bound', () => {
  it('an array that contains itself', () => {
    const cyclic: unknown[] = [];
    cyclic.push(1, cyclic);
    expect(boundedCopy(cyclic, 4)).toEqual({ ok: false, path: [1, 1, 1, 1] });
    expect(tooDeep(cyclic, 4)).toEqual([1, 1, 1, 1]);
  });

  it('two objects that refer to each other, at the default bound', () => {
    const a: Record<string, unknown> = {};
    const b: Record<string, unknown> = { a };
    a.b = b;
    const path = Array.from({ length: 32 }, (_, i) => (i % 2 ? 'a' : 'b'));
    expect(boundedCopy(a)).toEqual({ ok: false, path });
    expect(tooDeep(a)).toEqual(path);
  });
});

describe('the copy', () => {
  it('keeps an own "__proto__" key (as JSON.parse makes it) as data, without changing the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const copy = boundedCopy(parsed) as { ok: true; value: Record<string, unknown> };
    expect(Object.keys(copy.value)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(copy.value)).toBe(SAFE_PROTOTYPE);
    expect(copy.value.polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(copy.value, '__proto__')?.value).toEqual(expect.objectContaining({ polluted: true }));
  });

  it('has a frozen, empty prototype that itself has none', () => {
    expect(Object.isFrozen(SAFE_PROTOTYPE)).toBe(true);
    expect(Object.getPrototypeOf(SAFE_PROTOTYPE)).toBeNull();
    expect(Reflect.ownKeys(SAFE_PROTOTYPE)).toEqual([]);
  });

  it('keeps own enumerable string keys only', () => {
    const source = Object.create({ inherited: 1 }) as Record<string | symbol, unknown>;
    source.own = 1;
    source[Symbol('s')] = 2;
    Object.defineProperty(source, 'hidden', { value: 3, enumerable: false });
    const copy = boundedCopy(source) as { ok: true; value: Record<string, unknown> };
    expect(Reflect.ownKeys(copy.value)).toEqual(['own']);
  });

  it('serializes as JSON serializes the source: functions and symbols are dropped', () => {
    const source = { f: () => 1, s: Symbol('x'), list: [() => 1, Symbol('y'), 2], n: 1.5, t: 'x', z: null };
    const copy = boundedCopy(source) as { ok: true; value: unknown };
    expect(JSON.stringify(copy.value)).toBe(JSON.stringify(source));
    expect(JSON.stringify(copy.value)).toBe('{"list":[null,null,2],"n":1.5,"t":"x","z":null}');
  });

  it('arrays stay arrays (holes read as undefined); shared references become separate copies', () => {
    const shared = { x: 1 };
    const copy = boundedCopy({ a: shared, b: shared, holes: [1, , 3] }) as { ok: true; value: Record<string, any> };
    expect(Array.isArray(copy.value.holes)).toBe(true);
    expect(copy.value.holes).toEqual([1, undefined, 3]);
    expect(copy.value.a).not.toBe(copy.value.b);
    copy.value.a.x = 2;
    expect([shared.x, copy.value.b.x]).toEqual([1, 1]);
  });

  it('lets an error that is not about depth through, unchanged', () => {
    const boom = new Error('getter failed');
    const source = { ok: 1, get bad(): never { throw boom; } };
    expect(() => boundedCopy(source)).toThrow(boom);
    expect(() => tooDeep(source)).toThrow(boom);
  });
});

describe('safeOutput', () => {
  it('rebuilds a value within the bound on the safe prototype, at every level', () => {
    const out = safeOutput({ item: { buttons: [{ label: 'x' }] } });
    expect(Object.getPrototypeOf(out)).toBe(SAFE_PROTOTYPE);
    expect(Object.getPrototypeOf(out.item.buttons[0])).toBe(SAFE_PROTOTYPE);
    expect(Array.isArray(out.item.buttons)).toBe(true);
    expect(JSON.stringify(out)).toBe('{"item":{"buttons":[{"label":"x"}]}}');
  });

  it('has no bound of its own: a value 40 deep (past MAX_DEPTH) is copied whole', () => {
    expect(JSON.stringify(safeOutput(arrays(40)))).toBe(JSON.stringify(arrays(40)));
  });
});
