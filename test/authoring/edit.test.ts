/**
 * src/authoring/edit.ts: edits of the manifest as written. Every helper returns a new value,
 * leaves its input alone, keeps keys it does not change in their place (a new key goes last),
 * never loses a text in another locale, and what it creates passes the validator.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hasOwnText, itemIds, listOf, localesOf, newItem, newStep, newTour, otherConditions, PAGE_PATH, pagePathOf, targetStem, textFor, traitOf, uniqueId,
  withKey, withPagePath, withText, withTrait,
} from '../../src/authoring/edit';
import type { Json, JsonObject } from '../../src/authoring/json-patch';
import { validateManifest } from '../../src/manifest/validate';

const freeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(freeze);
    Object.freeze(value);
  }
  return value;
};
const errorsOf = (items: Json[], extra: JsonObject = {}) =>
  validateManifest({ schemaVersion: 1, revision: 'r', ...extra, items }).problems.filter((p) => p.severity === 'error').map((p) => p.message);

describe('withKey', () => {
  it('replaces a value in its slot, keeping the other keys and their order', () => {
    const object = freeze({ a: 1, b: { x: 1 }, c: 'three' });
    const out = withKey(object, 'b', [1, 2]);
    expect(out).toEqual({ a: 1, b: [1, 2], c: 'three' });
    expect(Object.keys(out)).toEqual(['a', 'b', 'c']);
    expect(out).not.toBe(object);
    expect(object).toEqual({ a: 1, b: { x: 1 }, c: 'three' });
  });

  it('adds a new key last and removes a key for undefined', () => {
    const object = freeze({ a: 1, b: 2 });
    expect(Object.keys(withKey(object, 'z', null))).toEqual(['a', 'b', 'z']);
    expect(withKey(object, 'z', null)).toEqual({ a: 1, b: 2, z: null });
    expect(withKey(object, 'a', undefined)).toEqual({ b: 2 });
    expect(withKey(object, 'missing', undefined)).toEqual({ a: 1, b: 2 });
  });

  it('keeps falsy values (0, false, "", null) as values, not as removals', () => {
    const object = { a: 1 };
    expect(withKey(object, 'a', 0)).toEqual({ a: 0 });
    expect(withKey(object, 'a', false)).toEqual({ a: false });
    expect(withKey(object, 'a', '')).toEqual({ a: '' });
    expect(withKey(object, 'a', null)).toEqual({ a: null });
  });

  it('a "__proto__" or "constructor" key is set as an own key, never on the prototype', () => {
    const out = withKey({ a: 1 }, '__proto__', { polluted: true });
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(out))).toEqual(JSON.parse('{"a":1,"__proto__":{"polluted":true}}'));
    const ctor = withKey({ a: 1 }, 'constructor', 'x');
    expect(Object.keys(ctor)).toEqual(['a', 'constructor']);
    expect(ctor.constructor).toBe('x');
  });

  it('property: the result has exactly the input keys (plus/minus the key), values kept, order kept', () => {
    // Keys that are not array indexes: JavaScript puts those first in any object, whatever the code does.
    const key = fc.string({ maxLength: 4 }).map((k) => `k${k}`);
    fc.assert(
      fc.property(fc.dictionary(key, fc.integer()), key, fc.option(fc.integer(), { nil: undefined }), (object, k, value) => {
        const out = withKey(object, k, value);
        const expectedKeys = Object.keys(object).filter((x) => value !== undefined || x !== k);
        if (value !== undefined && !(k in object)) expectedKeys.push(k);
        expect(Object.keys(out)).toEqual(expectedKeys);
        for (const x of expectedKeys) expect(out[x]).toBe(x === k ? value : object[x]);
      }),
    );
  });
});

describe('withKey keeps an own "__proto__" key it was not asked to change', () => {
  it('editing another key of an object parsed from JSON keeps its "__proto__" member', () => {
    // JSON.parse makes "__proto__" an own key; the writer edits the title, nothing else.
    const item = JSON.parse('{"id":"a","__proto__":{"x":1},"title":"Old"}') as JsonObject;
    const out = withKey(item, 'title', 'New');
    expect(Object.keys(out)).toEqual(['id', '__proto__', 'title']);
    expect(JSON.stringify(out)).toBe('{"id":"a","__proto__":{"x":1},"title":"New"}');
  });
});

describe('textFor and hasOwnText', () => {
  it('a plain string is the default locale\'s text only', () => {
    expect(textFor('Save', 'en', 'en')).toBe('Save');
    expect(textFor('Save', 'es', 'en')).toBe('');
    expect(hasOwnText('Save', 'en', 'en')).toBe(true);
    expect(hasOwnText('Save', 'es', 'en')).toBe(false);
    expect(hasOwnText('', 'en', 'en')).toBe(false);
  });

  it('an object gives the locale\'s own entry, and nothing for another locale', () => {
    const value = { en: 'Save', es: 'Guardar', fr: '' };
    expect(textFor(value, 'es', 'en')).toBe('Guardar');
    expect(textFor(value, 'de', 'en')).toBe('');
    expect(hasOwnText(value, 'es', 'en')).toBe(true);
    expect(hasOwnText(value, 'fr', 'en')).toBe(false);
    expect(hasOwnText(value, 'de', 'en')).toBe(false);
  });

  it('junk (numbers, arrays, null, nested objects, inherited keys) reads as no text', () => {
    for (const junk of [undefined, null, 42, true, ['Save'], { en: 5 }, { en: { nested: 'x' } }]) {
      expect(textFor(junk as Json, 'en', 'en')).toBe('');
      expect(hasOwnText(junk as Json, 'en', 'en')).toBe(false);
    }
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(textFor({ en: 'x' }, key, 'en')).toBe('');
      expect(hasOwnText({ en: 'x' }, key, 'en')).toBe(false);
    }
  });
});

describe('withText', () => {
  it('a plain string stays plain while the default locale is edited, and goes away when emptied', () => {
    expect(withText('Save', 'en', 'en', 'Store')).toBe('Store');
    expect(withText('Save', 'en', 'en', '')).toBeUndefined();
    expect(withText(undefined, 'en', 'en', 'New')).toEqual({ en: 'New' });
  });

  it('a first translation turns a plain string into an object, the default first', () => {
    const out = withText('Save', 'es', 'en', 'Guardar') as JsonObject;
    expect(out).toEqual({ en: 'Save', es: 'Guardar' });
    expect(Object.keys(out)).toEqual(['en', 'es']);
    // Emptying a translation that does not exist keeps the plain string as it was.
    expect(withText('Save', 'es', 'en', '')).toBe('Save');
  });

  it('keeps every other locale\'s text, in place, when one locale is written or removed', () => {
    const value = freeze({ fr: 'Enregistrer', en: 'Save', es: 'Guardar' });
    const edited = withText(value, 'en', 'en', 'Store') as JsonObject;
    expect(Object.entries(edited)).toEqual([['fr', 'Enregistrer'], ['en', 'Store'], ['es', 'Guardar']]);
    const removed = withText(value, 'es', 'en', '') as JsonObject;
    expect(removed).toEqual({ fr: 'Enregistrer', en: 'Save' });
    const added = withText(value, 'de', 'en', 'Speichern') as JsonObject;
    expect(Object.keys(added)).toEqual(['fr', 'en', 'es', 'de']);
    expect(value).toEqual({ fr: 'Enregistrer', en: 'Save', es: 'Guardar' });
  });

  it('emptying the last locale removes the text altogether', () => {
    expect(withText({ es: 'Guardar' }, 'es', 'en', '')).toBeUndefined();
  });

  it('a non-default default locale (defaultLocale "de") is the one a plain string belongs to', () => {
    expect(withText('Speichern', 'en', 'de', 'Save')).toEqual({ de: 'Speichern', en: 'Save' });
    expect(withText('Speichern', 'de', 'de', 'Sichern')).toBe('Sichern');
  });

  it('keeps whitespace, control characters and huge texts exactly as typed', () => {
    const text = `  line 1\n\tline 2 \u0000\u001f\u2028 ${'x'.repeat(100_000)}`;
    expect((withText({ en: 'a' }, 'en', 'en', text) as JsonObject).en).toBe(text);
  });

  it('a "__proto__" locale is an own key, not the prototype', () => {
    const out = withText({ en: 'Save' }, '__proto__', 'en', 'x') as JsonObject;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(true);
    expect(textFor(out, '__proto__', 'en')).toBe('x');
  });

  it('property: writing then reading a locale gives the text back; other locales are untouched', () => {
    const tag = fc.constantFrom('en', 'es', 'de', 'zh-CN', 'pt-BR');
    fc.assert(
      fc.property(fc.dictionary(tag, fc.string()), tag, fc.string(), (value, locale, text) => {
        const out = withText(value, locale, 'en', text);
        expect(textFor(out, locale, 'en')).toBe(text);
        for (const other of Object.keys(value)) if (other !== locale) expect(textFor(out, other, 'en')).toBe(value[other]);
      }),
    );
  });
});

describe('uniqueId', () => {
  it('the base when free, else the first free -n from 2', () => {
    expect(uniqueId('tip', [])).toBe('tip');
    expect(uniqueId('tip', ['tip'])).toBe('tip-2');
    expect(uniqueId('tip', ['tip', 'tip-2', 'tip-4'])).toBe('tip-3');
    expect(uniqueId('tip', new Set(['tip', 'tip-2', 'tip-3']))).toBe('tip-4');
  });

  it('stays fast with thousands of taken ids', () => {
    const taken = Array.from({ length: 5000 }, (_, i) => (i === 0 ? 'x' : `x-${i + 1}`));
    expect(uniqueId('x', taken)).toBe('x-5001');
  });
});

describe('targetStem', () => {
  it('reads words from an anchor or a selector (at most three, lower case)', () => {
    expect(targetStem({ anchor: 'Export' })).toBe('export');
    expect(targetStem('#save')).toBe('save');
    expect(targetStem('[data-help="new-project"]')).toBe('new-project');
    expect(targetStem('main > div.toolbar > span:nth-of-type(2) > button.primary')).toBe('2-button-primary');
    expect(targetStem('main > div.toolbar > span > button')).toBe('main-toolbar-button');
  });

  it('falls back to "item" when there are no words', () => {
    expect(targetStem('')).toBe('item');
    expect(targetStem('> + ~ *')).toBe('item');
    expect(targetStem({ anchor: '日本語' })).toBe('item');
    expect(targetStem('div span')).toBe('item');
  });

  it('is at most 40 characters', () => {
    expect(targetStem(`#${'a'.repeat(500)}`).length).toBe(40);
  });

  it('property: every id built on any target is one the schema accepts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.record({ anchor: fc.string() })), (target) => {
        const item = newItem('tooltip', target, 'en', []);
        expect(item.id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/);
      }),
    );
  });
});

describe('newItem, newStep, newTour', () => {
  it('creates each kind valid as it is, with texts in the writer\'s locale', () => {
    const items = [
      newItem('helpLink', { anchor: 'export' }, 'en', []),
      newItem('tooltip', '#save', 'en', []),
      newItem('hotspot', '#save', 'en', []),
      newTour({ anchor: 'new-project' }, '/board', 'en', []),
    ];
    expect(items.map((i) => i.id)).toEqual(['export-help', 'save-tip', 'save-hotspot', 'new-project-tour']);
    expect(errorsOf(items)).toEqual([]);
    expect(items[0]).toEqual({ id: 'export-help', type: 'helpLink', target: { anchor: 'export' }, label: { en: 'Help' }, title: { en: 'About this' }, body: { en: 'Describe what this does.' } });
    expect(items[1]).toEqual({ id: 'save-tip', type: 'tooltip', target: '#save', title: { en: 'New tip' }, body: { en: 'Describe what this does.' } });
  });

  it('a new tour is started by hand and has its first step on the route it was picked on', () => {
    const tour = newTour('#a', '/settings', 'es', ['a-tour']);
    expect(tour).toEqual({ id: 'a-tour-2', type: 'tour', trigger: 'manual', title: { es: 'New tour' }, steps: [{ target: '#a', route: '/settings', title: { es: 'Step 1' }, body: { es: 'Describe this step.' } }] });
    expect(newStep({ anchor: 'b' }, '/', 'en', 7)).toEqual({ target: { anchor: 'b' }, route: '/', title: { en: 'Step 7' }, body: { en: 'Describe this step.' } });
  });

  it('an item written in a locale other than the default still validates', () => {
    expect(errorsOf([newItem('tooltip', '#x', 'es', []), newTour('#y', '/', 'zh-CN', [])], { defaultLocale: 'en' })).toEqual([]);
  });

  it('ids never collide with the ones taken', () => {
    const taken = ['save-tip', 'save-tip-2'];
    expect(newItem('tooltip', '#save', 'en', taken).id).toBe('save-tip-3');
  });
});

describe('itemIds and listOf', () => {
  it('lists ids of entries that are items with string ids, in order', () => {
    expect(itemIds({ items: [{ id: 'a' }, 5, null, { id: 7 }, { noId: true }, ['x'], { id: 'b' }] })).toEqual(['a', 'b']);
    expect(itemIds({})).toEqual([]);
    expect(itemIds({ items: 'not a list' })).toEqual([]);
  });

  it('listOf gives an array for anything', () => {
    expect(listOf([1, 2])).toEqual([1, 2]);
    for (const junk of [undefined, null, 'x', 3, { 0: 'a', length: 1 }]) expect(listOf(junk as Json)).toEqual([]);
  });
});

describe('conditions: page path and traits', () => {
  it('pagePathOf reads an equality on page.path, nothing else', () => {
    expect(pagePathOf({ [PAGE_PATH]: '/board' })).toBe('/board');
    expect(pagePathOf({ [PAGE_PATH]: { $startsWith: '/b' } })).toBeUndefined();
    expect(pagePathOf(undefined)).toBeUndefined();
    expect(pagePathOf(['page.path'])).toBeUndefined();
  });

  it('withPagePath sets and removes the path, keeping every other condition in place', () => {
    const when = freeze({ 'user.plan': 'trial', 'events.x.count': { $gt: 1 } });
    expect(Object.keys(withPagePath(when, '/a') as JsonObject)).toEqual(['user.plan', 'events.x.count', 'page.path']);
    const withPath = { 'page.path': '/a', 'user.plan': 'trial' };
    expect(Object.keys(withPagePath(withPath, '/b') as JsonObject)).toEqual(['page.path', 'user.plan']);
    expect(withPagePath(withPath, undefined)).toEqual({ 'user.plan': 'trial' });
    expect(withPagePath(withPath, '')).toEqual({ 'user.plan': 'trial' });
    expect(withPagePath({ 'page.path': '/a' }, undefined)).toBeUndefined();
    expect(withPagePath(undefined, '/x')).toEqual({ 'page.path': '/x' });
    expect(withPagePath('junk' as Json, '/x')).toEqual({ 'page.path': '/x' });
  });

  it('traitOf finds the first trait equality, with or without "traits."', () => {
    expect(traitOf({ 'page.path': '/', 'account.plan': 'trial', 'user.role': 'admin' })).toEqual({ key: 'account.plan', scope: 'account', name: 'plan', value: 'trial' });
    expect(traitOf({ 'user.traits.seats': 5 })).toEqual({ key: 'user.traits.seats', scope: 'user', name: 'seats', value: 5 });
    expect(traitOf({ 'user.beta': false })).toMatchObject({ name: 'beta', value: false });
  });

  it('traitOf ignores ids, operators, other scopes and junk', () => {
    expect(traitOf({ 'user.id': 'u1', 'account.accountId': 'a', 'user.traits': 'x' })).toBeUndefined();
    expect(traitOf({ 'user.plan': { $in: ['a'] } })).toBeUndefined();
    expect(traitOf({ 'user.plan': null })).toBeUndefined();
    expect(traitOf({ 'device.type': 'mobile', 'user.1bad': 'x', 'user.a b': 'x' })).toBeUndefined();
    expect(traitOf(undefined)).toBeUndefined();
    expect(traitOf([{ 'user.plan': 'x' }] as Json)).toBeUndefined();
    expect(traitOf({ 'user.__proto__': 'x' })).toMatchObject({ name: '__proto__' });
  });

  it('otherConditions lists what the form does not manage', () => {
    expect(otherConditions({ 'page.path': '/', 'user.plan': 'a', 'user.role': 'b', 'events.x.count': 1 })).toEqual(['user.role', 'events.x.count']);
    expect(otherConditions(undefined)).toEqual([]);
    expect(otherConditions({ $or: [] })).toEqual(['$or']);
  });

  it('withTrait adds, replaces and removes the trait, keeping every other condition', () => {
    const when = freeze({ 'page.path': '/', 'events.x.count': 1 });
    const added = withTrait(when, { scope: 'account', name: 'plan', value: 'trial' }) as JsonObject;
    expect(added).toEqual({ 'page.path': '/', 'events.x.count': 1, 'account.plan': 'trial' });
    const moved = withTrait(added, { scope: 'user', name: 'role', value: 'admin' }) as JsonObject;
    expect(moved).toEqual({ 'page.path': '/', 'events.x.count': 1, 'user.role': 'admin' });
    expect(withTrait(moved, undefined)).toEqual({ 'page.path': '/', 'events.x.count': 1 });
    expect(withTrait({ 'user.plan': 'a' }, undefined)).toBeUndefined();
    expect(withTrait(undefined, { scope: 'user', name: 'plan', value: 3 })).toEqual({ 'user.plan': 3 });
  });

  it('withTrait refuses names that are not traits (empty, id, accountId, traits)', () => {
    for (const name of ['', 'id', 'accountId', 'traits']) {
      expect(withTrait({ 'user.plan': 'a', 'page.path': '/' }, { scope: 'user', name, value: 'x' })).toEqual({ 'page.path': '/' });
    }
  });
});

describe('withTrait edits the trait condition in place when only its value changes', () => {
  it('changing the value keeps the key in its place (edit.ts: "keeps the keys it does not change in their place")', () => {
    const when = { 'user.plan': 'trial', 'page.path': '/' };
    const out = withTrait(when, { scope: 'user', name: 'plan', value: 'pro' }) as JsonObject;
    expect(out).toEqual({ 'user.plan': 'pro', 'page.path': '/' });
    expect(Object.keys(out)).toEqual(['user.plan', 'page.path']);
  });
});

describe('localesOf', () => {
  it('collects locale tags of title, body, label and alt anywhere in items, the default first', () => {
    const draft: JsonObject = {
      items: [
        { id: 'a', title: { es: 'x', en: 'y' }, steps: [{ body: { fr: 'z' } }], image: { alt: { de: 'Bild' } } },
        { id: 'b', label: { 'pt-BR': 'r' }, title: 'plain' },
      ],
    };
    expect(localesOf(draft, 'en')).toEqual(['en', 'es', 'fr', 'de', 'pt-BR']);
    expect(localesOf({}, 'de')).toEqual(['de']);
  });

  it('ignores conditions, declarations and texts outside items', () => {
    const draft = {
      title: { ru: 'x' },
      declare: { traits: { user: { title: { it: 'x' } } } },
      items: [{ id: 'a', when: { title: { ja: 'x' } }, title: { es: 'x' } }],
    };
    expect(localesOf(draft, 'en')).toEqual(['en', 'es']);
  });

  it('stops at a bounded depth on deeply nested junk (no stack overflow)', () => {
    let deep: Json = { title: { ko: 'x' } };
    for (let i = 0; i < 10_000; i++) deep = { nested: deep };
    expect(localesOf({ items: [deep] }, 'en')).toEqual(['en']);
    let shallow: Json = { title: { ko: 'x' } };
    for (let i = 0; i < 5; i++) shallow = { nested: shallow };
    expect(localesOf({ items: [shallow] }, 'en')).toEqual(['en', 'ko']);
  });
});
