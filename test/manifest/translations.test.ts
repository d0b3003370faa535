/**
 * src/manifest/translations.ts on its own: `missingTranslations`, the texts that lack a
 * translation for `guidepost validate --locales`. Covers which texts count (title, body, label,
 * alt, at any depth: steps, tasks, buttons, images; not inside `when` or an item's `overrides`;
 * not values that are not texts), what counts as translated (the exact tag, the bare language, a
 * bare language served by any of its regions but not one region by another, case, empty
 * strings, texts only in unknown locales), the order and paths of what is reported (keys that
 * need quoting, `itemIndexes` mapping back to the file), the texts experiment arms' `overrides`
 * put in place of an item's (each once, at the override, under the item it overrides; their
 * file:line:column through `guidepost validate`), and a manifest with many texts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index';
import type { Manifest } from '../../src/manifest/schema';
import { experimentIndexesIn, missingDefaultTranslations, missingTranslations } from '../../src/manifest/translations';
import { validateManifest } from '../../src/manifest/validate';

const manifest = (items: unknown[]) => ({ schemaVersion: 1, revision: 'r', items }) as unknown as Manifest;
const missing = (items: unknown[], locales: string[], indexes?: number[]) =>
  missingTranslations(manifest(items), locales, indexes).map(({ itemId, path, locale }) => `${itemId} ${path} ${locale}`);

describe('what counts as translated', () => {
  const body = { en: 'Hi', es: '', de: '\u200b \u00ad\u2060', 'zh-CN': '你好', 'pt-br': 'Oi' };

  it.each([
    ['the exact tag', 'zh-CN', false],
    ['the exact tag, in another case', 'ZH-cn', false],
    ['a bare language, served by one of its regions', 'zh', false],
    ['a bare language, in another case', 'PT', false],
    ['a region served by its bare language', 'en-GB', false],
    ['another region of a language written for one region only', 'zh-TW', true],
    ['an empty string ("not translated yet")', 'es', true],
    ['a text of only invisible characters (zero-width space, soft hyphen, word joiner)', 'de', true],
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

describe('texts in experiment overrides', () => {
  const withExperiments = (items: unknown[], experiments: unknown[]) => ({ schemaVersion: 1, revision: 'r', items, experiments }) as unknown as Manifest;
  const found = (items: unknown[], experiments: unknown[], locales: string[], itemIndexes?: number[], experimentIndexes?: number[]) =>
    missingTranslations(withExperiments(items, experiments), locales, itemIndexes, experimentIndexes).map(({ itemId, path, locale }) => `${itemId} ${path} ${locale}`);
  const tip = { id: 'export-tip', type: 'tooltip', target: '#export', title: { en: 'Export', es: 'Exportar', ru: 'Экспорт' }, body: { en: 'Short.', es: 'Corto.', ru: 'Кратко.' } };
  const arms = (overrides: unknown, scope: unknown = { items: ['export-tip'] }) => ({ key: 'copy', variations: [{ key: 'short' }, { key: 'detailed', overrides }], scope });

  it('a plain-string override is untranslated for every locale, at its own path, under the item it overrides', () => {
    expect(found([tip], [arms({ 'export-tip': { body: 'Longer.' } })], ['es', 'ru'])).toEqual([
      'export-tip experiments[0].variations[1].overrides["export-tip"].body es',
      'export-tip experiments[0].variations[1].overrides["export-tip"].body ru',
    ]);
  });

  it('a translation object in an override that misses one language; every text field an override can set', () => {
    const help = { id: 'help', type: 'helpLink', target: '#h', label: { es: 'Ayuda', ru: 'Помощь' } };
    const overrides = {
      'export-tip': {
        title: { en: 'Export', es: 'Exportar' },
        body: { en: 'Longer.', es: '', ru: 'Длиннее.' },
        buttons: [{ label: { es: 'Vale', ru: 'Ок' }, action: 'dismiss' }, { label: 'More', action: 'url', url: '/x' }],
        image: { src: '/i.png', alt: { ru: 'Картинка' } },
        placement: 'top',
      },
      help: { label: { es: 'Ayuda' } },
    };
    expect(found([tip, help], [arms(overrides, { items: ['export-tip', 'help'] })], ['es', 'ru'])).toEqual([
      'export-tip experiments[0].variations[1].overrides["export-tip"].title ru',
      'export-tip experiments[0].variations[1].overrides["export-tip"].body es',
      'export-tip experiments[0].variations[1].overrides["export-tip"].buttons[1].label es',
      'export-tip experiments[0].variations[1].overrides["export-tip"].buttons[1].label ru',
      'export-tip experiments[0].variations[1].overrides["export-tip"].image.alt es',
      'help experiments[0].variations[1].overrides.help.label ru',
    ]);
  });

  it('a tour override: the texts of its steps, their buttons and images; a checklist override: its tasks', () => {
    const tour = { id: 'tour', type: 'tour', steps: [{ title: { es: 'Uno' }, body: { es: 'a' } }] };
    const list = { id: 'list', type: 'checklist', tasks: [{ id: 'k', title: { es: 'Tarea' } }] };
    const overrides = {
      tour: { steps: [{ title: { es: 'Uno' }, body: 'First' }, { body: { es: 'Dos' }, buttons: [{ label: 'Done', action: 'done' }], image: { src: '/s.png', alt: 'Step' } }] },
      list: { tasks: [{ id: 'k', title: { es: 'Tarea' }, body: 'Do it' }] },
    };
    expect(found([tour, list], [arms(overrides, { types: ['tour', 'checklist'] })], ['es'])).toEqual([
      'tour experiments[0].variations[1].overrides.tour.steps[0].body es',
      'tour experiments[0].variations[1].overrides.tour.steps[1].buttons[0].label es',
      'tour experiments[0].variations[1].overrides.tour.steps[1].image.alt es',
      'list experiments[0].variations[1].overrides.list.tasks[0].body es',
    ]);
  });

  it("the item's own texts are reported once, at the item: not again for each arm, overriding it or not", () => {
    const banner = { id: 'b', type: 'banner', title: 'Trial', body: 'Ends soon' };
    const experiment = { key: 'e', variations: [{ key: 'a' }, { key: 'b', overrides: { b: { body: 'Ends soon!' } } }, { key: 'c', overrides: { b: { priority: 2 } } }], scope: { items: ['b'] } };
    expect(found([banner], [experiment], ['es'])).toEqual([
      'b items[0].title es',
      'b items[0].body es',
      'b experiments[0].variations[1].overrides.b.body es',
    ]);
  });

  it('every arm and every experiment, in file order, after the items; not inside an override\'s "when"', () => {
    const other = { id: 'other', type: 'banner', body: { es: 'x' } };
    const first = { key: 'one', variations: [{ key: 'a', overrides: { 'export-tip': { body: 'A', when: { title: 'x' } } } }, { key: 'b', overrides: { 'export-tip': { title: 'B' } } }], scope: { items: ['export-tip'] } };
    const second = arms({ other: { body: 'C' } }, { items: ['other'] });
    expect(found([tip, other], [first, second], ['es'])).toEqual([
      'export-tip experiments[0].variations[0].overrides["export-tip"].body es',
      'export-tip experiments[0].variations[1].overrides["export-tip"].title es',
      'other experiments[1].variations[1].overrides.other.body es',
    ]);
  });

  it('not the overrides of an item that is not in the manifest (skipped for its errors): nobody sees them', () => {
    expect(found([], [arms({ 'export-tip': { body: 'Longer.' } })], ['es'])).toEqual([]);
  });

  it('through experimentIndexes, when skipped experiments leave gaps; by position without them', () => {
    const experiment = arms({ 'export-tip': { body: 'Longer.' } });
    expect(found([tip], [experiment], ['es'], [4], [2])).toEqual(['export-tip experiments[2].variations[1].overrides["export-tip"].body es']);
    expect(found([tip], [experiment, experiment], ['es'], undefined, [2])).toEqual([
      'export-tip experiments[2].variations[1].overrides["export-tip"].body es',
      'export-tip experiments[1].variations[1].overrides["export-tip"].body es',
    ]);
  });

  it('on a manifest as validateManifest returns it (overrides copied with null prototypes)', () => {
    const result = validateManifest({ schemaVersion: 1, revision: 'r', items: [tip], experiments: [arms({ 'export-tip': { body: { en: 'Longer.', es: 'Más largo.' } } })] });
    expect(result.manifest?.experiments).toHaveLength(1);
    expect(missingTranslations(result.manifest!, ['es', 'ru'], result.itemIndexes).map((m) => `${m.path} ${m.locale}`)).toEqual([
      'experiments[0].variations[1].overrides["export-tip"].body ru',
    ]);
  });

  it('guidepost validate --locales es,ru --strict reports them at the override\'s file:line:column, and fails', async () => {
    const text = `{
  "schemaVersion": 1,
  "revision": "r",
  "items": [
    { "id": "export-tip", "type": "tooltip", "target": "#export", "body": { "en": "Short.", "es": "Corto.", "ru": "Кратко." } }
  ],
  "experiments": [
    {
      "key": "export-tip-copy",
      "variations": [
        { "key": "short" },
        { "key": "detailed", "overrides": { "export-tip": { "body": "Longer." } } }
      ],
      "scope": { "items": ["export-tip"] }
    }
  ]
}
`;
    const dir = await mkdtemp(join(tmpdir(), 'guidepost-translations-'));
    try {
      const file = join(dir, 'manifest.json');
      await writeFile(file, text);
      const out: string[] = [];
      const code = await main(['validate', file, '--locales', 'es,ru', '--strict'], (line) => out.push(line), () => {});
      // Line 12, at the override's "body" key (counting columns from 1).
      const column = text.split('\n')[11].indexOf('"body"') + 1;
      const where = `${file}:12:${column}: warning: item "export-tip" at experiments[0].variations[1].overrides["export-tip"].body`;
      expect(out).toEqual([`${where}: no "es" translation`, `${where}: no "ru" translation`, `${file}: 2 warnings, which fail with --strict`]);
      expect(code).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// Readers without a text in their own language get the defaultLocale's; a text without one gives
// them whatever other language comes first. Told in every run, with or without --locales.
describe('texts without the default locale', () => {
  const noDefault = (items: unknown[], defaultLocale?: string, experiments: unknown[] = []) =>
    missingDefaultTranslations({ schemaVersion: 1, revision: 'r', items, experiments, ...(defaultLocale && { defaultLocale }) } as unknown as Manifest).map(({ itemId, path, locale, instead }) => `${itemId} ${path} ${locale} ${instead}`);

  it('a text in other languages only, naming what readers get instead', () => {
    expect(noDefault([{ id: 'a', type: 'banner', title: { es: 'Hola', 'zh-CN': '你好', ru: 'Привет' }, body: 'Hi' }])).toEqual(['a items[0].title en es']);
    expect(noDefault([{ id: 'a', type: 'banner', title: { es: 'Hola', en: 'Hi' } }], 'de')).toEqual(['a items[0].title de es']);
  });

  it('as localize.ts serves it: a region serves its bare language and back; a blank is no text', () => {
    expect(noDefault([{ id: 'a', type: 'banner', title: { 'en-US': 'Hi', es: 'Hola' }, body: { EN: 'x' } }])).toEqual([]);
    expect(noDefault([{ id: 'a', type: 'banner', title: { en: 'Hi' }, body: { en_us: 'x' } }], 'en-US')).toEqual([]);
    expect(noDefault([{ id: 'a', type: 'banner', title: { 'zh-Hant': '嗨' } }], 'zh-TW')).toEqual([]);
    expect(noDefault([{ id: 'a', type: 'banner', title: { en: ' ', es: 'Hola' } }])).toEqual(['a items[0].title en es']);
    // The region asked for is not another region's: readers get the closest text, which is named.
    expect(noDefault([{ id: 'a', type: 'banner', title: { fr: 'Salut', 'en-GB': 'Hi' } }], 'en-US')).toEqual(['a items[0].title en-US en-GB']);
  });

  it('not a plain string (the same for everyone), nor a text with nothing filled in (missing-content)', () => {
    expect(noDefault([{ id: 'a', type: 'banner', title: 'Hi', body: {} }, { id: 'b', type: 'banner', body: { es: '' } }])).toEqual([]);
  });

  it('in overrides too, under the item they override', () => {
    const experiment = { key: 'e', variations: [{ key: 'a' }, { key: 'b', overrides: { a: { body: { es: 'Más' } } } }], scope: { items: ['a'] } };
    expect(noDefault([{ id: 'a', type: 'banner', body: 'Hi' }], undefined, [experiment])).toEqual(['a experiments[0].variations[1].overrides.a.body en es']);
  });

  async function validate(text: string, ...args: string[]) {
    const dir = await mkdtemp(join(tmpdir(), 'guidepost-translations-'));
    try {
      const file = join(dir, 'manifest.json');
      await writeFile(file, text);
      const out: string[] = [];
      const code = await main(['validate', file, ...args], (line) => out.push(line), () => {});
      return { code, out: out.map((line) => line.replace(`${file}:`, '')) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const text = JSON.stringify({ schemaVersion: 1, revision: 'r', defaultLocale: 'en', items: [{ id: 'welcome', type: 'banner', title: { es: 'Hola', 'zh-CN': '你好' } }] });
  const warning = `1:${text.indexOf('"title"') + 1}: warning: item "welcome" at items[0].title: no "en" translation, the manifest's "defaultLocale": readers without a text in their own language get the "es" text instead`;

  it('guidepost validate --locales es --strict fails on it; without --strict it is a warning', async () => {
    expect(await validate(text, '--locales', 'es', '--strict')).toEqual({ code: 1, out: [warning, ' 1 warning, which fails with --strict'] });
  });

  it('told in every run, once even when --locales names the default locale', async () => {
    const plain = await validate(text);
    expect(plain.code).toBe(0);
    expect(plain.out[0]).toBe(warning);
    const asked = await validate(text, '--locales', 'EN,es');
    expect(asked.out).toEqual([warning, ' valid (1 warning)']);
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

describe('experimentIndexesIn', () => {
  it('maps each checked experiment to its place in the file, past refused ones', () => {
    const input = {
      schemaVersion: 1, revision: 'r', items: [{ id: 'b', type: 'banner', body: 'x' }],
      experiments: [
        { key: 'broken', variations: [{ key: 'a' }], scope: {} },
        { key: 'kept', variations: [{ key: 'a' }, { key: 'b', overrides: { b: { body: 'Longer.' } } }], scope: { items: ['b'] } },
      ],
    };
    const result = validateManifest(input);
    expect(result.manifest?.experiments?.map((e) => e.key)).toEqual(["kept"]);
    expect(experimentIndexesIn(result.manifest!, input)).toEqual([1]);
    const missing = missingTranslations(result.manifest!, ['es'], result.itemIndexes, experimentIndexesIn(result.manifest!, input));
    expect(missing.map((m) => m.path)).toContain('experiments[1].variations[1].overrides.b.body');
  });
});
