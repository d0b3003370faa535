/**
 * src/track/json-text.ts: the JSON text of events, the same as JSON.stringify's for JSON data,
 * whatever `toJSON` the host page put on Array.prototype or Object.prototype.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { jsonTextOrNothing, stringifyJson } from '../../src/track/json-text';

const arrayProto = Array.prototype as unknown as { toJSON?: () => unknown };
const objectProto = Object.prototype as unknown as { toJSON?: () => unknown };

afterEach(() => {
  delete arrayProto.toJSON;
  delete objectProto.toJSON;
});

describe('stringifyJson', () => {
  const samples: unknown[] = [
    { events: [{ a: 1, b: 'x"y\\z\u2028', c: null, d: true, e: false, f: [1, [2, [3]]], g: {} }] },
    [undefined, () => 1, NaN, Infinity, -0, 1.5e-7, 'é😀\ud800'],
    { skipped: undefined, fn: () => 1, kept: 0, nested: { deeper: { list: [] } } },
    { when: new Date('2026-11-22T10:00:00.000Z'), own: { toJSON: () => 'own toJSON' } },
    Object.assign(Object.create(null), { bare: 1 }),
    'text',
    42,
  ];

  it.each(samples.map((sample, i) => [i, sample]))('writes sample %i as JSON.stringify does', (_i, sample) => {
    expect(stringifyJson(sample)).toBe(JSON.stringify(sample));
  });

  it('calls no toJSON the page put on Array.prototype or Object.prototype, even one that recurses', () => {
    const event = { type: 'goal', properties: { list: [1, 2], inner: { x: 'y' } } };
    const expected = JSON.stringify(event);
    // Polluted only while the texts are made (the test runner itself serializes with JSON.stringify).
    arrayProto.toJSON = function (this: unknown[]) {
      return JSON.stringify(this);
    };
    let native: string | Error;
    try {
      native = JSON.stringify(event);
    } catch (error) {
      native = error as Error;
    }
    const withArrays = stringifyJson({ events: [event] });
    delete arrayProto.toJSON;
    objectProto.toJSON = () => 'polluted';
    const nativeObjects = JSON.stringify(event);
    const withObjects = stringifyJson({ events: [event] });
    delete objectProto.toJSON;
    expect(native).toBeInstanceOf(RangeError);
    expect(nativeObjects).toBe('"polluted"');
    expect(withArrays).toBe(`{"events":[${expected}]}`);
    expect(withObjects).toBe(`{"events":[${expected}]}`);
  });

  it('refuses a cycle and a BigInt with an error, as JSON.stringify does', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => stringifyJson(cycle)).toThrow(RangeError);
    expect(() => stringifyJson({ n: 1n })).toThrow(TypeError);
  });
});

describe('jsonTextOrNothing', () => {
  it('is the JSON text, or undefined (never a throw) for a value nested past the bound', () => {
    expect(jsonTextOrNothing({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 1500; i++) deep = { v: deep };
    expect(() => stringifyJson(deep)).toThrow(RangeError);
    expect(jsonTextOrNothing(deep)).toBeUndefined();
  });
});
