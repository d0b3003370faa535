/**
 * Writers' checks across the languages of one text (src/manifest/translation-checks.ts): a
 * translation that loses or renames a template variable, or loses a link, of the text readers
 * without their language get; ICU message syntax, which the SDK shows as written. Also as
 * `authoringProblems` reports them, at the translation's path, as warnings.
 */
import { describe, expect, it } from 'vitest';
import { authoringProblems } from '../../src/manifest/authoring';
import { icuMessageAt, translationProblems, type ComparedParts } from '../../src/manifest/translation-checks';

const BOTH = { variables: true, links: true };
const codes = (texts: Record<string, unknown>, defaultLocale = 'en', compare: ComparedParts = BOTH) => translationProblems(texts, defaultLocale, compare).map((f) => [f.code, f.locale]);

describe('translationProblems', () => {
  it('finds nothing when every translation keeps the variables and links', () => {
    const texts = {
      en: 'Hi {{user.traits.firstName|there}}, read [the guide](https://example.com/guide).',
      de: 'Hallo {{ user.traits.firstName | du }}, lies [den Leitfaden](https://example.com/de/guide).',
      'zh-CN': '{{user.traits.firstName|你好}}，请阅读[指南](https://example.com/zh/guide)。',
    };
    expect(codes(texts)).toEqual([]);
  });

  it('a translation that leaves out a variable, or misspells it, is reported with the names', () => {
    const findings = translationProblems({ en: 'Hi {{user.traits.firstName}}, welcome to {{account.name}}', de: 'Willkommen', fr: 'Salut {{user.traits.firstname}}, bienvenue sur {{account.name}}' }, 'en', BOTH);
    expect(findings.map((f) => [f.code, f.locale])).toEqual([['translation-variables', 'de'], ['translation-variables', 'fr']]);
    expect(findings[0].message).toBe('the "de" text leaves out {{user.traits.firstName}}, {{account.name}} of the "en" text: readers in "de" would not see them');
    expect(findings[1].message).toBe('the "fr" text leaves out {{user.traits.firstName}} of the "en" text: readers in "fr" would not see it');
  });

  it('a translation may add a variable the source text does not have', () => {
    expect(codes({ en: 'Welcome', de: 'Willkommen, {{user.traits.firstName|du}}' })).toEqual([]);
  });

  it("variables of the source that are mistakes of their own (reported as such) are not asked of its translations", () => {
    const compare = { ...BOTH, isMistake: (name: string) => name === 'user.trait.firstName' };
    expect(translationProblems({ en: 'Hi {{user.trait.firstName}} {{user.id}}', de: 'Hallo {{user.traits.firstName}}' }, 'en', compare).map((f) => f.message)).toEqual([
      'the "de" text leaves out {{user.id}} of the "en" text: readers in "de" would not see it',
    ]);
  });

  it('the order of variables and their fallbacks may differ between languages', () => {
    expect(codes({ en: '{{user.a|x}} and {{user.b}}', ja: '{{user.b|y}}と{{user.a}}' })).toEqual([]);
  });

  it('a translation with fewer links than the source is reported; another address is not (translations link to their own pages)', () => {
    const texts = { en: 'See [docs](/docs) and [pricing](/pricing).', de: 'Siehe [Doku](/de/docs).', es: 'Ver [docs](/es/docs) y [precios](/es/pricing).', fr: 'Voir la doc.' };
    const findings = translationProblems(texts, 'en', BOTH);
    expect(findings.map((f) => [f.code, f.locale])).toEqual([['translation-links', 'de'], ['translation-links', 'fr']]);
    expect(findings[0].message).toContain('has 1 link where the "en" text has 2');
    expect(findings[1].message).toContain('has no link where the "en" text has 2');
  });

  it('a link refused for its address still counts as written (unsafe-link reports it)', () => {
    expect(codes({ en: '[Help](/help)', de: '[Hilfe](javascript:alert(1))' })).toEqual([]);
  });

  it('links in lists and inside emphasis count; brackets that make no link do not', () => {
    expect(codes({ en: '- **[one](/1)**\n- [two](/2)', de: '- [eins](/1)\n- _[zwei](/2)_' })).toEqual([]);
    expect(codes({ en: '[one](/1) [two](/2)', de: '[eins] (/1) [zwei](/2)' })).toEqual([['translation-links', 'de']]);
  });

  it('the source is the default locale, chosen as the SDK chooses it ("en" serves "en-US")', () => {
    expect(codes({ 'en-US': 'Hi {{user.id}}', de: 'Hallo' }, 'en')).toEqual([['translation-variables', 'de']]);
    // With German the default, the English text is the one compared.
    expect(codes({ en: 'Hi', de: 'Hallo {{user.id}}' }, 'de')).toEqual([['translation-variables', 'en']]);
    expect(codes({ en: 'Hi {{user.id}}', de: 'Hallo' }, 'de')).toEqual([]);
  });

  it('a text without the default locale is compared with the one readers get instead (the first)', () => {
    expect(codes({ fr: 'Salut {{user.id}}', de: 'Hallo' }, 'en')).toEqual([['translation-variables', 'de']]);
  });

  it('empty translations and values that are not strings are left to other checks', () => {
    expect(codes({ en: 'Hi {{user.id}}', de: '', es: '  ', fr: 3, it: null })).toEqual([]);
    expect(codes({ en: 'Hi {{user.id}}' })).toEqual([]);
  });

  it('compares only what the SDK reads there: no variables where they show as written, no links outside bodies', () => {
    const texts = { en: '{{user.id}} [a](/a)', de: 'x' };
    expect(codes(texts, 'en', { variables: false, links: true })).toEqual([['translation-links', 'de']]);
    expect(codes(texts, 'en', { variables: true, links: false })).toEqual([['translation-variables', 'de']]);
    expect(codes(texts, 'en', { variables: false, links: false })).toEqual([]);
  });

  it('escaped braces are no variable', () => {
    expect(codes({ en: 'Type \\{{name}} to insert a name', de: 'Tippe \\{{Name}} ein' })).toEqual([]);
  });

  it('compares the translations serving the locales asked for ("de" serves "de-AT", any "es-" tag "es"), or all; none for an empty list', () => {
    const texts = { en: '[a](/a)', de: 'a', fr: 'a', 'es-MX': 'a' };
    expect(codes(texts, 'en', { ...BOTH, locales: ['de-AT', 'es'] })).toEqual([['translation-links', 'de'], ['translation-links', 'es-MX']]);
    expect(codes(texts, 'en', { ...BOTH, locales: ['es-ES'] })).toEqual([]);
    expect(codes(texts, 'en', { ...BOTH, locales: 'all' }).map(([, tag]) => tag)).toEqual(['de', 'fr', 'es-MX']);
    expect(codes(texts, 'en', { ...BOTH, locales: [] })).toEqual([]);
  });

  it('names at most five variables in one message', () => {
    const vars = Array.from({ length: 8 }, (_, i) => `{{user.v${i}}}`).join(' ');
    const [finding] = translationProblems({ en: vars, de: 'nichts' }, 'en', BOTH);
    expect(finding.message).toContain('{{user.v4}} and 3 more');
    expect(finding.message).not.toContain('{{user.v5}}');
  });

  it('stays linear on long texts', () => {
    const long = '[a](/a) {{user.x}} '.repeat(20_000);
    expect(codes({ en: long, de: long.trim() })).toEqual([]);
    expect(codes({ en: long, de: long.slice(0, -20) })).toEqual([['translation-links', 'de']]);
  });
});

