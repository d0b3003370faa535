/**
 * The controller's small pure helpers (src/runtime/items.ts): a fresh page view record, the event
 * fields of an item, the element an item is anchored to, and template lookups that read own
 * properties only (never a prototype, never an object).
 */
import { describe, expect, it } from 'vitest';
import { anchorOf, itemFields, newPageView, ownPath } from '../../src/runtime/items';
import type { Item } from '../../src/manifest/schema';

const item = (fields: Record<string, unknown>) => fields as unknown as Item;

describe('newPageView', () => {
  it('starts at the time given, with nothing shown, paced, viewed, missing or unrenderable', () => {
    const view = newPageView(1234);
    expect(view.startedAt).toBe(1234);
    expect(view.interruptiveShown).toBe(0);
    expect(view.recentEvents).toEqual([]);
    for (const set of [view.exposed, view.paced, view.counterfactual, view.viewed]) expect(set.size).toBe(0);
    expect(view.missingTargets.size).toBe(0);
    expect(view.unrenderable.size).toBe(0);
  });

  it('gives every page view its own collections (nothing shared between two records)', () => {
    const a = newPageView(1);
    const b = newPageView(2);
    a.exposed.add('x');
    a.paced.add('x');
    a.counterfactual.add('x');
    a.viewed.add('x');
    a.missingTargets.set('x', '#x');
    a.unrenderable.set('x', 'boom');
    a.recentEvents.push('clicked');
    a.interruptiveShown++;
    expect(b.exposed.size + b.paced.size + b.counterfactual.size + b.viewed.size + b.missingTargets.size + b.unrenderable.size).toBe(0);
    expect(b.recentEvents).toEqual([]);
    expect(b.interruptiveShown).toBe(0);
  });
});

describe('itemFields', () => {
  it("carries the item's id, type and version, as a 'shown' event", () => {
    expect(itemFields(item({ id: 'tip', type: 'tooltip', version: 3, target: '#a', body: 'x' }))).toEqual({ type: 'shown', item_id: 'tip', item_type: 'tooltip', item_version: 3 });
  });

  it('uses version 1 for an item without one', () => {
    expect(itemFields(item({ id: 'b', type: 'banner', body: 'x' })).item_version).toBe(1);
  });

  it('keeps version 0 as it is (not replaced by the default)', () => {
    expect(itemFields(item({ id: 'b', type: 'banner', version: 0, body: 'x' })).item_version).toBe(0);
  });
});

describe('anchorOf', () => {
  it('is the target of tooltips, hotspots and help links, whatever its form', () => {
    expect(anchorOf(item({ id: 't', type: 'tooltip', target: '#save' }))).toBe('#save');
    const target = { anchor: 'export', fallbacks: ['#export'] };
    expect(anchorOf(item({ id: 'h', type: 'hotspot', target }))).toBe(target);
    expect(anchorOf(item({ id: 'l', type: 'helpLink', target: { selector: '#a', frame: '#f' } }))).toEqual({ selector: '#a', frame: '#f' });
  });

  it('is the target of an inline banner only', () => {
    expect(anchorOf(item({ id: 'b', type: 'banner', slot: 'inline', target: '#slot' }))).toBe('#slot');
    expect(anchorOf(item({ id: 'b', type: 'banner', slot: 'top', target: '#slot' }))).toBeUndefined();
    expect(anchorOf(item({ id: 'b', type: 'banner', target: '#slot' }))).toBeUndefined();
  });

  it('is nothing for tours (each step has its own) and checklists', () => {
    expect(anchorOf(item({ id: 'tour', type: 'tour', steps: [{ target: '#a' }] }))).toBeUndefined();
    expect(anchorOf(item({ id: 'c', type: 'checklist', target: '#a', tasks: [] }))).toBeUndefined();
  });

  it('is undefined for an anchored type without a target (a compiled manifest is not validated)', () => {
    expect(anchorOf(item({ id: 't', type: 'tooltip' }))).toBeUndefined();
  });
});

describe('ownPath', () => {
  const root = { user: { id: 'u1', traits: { firstName: 'Ada', age: 36, admin: false, nested: { deep: 'yes' }, list: ['a', 'b'], none: null } } };

  it('reads strings, numbers and booleans through nested own properties', () => {
    expect(ownPath(root, 'user.id')).toBe('u1');
    expect(ownPath(root, 'user.traits.firstName')).toBe('Ada');
    expect(ownPath(root, 'user.traits.age')).toBe(36);
    expect(ownPath(root, 'user.traits.admin')).toBe(false);
    expect(ownPath(root, 'user.traits.nested.deep')).toBe('yes');
    expect(ownPath(root, 'user.traits.list.1')).toBe('b');
  });

  it('never hands out an object, an array or null: only a value a template can print', () => {
    expect(ownPath(root, 'user')).toBeUndefined();
    expect(ownPath(root, 'user.traits.nested')).toBeUndefined();
    expect(ownPath(root, 'user.traits.list')).toBeUndefined();
    expect(ownPath(root, 'user.traits.none')).toBeUndefined();
  });

  it('is undefined for a missing key, a path through a primitive, and empty or malformed paths', () => {
    expect(ownPath(root, 'user.traits.lastName')).toBeUndefined();
    expect(ownPath(root, 'user.traits.firstName.length')).toBeUndefined();
    expect(ownPath(root, 'user.traits.age.toFixed')).toBeUndefined();
    expect(ownPath(root, '')).toBeUndefined();
    expect(ownPath(root, 'user..id')).toBeUndefined();
    expect(ownPath(root, '.user')).toBeUndefined();
    expect(ownPath(root, 'user.id.')).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'])('never reaches the prototype through "%s"', (key) => {
    expect(ownPath(root, key)).toBeUndefined();
    expect(ownPath(root, `user.${key}`)).toBeUndefined();
    expect(ownPath(root, `user.traits.${key}`)).toBeUndefined();
    expect(ownPath(root, `user.${key}.name`)).toBeUndefined();
    expect(ownPath(root, `user.traits.${key}.constructor.name`)).toBeUndefined();
  });

  it('does not read a value put on Object.prototype by another script', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = 'gotcha';
    try {
      expect(ownPath(root, 'polluted')).toBeUndefined();
      expect(ownPath(root, 'user.traits.polluted')).toBeUndefined();
    } finally {
      delete proto.polluted;
    }
  });

  it('reads an own "__proto__" key (parsed from JSON) as plain data, not as the prototype', () => {
    const traits = JSON.parse('{"__proto__": "plain", "constructor": "also plain"}') as Record<string, unknown>;
    expect(ownPath({ user: { traits } }, 'user.traits.__proto__')).toBe('plain');
    expect(ownPath({ user: { traits } }, 'user.traits.constructor')).toBe('also plain');
  });

  it('works on objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { name: 'bare' });
    expect(ownPath({ user: bare }, 'user.name')).toBe('bare');
    expect(ownPath({ user: bare }, 'user.missing')).toBeUndefined();
  });

  it('walks a deep path and a long one without trouble', () => {
    let deep: Record<string, unknown> = { leaf: 'bottom' };
    const segments: string[] = [];
    for (let i = 0; i < 500; i++) {
      deep = { [`k${i}`]: deep };
      segments.unshift(`k${i}`);
    }
    expect(ownPath(deep, [...segments, 'leaf'].join('.'))).toBe('bottom');
    expect(ownPath(deep, 'x.'.repeat(100_000) + 'y')).toBeUndefined();
  });
});
