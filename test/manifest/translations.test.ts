/**
 * src/manifest/translations.ts on its own: `missingTranslations`, the texts that lack a
 * translation for `guidepost validate --locales`. Covers which texts count (title, body, label,
 * alt, at any depth: steps, tasks, buttons, images; not inside `when` or `overrides`; not values
 * that are not texts), what counts as translated (the exact tag, the bare language, a bare
 * language served by any of its regions but not one region by another, case, empty strings,
 * texts only in unknown locales), the order and paths of what is reported (keys that need
 * quoting, `itemIndexes` mapping back to the file), and a manifest with many texts.
 */
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/manifest/schema';
import { missingTranslations } from '../../src/manifest/translations';

const manifest = (items: unknown[]) => ({ schemaVersion: 1, revision: 'r', items }) as unknown as Manifest;
const missing = (items: unknown[], locales: string[], indexes?: number[]) =>
  missingTranslations(manifest(items), locales, indexes).map(({ itemId, path, locale }) => `${itemId} ${path} ${locale}`);

describe('what counts as translated', () => {
  const body = { en: 'Hi', es: '', 'zh-CN': '你好', 'pt-br': 'Oi' };

  it.each([
    ['the exact tag', 'zh-CN', false],
    ['the exact tag, in another case', 'ZH-cn', false],
    ['a bare language, served by one of its regions', 'zh', false],
    ['a bare language, in another case', 'PT', false],
    ['a region served by its bare language', 'en-GB', false],
    ['another region of a language written for one region only', 'zh-TW', true],
    ['an empty string ("not translated yet")', 'es', true],
    ['a region of an untranslated language', 'es-MX', true],
    ['a language not there at all', 'fr', true],
  ])('%s (%s): missing is %s', (_name, locale, expected) => {
    expect(missing([{ id: 'a', type: 'banner', body }], [locale])).toEqual(expected ? [`a items[0].body ${locale}`] : []);
  });

  it('a plain string is untranslated for every locale asked for', () => {
    expect(missing([{ id: 'a', type: 'banner', body: 'Hi' }], ['en', 'es'])).toEqual(['a items[0].body en', 'a items[0].body es']);
  });

  it('an object with only locales nobody asked for, or with no locale at all, is missing', () => {
    expect(missing([{ id: 'a', type: 'banner', title: { xx: 'x', 'qq-QQ': 'y' }, body: {} }], ['es'])).toEqual(['a items[0].title es', 'a items[0].body es']);
  });

  it('no locales asked for: nothing is missing', () => {
    expect(missing([{ id: 'a', type: 'banner', body: 'Hi' }], [])).toEqual([]);
  });
});

describe('which texts are looked at', () => {
  it('titles, bodies, labels and alt texts at any depth, in the order they are written', () => {
    const items = [
      { id: 't', type: 'tour', title: { es: 'x' }, steps: [{ title: 'One', body: { es: 'b' }, buttons: [{ label: { ES: 'ok' }, action: 'next' }, { label: 'Back', action: 'back' }], image: { src: '/i.png', alt: { es: '' } } }] },
      { id: 'c', type: 'checklist', title: { es: 'x' }, tasks: [{ id: 'k', title: 'Task', body: { es: 'y' } }] },
      { id: 'h', type: 'helpLink', target: '#x', label: 'Help' },
    ];
    expect(missing(items, ['es'])).toEqual([
      't items[0].steps[0].title es',
      't items[0].steps[0].buttons[1].label es',
      't items[0].steps[0].image.alt es',
      'c items[1].tasks[0].title es',
      'h items[2].label es',
    ]);
  });

  it('not inside "when" (condition values are not texts) or "overrides"', () => {
    const items = [{ id: 'a', type: 'banner', body: { es: 'x' }, when: { title: 'x', $or: [{ body: 'y' }] }, overrides: { a: { body: 'z' } } }];
    expect(missing(items, ['es'])).toEqual([]);
  });

  it('not values of a text key that are not texts (numbers, null, lists: the lists are walked)', () => {
    const items = [{ id: 'a', type: 'banner', label: 5, alt: null, title: [{ body: 'inside a list' }], body: { es: 'x' } }];
    expect(missing(items, ['es'])).toEqual(['a items[0].title[0].body es']);
  });

  it('texts under unknown keys are found too, with keys quoted in the path when they need it', () => {
    const items = [{ id: 'a', type: 'banner', body: { es: 'x' }, 'odd key': { title: 'x' }, extra: { 'zh-CN': { label: 'y' } } }];
    expect(missing(items, ['es'])).toEqual(['a items[0]["odd key"].title es', 'a items[0].extra["zh-CN"].label es']);
  });
});

describe('paths point at the file', () => {
  it('through itemIndexes, when skipped items leave gaps', () => {
    const items = [{ id: 'a', type: 'banner', body: 'x' }, { id: 'b', type: 'banner', body: 'y' }];
    expect(missing(items, ['es'], [3, 9])).toEqual(['a items[3].body es', 'b items[9].body es']);
  });

  it('by position, for an item itemIndexes does not cover', () => {
    const items = [{ id: 'a', type: 'banner', body: 'x' }, { id: 'b', type: 'banner', body: 'y' }];
    expect(missing(items, ['es'], [3])).toEqual(['a items[3].body es', 'b items[1].body es']);
  });

  it('one entry per text and locale, for every locale that lacks it', () => {
    const found = missingTranslations(manifest([{ id: 'a', type: 'banner', title: { en: 'x' }, body: { es: 'y' } }]), ['es', 'fr']);
    expect(found).toEqual([
      { itemId: 'a', path: 'items[0].title', locale: 'es' },
      { itemId: 'a', path: 'items[0].title', locale: 'fr' },
      { itemId: 'a', path: 'items[0].body', locale: 'fr' },
    ]);
  });
});

describe('size', () => {
  it('500 items with a 50-step tour each and three locales: every missing text found, once', () => {
    const steps = Array.from({ length: 50 }, (_, i) => ({ title: { en: `s${i}`, es: `s${i}` }, body: `b${i}` }));
    const items = Array.from({ length: 500 }, (_, i) => ({ id: `t${i}`, type: 'tour', steps }));
    const found = missingTranslations(manifest(items), ['en', 'es', 'zh']);
    // Per step: the title lacks zh; the body (a plain string) lacks all three.
    expect(found).toHaveLength(500 * 50 * 4);
    expect(found.at(-1)).toEqual({ itemId: 't499', path: 'items[499].steps[49].body', locale: 'zh' });
  });
});