describe('translationProblems with `added` (the writers\' tools ask for it)', () => {
  const ADDED = { ...BOTH, added: true };

  it('a translation that adds a variable the source text lacks is reported, by name', () => {
    const findings = translationProblems({ en: 'Hi {{user.traits.firstName|there}}', es: 'Hola {{user.traits.firstName|}} {{user.traits.plan}}' }, 'en', ADDED);
    expect(findings.map((f) => [f.code, f.locale])).toEqual([['translation-added-variables', 'es']]);
    expect(findings[0].message).toBe('the "es" text adds {{user.traits.plan}}, which the "en" text does not have: readers in "es" would see what readers of "en" do not; take it out, or add it to the "en" text too');
    expect(codes({ en: 'Welcome', de: 'Willkommen, {{user.traits.firstName|du}}' }, 'en', ADDED)).toEqual([['translation-added-variables', 'de']]);
  });

  it('a misspelt variable is told once, as left out; a variable that is a mistake of its own is not told again', () => {
    expect(codes({ en: 'Hi {{user.traits.firstName}}', fr: 'Salut {{user.traits.firstname}}' }, 'en', ADDED)).toEqual([['translation-variables', 'fr']]);
    const compare = { ...ADDED, isMistake: (name: string) => name === 'user.trait.plan' };
    expect(codes({ en: 'Hi', de: 'Hallo {{user.trait.plan}}' }, 'en', compare)).toEqual([]);
  });

  it('only the translations asked for are compared, and variables only where the SDK fills them in', () => {
    const texts = { en: 'Hi', de: 'Hallo {{user.id}}', es: 'Hola {{user.id}}' };
    expect(codes(texts, 'en', { ...ADDED, locales: ['es'] })).toEqual([['translation-added-variables', 'es']]);
    expect(codes(texts, 'en', { ...ADDED, variables: false })).toEqual([]);
  });
});

