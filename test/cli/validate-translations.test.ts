/**
 * src/cli/validate-translations.ts: `guidepost validate`'s missing-translation warnings, built
 * from a writer's validation (validateForWriters) as validate.ts builds them. Callers rely on:
 * every run warns of texts with no translation serving the manifest's defaultLocale, naming what
 * readers get instead; `--locales` adds a warning per text and locale missing; a locale named by
 * both is told once (tags compared as localize.ts does: case aside, "_" as "-"); items the
 * validator skipped are checked too, placed where they are written, without the fields that have
 * errors; experiment overrides are placed at the experiment's index in the file. All warnings.
 */
import { describe, expect, it } from 'vitest';
import { translationWarnings } from '../../src/cli/validate-translations';
import { experimentIndexesIn } from '../../src/manifest/translations';
import { validateForWriters } from '../../src/manifest/validate-writers';

type Json = Record<string, unknown>;
const manifestOf = (items: Json[], extra: Json = {}) => ({ schemaVersion: 1, revision: 'r', items, ...extra });

/** translationWarnings as validate.ts calls it, on a manifest as written. */
function warnings(json: Json, locales: string[] = []) {
  const result = validateForWriters(json);
  expect(result.manifest).not.toBeNull();
  return translationWarnings(result, experimentIndexesIn(result.manifest!, json), locales);
}
const said = (json: Json, locales: string[] = []) => warnings(json, locales).map((w) => w.message);
const defaultMissing = (id: string, path: string, locale: string, instead: string) =>
  `item "${id}" at ${path}: no "${locale}" translation, the manifest's "defaultLocale": readers without a text in their own language get the "${instead}" text instead`;

describe('the default locale, in every run', () => {
  it('a localized text without it is told, with the text readers get instead', () => {
    const json = manifestOf([{ id: 'b', type: 'banner', title: { es: 'Hola', fr: 'Salut' }, body: { en: 'Body' } }]);
    const [warning, ...rest] = warnings(json);
    expect(rest).toEqual([]);
    expect(warning).toEqual({
      code: 'missing-translation',
      message: defaultMissing('b', 'items[0].title', 'en', 'es'),
      path: 'items[0].title',
      itemId: 'b',
      severity: 'warning',
    });
  });

  it("follows the manifest's defaultLocale, and a regional tag serves its language", () => {
    expect(said(manifestOf([{ id: 'b', type: 'banner', body: { en: 'Hi', es: 'Hola' } }], { defaultLocale: 'de' }))).toEqual([defaultMissing('b', 'items[0].body', 'de', 'en')]);
    expect(said(manifestOf([{ id: 'b', type: 'banner', body: { 'en-US': 'Hi', es: 'Hola' } }]))).toEqual([]);
  });

  it('plain strings serve everyone; an empty translation is no translation', () => {
    expect(said(manifestOf([{ id: 'b', type: 'banner', title: 'Hi', body: 'Plain' }]))).toEqual([]);
    expect(said(manifestOf([{ id: 'b', type: 'banner', title: 'Hi', body: { en: '', es: 'Hola' } }]))).toEqual([defaultMissing('b', 'items[0].body', 'en', 'es')]);
  });

  it('nothing to say for a manifest with no items, or with every text translated', () => {
    expect(warnings(manifestOf([]), ['es'])).toEqual([]);
    expect(warnings(manifestOf([{ id: 'b', type: 'banner', title: { en: 'Hi', es: 'Hola' } }]), ['es'])).toEqual([]);
  });
});

describe('--locales', () => {
  it('one warning per text and locale missing, plain strings included', () => {
    const json = manifestOf([{ id: 'b', type: 'banner', title: 'Hi', body: { en: 'Body', es: 'Cuerpo' } }]);
    expect(said(json, ['es', 'de'])).toEqual([
      'item "b" at items[0].title: no "es" translation',
      'item "b" at items[0].title: no "de" translation',
      'item "b" at items[0].body: no "de" translation',
    ]);
    expect(warnings(json, ['de']).every((w) => w.code === 'missing-translation' && w.severity === 'warning' && w.itemId === 'b')).toBe(true);
  });

  it('a locale that is also the default is told once, as the default, however its tag is written', () => {
    const json = manifestOf([{ id: 'b', type: 'banner', body: { es: 'Hola' } }]);
    for (const locales of [['en'], ['EN'], ['En', 'en']]) expect(said(json, locales), locales.join()).toEqual([defaultMissing('b', 'items[0].body', 'en', 'es')]);
    const regional = manifestOf([{ id: 'b', type: 'banner', body: { es: 'Hola' } }], { defaultLocale: 'pt-BR' });
    expect(said(regional, ['pt_br'])).toEqual([defaultMissing('b', 'items[0].body', 'pt-BR', 'es')]);
  });

  it('a regional locale beside the default is another locale: told on its own', () => {
    const json = manifestOf([{ id: 'b', type: 'banner', body: { es: 'Hola' } }]);
    expect(said(json, ['en-GB'])).toEqual([defaultMissing('b', 'items[0].body', 'en', 'es'), 'item "b" at items[0].body: no "en-GB" translation']);
  });
});

describe('items the validator skipped', () => {
  const json = manifestOf([
    // Skipped: "middle" is no slot; its body's "es" is no text.
    { id: 'bad', type: 'banner', slot: 'middle', title: { es: 'Hola' }, body: { en: 'Body', es: 5 } },
    { id: 'ok', type: 'banner', body: { es: 'Hola' } },
  ]);

  it('are checked too, at their place in the file', () => {
    const result = validateForWriters(json);
    expect(result.skippedItems.map((s) => s.index)).toEqual([0]);
    expect(warnings(json).map((w) => [w.itemId, w.path])).toEqual([
      ['ok', 'items[1].body'],
      ['bad', 'items[0].title'],
    ]);
  });

  it('without the fields that have errors: a text whose translation was refused is not also told missing', () => {
    const paths = warnings(json, ['de']).map((w) => `${w.itemId} ${w.path} ${w.message.includes('"de"') ? 'de' : 'default'}`);
    expect(paths).toEqual(['ok items[1].body default', 'bad items[0].title default', 'ok items[1].body de', 'bad items[0].title de']);
  });

  it('a skipped item after another skipped one keeps its own index', () => {
    const two = manifestOf([
      { id: 'ok', type: 'banner', body: 'x' },
      { id: 'bad1', type: 'banner', slot: 'middle', body: { es: 'Uno' } },
      { id: 'bad2', type: 'banner', slot: 'middle', body: { es: 'Dos' } },
    ]);
    expect(warnings(two).map((w) => [w.itemId, w.path])).toEqual([['bad1', 'items[1].body'], ['bad2', 'items[2].body']]);
  });
});

describe('experiment overrides', () => {
  it('are placed at the experiment\'s index in the file, past a refused experiment before it', () => {
    const json = manifestOf([{ id: 'b', type: 'banner', body: { en: 'Hi', es: 'Hola' } }], {
      experiments: [
        { key: 'broken' },
        { key: 'copy', unit: 'user', scope: { items: ['b'] }, variations: [{ key: 'a' }, { key: 'b', overrides: { b: { body: { fr: 'Salut' } } } }] },
      ],
    });
    expect(warnings(json, ['es']).map((w) => [w.itemId, w.path])).toEqual([
      ['b', 'experiments[1].variations[1].overrides.b.body'],
      ['b', 'experiments[1].variations[1].overrides.b.body'],
    ]);
    expect(said(json)).toEqual([defaultMissing('b', 'experiments[1].variations[1].overrides.b.body', 'en', 'fr')]);
  });
});
