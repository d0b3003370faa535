/**
 * src/manifest/schema-declare.ts: `declare`, what the product provides (traits and events), read
 * by `guidepost validate` only. Checked on the schema directly and, for the wording a writer
 * sees, through issueProblems on a null-prototype copy as authoring.ts does. This file imports
 * the schema on its own, as the command line does (it never loads json-schema.ts).
 */
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { Declarations, TraitType } from '../../src/manifest/schema-declare';
import { boundedCopy } from '../../src/manifest/depth';
import { issueProblems } from '../../src/manifest/issues';

const ok = (schema: v.GenericSchema, value: unknown) => v.safeParse(schema, value).success;

/** [code, path, message] for `declare`, as authoring.ts reports it. */
function problems(value: unknown) {
  const copy = boundedCopy(value);
  if (!copy.ok) throw new Error('too deep');
  const parsed = v.safeParse(Declarations, copy.value);
  return issueProblems(parsed.issues, Declarations, copy.value, ['declare']).map((p) => [p.code, p.path, p.message]);
}

const FULL = {
  traits: {
    user: { firstName: 'string', age: 'number', beta: 'boolean', role: ['admin', 'member'] },
    account: { plan: ['trial', 'pro', 'enterprise'], seats: 'number', 'legacy-id': 'string', $internal: 'boolean' },
  },
  events: { project_created: {}, 'billing.export:csv': { description: 'CSV export' } },
};

describe('valid declarations', () => {
  it('parse as written', () => {
    expect(v.parse(Declarations, FULL)).toEqual(FULL);
  });

  it('every part is optional', () => {
    for (const value of [{}, { traits: {} }, { traits: { user: {} } }, { events: {} }]) expect(ok(Declarations, value), JSON.stringify(value)).toBe(true);
  });

  it('a trait type is a word or a non-empty list of values', () => {
    for (const t of ['string', 'number', 'boolean', ['a'], ['a', 'b']]) expect(ok(TraitType, t), JSON.stringify(t)).toBe(true);
    for (const t of ['date', 'String', [], [1], {}, null]) expect(ok(TraitType, t), JSON.stringify(t)).toBe(false);
  });
});

describe('mistakes, each at its path', () => {
  it('a trait name with a dot (trait names are one path segment)', () => {
    expect(problems({ traits: { user: { 'profile.name': 'string' } } })).toEqual([
      ['invalid-value', 'declare.traits.user["profile.name"]', 'declare.traits.user["profile.name"]: expected a trait name of letters, digits, "_", "-" (no "."), found "profile.name"'],
    ]);
  });

  it('a trait name that is too long or has a space', () => {
    expect(problems({ traits: { account: { ['x'.repeat(101)]: 'string', 'two words': 'string' } } }).map((p) => p[0])).toEqual(['invalid-value', 'invalid-value']);
    expect(ok(Declarations, { traits: { account: { ['x'.repeat(100)]: 'string' } } })).toBe(true);
  });

  it('an unknown trait type names the accepted forms', () => {
    expect(problems({ traits: { user: { signup: 'date' } } })).toEqual([
      ['invalid-value', 'declare.traits.user.signup', 'declare.traits.user.signup: expected one of "string", "number", "boolean", found "date"'],
    ]);
  });

  it('a misspelt owner of traits', () => {
    expect(problems({ traits: { users: {} } })).toEqual([['unknown-key', 'declare.traits.users', 'declare.traits.users: unknown key "users" — did you mean "user"?']]);
  });

  it('an event name that is not one, and an event described by a string', () => {
    expect(problems({ events: { 'project created': {} } })).toEqual([
      ['invalid-value', 'declare.events["project created"]', 'declare.events["project created"]: expected an event name of letters, digits, "_", "-", ".", ":", found "project created"'],
    ]);
    expect(problems({ events: { saved: 'when a doc is saved' } })).toEqual([
      ['invalid-value', 'declare.events.saved', 'declare.events.saved: expected an object { … }, found "when a doc is saved"'],
    ]);
  });

  it('a misspelt key of an event or of declare', () => {
    expect(problems({ events: { saved: { desc: 'x' } } })).toEqual([['unknown-key', 'declare.events.saved.desc', 'declare.events.saved.desc: unknown key "desc" (known keys: description)']]);
    expect(problems({ event: {} })).toEqual([['unknown-key', 'declare.event', 'declare.event: unknown key "event" — did you mean "events"?']]);
  });

  it('declare that is not an object', () => {
    // An array is no object (valibot alone would read it as one with keys "0", "1", …; see proto-safe.ts).
    expect(problems(['project_created'])).toEqual([['invalid-value', 'declare', 'declare: expected an object { … }, found ["project_created"]']]);
    expect(problems({ traits: [], events: [] })).toEqual([
      ['invalid-value', 'declare.traits', 'declare.traits: expected an object { … }, found []'],
      ['invalid-value', 'declare.events', 'declare.events: expected an object { … }, found []'],
    ]);
    expect(problems('events')).toEqual([['invalid-value', 'declare', 'declare: expected an object { … }, found "events"']]);
  });
});

describe('an empty list of trait values is told it needs a value, not a word', () => {
  // The list form is right and only empty: the list's own rule ("at least one value") says more
  // than the words of the union's other branch.
  it('says the list needs at least one value', () => {
    expect(problems({ traits: { user: { plan: [] } } })).toEqual([
      ['invalid-value', 'declare.traits.user.plan', 'declare.traits.user.plan: expected at least one value, found an empty list'],
    ]);
  });
});

describe('Declarations reads only its own keys, whatever a library put on Object.prototype', () => {
  // schema-declare.ts hardens its schema itself (proto-safe.ts): `guidepost validate` parses it
  // without loading json-schema.ts.
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).polluted;
  });

  it('parses valid declarations with an enumerable Object.prototype.polluted', () => {
    // authoring.ts parses a null-prototype copy of `declare`.
    const copy = boundedCopy(FULL) as { ok: true; value: unknown };
    Object.defineProperty(Object.prototype, 'polluted', { value: 1, enumerable: true, configurable: true, writable: true });
    let result: { success: boolean } | undefined;
    expect(() => {
      result = v.safeParse(Declarations, copy.value);
    }).not.toThrow();
    expect(result?.success).toBe(true);
  });

  it('does not throw on a plain object either', () => {
    Object.defineProperty(Object.prototype, 'polluted', { value: 1, enumerable: true, configurable: true, writable: true });
    expect(() => v.safeParse(Declarations, { traits: {} })).not.toThrow();
  });
});
