/**
 * src/engine/experiment-scope.ts: which experiment governs an item (by name, by listed id,
 * by type; the first match in manifest order), a variation's overrides (they replace fields,
 * never the id or type, never mutate the item, never touch prototypes), and every form an
 * item takes across arms. Overrides for one item or one experiment must not leak into another.
 */
import { describe, expect, it } from 'vitest';
import { experimentFor, itemForms, withOverrides } from '../../src/engine/experiment-scope';
import type { Experiment, Item, TourItem } from '../../src/manifest/schema';
import { item } from '../support/engine-helpers';

const experiment = (fields: Partial<Experiment> & Pick<Experiment, 'key'>): Experiment => ({
  variations: [{ key: 'control' }, { key: 'treatment' }],
  scope: {},
  ...fields,
});

/** Deep-freezes a value so any write by the code under test throws (ES modules are strict). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

describe('experimentFor', () => {
  const link = item({ id: 'export-help', type: 'helpLink' });
  const banner = item({ id: 'promo', type: 'banner' });

  it('finds the experiment an item names, one whose scope lists its id, or one whose scope lists its type', () => {
    expect(experimentFor({ ...link, experiment: 'named' }, [experiment({ key: 'named' })])?.key).toBe('named');
    expect(experimentFor(link, [experiment({ key: 'listed', scope: { items: ['export-help'] } })])?.key).toBe('listed');
    expect(experimentFor(link, [experiment({ key: 'typed', scope: { types: ['helpLink'] } })])?.key).toBe('typed');
  });

  it('returns undefined when nothing matches, for no experiments, and for an empty scope', () => {
    const experiments = [experiment({ key: 'banners', scope: { types: ['banner'] } }), experiment({ key: 'other', scope: { items: ['other'] } })];
    expect(experimentFor(link, experiments)).toBeUndefined();
    expect(experimentFor(link, [])).toBeUndefined();
    expect(experimentFor(link, [experiment({ key: 'empty', scope: {} })])).toBeUndefined();
    expect(experimentFor(link, [experiment({ key: 'empty-lists', scope: { items: [], types: [] } })])).toBeUndefined();
  });

  it('an item naming an experiment that does not exist is governed by none (or by one that scopes it)', () => {
    expect(experimentFor({ ...link, experiment: 'ghost' }, [experiment({ key: 'real', scope: { types: ['banner'] } })])).toBeUndefined();
    expect(experimentFor({ ...link, experiment: 'ghost' }, [experiment({ key: 'real', scope: { items: ['export-help'] } })])?.key).toBe('real');
  });

  it('matches ids, keys and types exactly: no prefix, substring or case folding', () => {
    const experiments = [
      experiment({ key: 'Named', scope: { items: ['export', 'EXPORT-HELP', 'export-help-2'] } }),
      experiment({ key: 'types', scope: { types: ['helplink' as Item['type'], 'tooltip'] } }),
    ];
    expect(experimentFor({ ...link, experiment: 'named' }, experiments)).toBeUndefined();
    expect(experimentFor(item({ id: 'tip', type: 'tooltip' }), experiments)?.key).toBe('types');
  });

  it('takes the first match in manifest order, whatever the kind of match', () => {
    const byType = experiment({ key: 'by-type', scope: { types: ['helpLink'] } });
    const byId = experiment({ key: 'by-id', scope: { items: ['export-help'] } });
    expect(experimentFor(link, [byType, byId])?.key).toBe('by-type');
    expect(experimentFor(link, [byId, byType])?.key).toBe('by-id');
    // Documented in docs/experiments.md: an item naming an experiment still goes to an earlier one that scopes it.
    expect(experimentFor({ ...link, experiment: 'by-id' }, [byType, byId])?.key).toBe('by-type');
  });

  it('does not let one item\'s membership decide another\'s', () => {
    const experiments = [experiment({ key: 'links', scope: { items: ['export-help'] } }), experiment({ key: 'banners', scope: { types: ['banner'] } })];
    expect(experimentFor(link, experiments)?.key).toBe('links');
    expect(experimentFor(banner, experiments)?.key).toBe('banners');
    expect(experimentFor(item({ id: 'other-link', type: 'helpLink' }), experiments)).toBeUndefined();
  });

  it('handles ids that are names of Object.prototype members ("constructor", "toString")', () => {
    const ctor = item({ id: 'constructor', type: 'tooltip' });
    expect(experimentFor(ctor, [experiment({ key: 'e', scope: { items: ['toString'] } })])).toBeUndefined();
    expect(experimentFor(ctor, [experiment({ key: 'e', scope: { items: ['constructor'] } })])?.key).toBe('e');
  });

  it('neither reorders nor mutates the experiments or the item', () => {
    const experiments = deepFreeze([experiment({ key: 'a', scope: { items: ['x'] } }), experiment({ key: 'b', scope: { types: ['helpLink'] } })]);
    expect(experimentFor(deepFreeze({ ...link }), experiments)?.key).toBe('b');
    expect(experiments.map((e) => e.key)).toEqual(['a', 'b']);
  });
});

describe('withOverrides', () => {
  const tip = item({ id: 'tip', type: 'tooltip', body: 'Old copy', placement: 'top', title: 'Title' });

  it('returns the item itself when there are no overrides', () => {
    expect(withOverrides(tip, undefined)).toBe(tip);
  });

  it('replaces the fields it names and keeps the others', () => {
    expect(withOverrides(tip, { body: 'New copy', placement: 'bottom' })).toEqual({ ...tip, body: 'New copy', placement: 'bottom' });
  });

  it('adds fields the item did not have', () => {
    expect(withOverrides(tip, { priority: 5 })).toEqual({ ...tip, priority: 5 });
  });

  it('never changes the id or the type: they are the item\'s identity (progress and events are keyed by them)', () => {
    const result = withOverrides(tip, { id: 'hijacked', type: 'banner', body: 'x' });
    expect(result.id).toBe('tip');
    expect(result.type).toBe('tooltip');
    expect(result.body).toBe('x');
  });

  it('replaces nested values whole: a tour\'s steps are the variation\'s, not a merge', () => {
    const tour = item({ id: 't', type: 'tour', steps: [{ body: 'one' }, { body: 'two' }, { body: 'three' }] }) as TourItem;
    const result = withOverrides(tour, { steps: [{ body: 'only' }] });
    expect(result.steps).toEqual([{ body: 'only' }]);
  });

  it('does not mutate the item or the overrides', () => {
    const frozen = deepFreeze({ ...tip });
    const overrides = deepFreeze({ body: 'New' });
    const result = withOverrides(frozen, overrides);
    expect(result).not.toBe(frozen);
    expect(frozen.body).toBe('Old copy');
    expect(overrides).toEqual({ body: 'New' });
  });

  it('treats an own "__proto__" key (JSON.parse makes one) as data: no prototype change, no pollution', () => {
    const overrides = JSON.parse('{"__proto__": {"polluted": true, "body": "from proto"}, "title": "T2"}') as Record<string, unknown>;
    const result = withOverrides(tip, overrides) as Item & Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(result.body).toBe('Old copy');
    expect(result.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(result.title).toBe('T2');
  });

  it('accepts null-prototype overrides (what the validator produces)', () => {
    const overrides = Object.assign(Object.create(null) as Record<string, unknown>, { body: 'safe' });
    expect(withOverrides(tip, overrides)).toEqual({ ...tip, body: 'safe' });
  });
});

describe('itemForms', () => {
  const tip = item({ id: 'tip', type: 'tooltip', body: 'Old copy' });
  const other = item({ id: 'other', type: 'tooltip', body: 'Other copy' });

  it('is just the item when no experiment governs it', () => {
    const forms = itemForms(tip, [experiment({ key: 'banners', scope: { types: ['banner'] } })]);
    expect(forms).toHaveLength(1);
    expect(forms[0]).toBe(tip);
  });

  it('is the item as written followed by one form per variation, in variation order', () => {
    const exp = experiment({
      key: 'copy',
      scope: { items: ['tip'] },
      variations: [{ key: 'a' }, { key: 'b', overrides: { tip: { body: 'B copy' } } }, { key: 'c', overrides: { tip: { body: 'C copy', placement: 'left' } } }],
    });
    const forms = itemForms(tip, [exp]);
    expect(forms.map((f) => f.body)).toEqual(['Old copy', 'Old copy', 'B copy', 'C copy']);
    expect(forms[0]).toBe(tip);
    expect(forms[1]).toBe(tip); // a variation without overrides for this item shows it as written
    expect(forms[3]).toEqual({ ...tip, body: 'C copy', placement: 'left' });
  });

  it('a holdout variation (enabled: false) still yields a form: whether the engine loads must not differ between arms', () => {
    const exp = experiment({ key: 'holdout', scope: { types: ['tooltip'] }, variations: [{ key: 'off', enabled: false }, { key: 'on' }] });
    expect(itemForms(tip, [exp])).toEqual([tip, tip, tip]);
  });

  it('never applies overrides written for another item, or by an experiment that does not govern this one', () => {
    const governing = experiment({
      key: 'copy',
      scope: { items: ['tip', 'other'] },
      variations: [{ key: 'a' }, { key: 'b', overrides: { other: { body: 'leaked?' } } }],
    });
    const later = experiment({ key: 'later', scope: { items: ['tip'] }, variations: [{ key: 'x', overrides: { tip: { body: 'from later' } } }, { key: 'y' }] });
    expect(itemForms(tip, [governing, later]).map((f) => f.body)).toEqual(['Old copy', 'Old copy', 'Old copy']);
    expect(itemForms(other, [governing, later]).map((f) => f.body)).toEqual(['Other copy', 'Other copy', 'leaked?']);
  });

  it('keeps the identity of every form, even when an override tries to change it', () => {
    const exp = experiment({ key: 'copy', scope: { items: ['tip'] }, variations: [{ key: 'a', overrides: { tip: { id: 'x', type: 'banner' } } }, { key: 'b' }] });
    for (const form of itemForms(tip, [exp])) expect([form.id, form.type]).toEqual(['tip', 'tooltip']);
  });

  it('an item whose id is an Object.prototype member reads no inherited "overrides" (plain-object variations)', () => {
    const ctor = item({ id: 'constructor', type: 'tooltip', body: 'Body' });
    const exp = experiment({ key: 'e', scope: { types: ['tooltip'] }, variations: [{ key: 'a', overrides: { other: { body: 'x' } } }, { key: 'b', overrides: {} }] });
    const forms = itemForms(ctor, [exp]);
    expect(forms).toHaveLength(3);
    for (const form of forms) expect(form).toEqual(ctor);
  });

  it('does not mutate the item or the experiment', () => {
    const exp = deepFreeze(experiment({ key: 'copy', scope: { items: ['tip'] }, variations: [{ key: 'a' }, { key: 'b', overrides: { tip: { body: 'B' } } }] }));
    const frozen = deepFreeze({ ...tip });
    expect(itemForms(frozen, [exp]).map((f) => f.body)).toEqual(['Old copy', 'Old copy', 'B']);
  });
});