describe('icuMessageAt', () => {
  it.each([
    ['{count, plural, one {# file} other {# files}}', 0],
    ['You have {n,plural,=0{no tasks}other{# tasks}}', 9],
    ['{gender, select, female {her} other {their}}', 0],
    ['{place, selectordinal, one {#st} other {#th}}', 0],
    ['{ count , plural , one {x}}', 0],
    ['{{count}} tasks', -1],
    ['{count} tasks, {plural}', -1],
    ['a {b, number}', -1],
    ['Write `{count, plural, one {# item} other {# items}}` in the field', -1],
    ['Shown as written: \\{count, plural, one {x}}', -1],
    ['`code` then {n, plural, one {a}}', 12],
  ])('%j: %d', (text, at) => {
    expect(icuMessageAt(text)).toBe(at);
  });
});

describe('as authoringProblems reports them', () => {
  const manifest = (item: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ schemaVersion: 1, revision: 'r', items: [item], ...extra });

  it('warnings at the translation, under the item, in the manifest default locale', () => {
    const input = manifest(
      {
        id: 'tour',
        type: 'tour',
        steps: [{ title: { de: 'Hallo {{user.id}}', en: 'Hi' }, body: { de: '[Doku](/docs)', en: 'Docs' } }],
      },
      { defaultLocale: 'de' },
    );
    const found = authoringProblems(input, { locales: 'all' }).filter((p) => p.code.startsWith('translation-'));
    expect(found.map((p) => [p.code, p.severity, p.path, p.itemId])).toEqual([
      ['translation-variables', 'warning', 'items[0].steps[0].title.en', 'tour'],
      ['translation-links', 'warning', 'items[0].steps[0].body.en', 'tour'],
    ]);
    expect(found[0].message).toMatch(/^item "tour" at items\[0\]\.steps\[0\]\.title\.en: the "en" text leaves out \{\{user\.id\}\} of the "de" text/);
  });

  it('a translation that adds a variable is a warning at the translation (translation-added-variables)', () => {
    const input = manifest({ id: 'trial', type: 'banner', body: { en: 'Hi {{user.traits.firstName|there}}, see [plans](/billing).', es: 'Hola {{user.traits.firstName|}}, consulta [planes](/billing). {{user.traits.plan}}' } });
    const found = authoringProblems(input, { locales: ['es'] }).filter((p) => p.code.startsWith('translation-'));
    expect(found.map((p) => [p.code, p.severity, p.path])).toEqual([['translation-added-variables', 'warning', 'items[0].body.es']]);
    expect(found[0].message).toMatch(/^item "trial" at items\[0\]\.body\.es: the "es" text adds \{\{user\.traits\.plan\}\}/);
  });

  it('without `locales`, translations are not compared (the ICU check stays)', () => {
    const input = manifest({ id: 'b', type: 'banner', body: { en: '[x](/x) {n, plural, one {a} other {b}}', de: 'x' } });
    expect(authoringProblems(input).map((p) => p.code)).toEqual(['unsupported-plural']);
  });

  it('task titles and labels show variables as written: their translations are not compared for them', () => {
    const input = manifest({ id: 'c', type: 'checklist', title: 'C', tasks: [{ id: 't', title: { en: '{{user.id}}', de: 'x' }, done: { event: 'e' } }], buttons: [{ label: { en: '{{user.id}}', de: 'x' }, action: 'dismiss' }] });
    expect(authoringProblems(input, { locales: 'all' }).filter((p) => p.code.startsWith('translation-'))).toEqual([]);
  });

  it("an experiment arm's override is compared too", () => {
    const input = manifest({ id: 'b', type: 'banner', body: 'x' }, { experiments: [{ key: 'e', variations: [{ key: 'a' }, { key: 'b', overrides: { b: { body: { en: '[x](/x)', de: 'x' } } } }] }] });
    expect(authoringProblems(input, { locales: 'all' }).filter((p) => p.code === 'translation-links').map((p) => p.path)).toEqual(['experiments[0].variations[1].overrides.b.body.de']);
  });

  it('ICU syntax is a warning at its position, in plain texts and translations', () => {
    const input = manifest({ id: 'b', type: 'banner', title: 'You have {n, plural, one {# task} other {# tasks}}', body: { en: 'x', ru: 'y {n, plural, one {a} other {b}}' } });
    const found = authoringProblems(input, { locales: 'all' }).filter((p) => p.code === 'unsupported-plural');
    expect(found.map((p) => [p.path, p.severity, p.textIndex])).toEqual([
      ['items[0].title', 'warning', 9],
      ['items[0].body.ru', 'warning', 2],
    ]);
  });
});
