/**
 * src/authoring/writer-checks.ts: what the panel and "Save to file" check besides the validator —
 * the writers' checks `guidepost validate` runs (undeclared attributes with "did you mean",
 * attribute values of the wrong type…), and texts without the default locale, as errors in the
 * words of `guidepost validate --locales`.
 */
import { describe, expect, it } from 'vitest';
import { missingDefaultTexts, writerProblems } from '../../src/authoring/writer-checks';
import { authoringProblems } from '../../src/manifest/authoring';

const manifest = (items: unknown[], extra: object = {}) => ({ schemaVersion: 1, revision: 'r1', ...extra, items });

describe('missingDefaultTexts', () => {
  it('lists texts without the default locale (a plain string is the default locale\'s), steps included', () => {
    const input = manifest([
      { id: 'a', type: 'tooltip', target: '#a', title: { es: 'Hola', fr: 'Salut' }, body: { en: 'Body', es: 'Cuerpo' } },
      { id: 'b', type: 'tooltip', target: '#b', title: 'Plain', body: { en: '' } },
      { id: 't', type: 'tour', steps: [{ target: '#t', title: { de: 'Eins' } }], when: { title: { es: 'not a text' } } },
    ]);
    expect(missingDefaultTexts(input, 'en')).toEqual([
      { itemId: 'a', path: 'items[0].title', locale: 'en' },
      { itemId: 'b', path: 'items[1].body', locale: 'en' },
      { itemId: 't', path: 'items[2].steps[0].title', locale: 'en' },
    ]);
  });

  it('a regional default is served by its language ("en" serves "en-US"), as the SDK picks texts', () => {
    expect(missingDefaultTexts(manifest([{ id: 'a', type: 'tooltip', target: '#a', body: { en: 'x' } }]), 'en-US')).toEqual([]);
    expect(missingDefaultTexts(manifest([{ id: 'a', type: 'tooltip', target: '#a', body: { 'en-GB': 'x' } }]), 'en')).toEqual([]);
    expect(missingDefaultTexts('junk', 'en')).toEqual([]);
  });
});

describe('writerProblems', () => {
  it('the writers\' checks of `guidepost validate`, then the default-locale texts as errors', () => {
    const input = manifest(
      [
        { id: 'a', type: 'tooltip', target: '#x', body: 'Hi', when: { 'account.plam': 'trial' } },
        { id: 'c', type: 'tooltip', target: '#x', title: { es: 'Hola' }, body: 'Hi' },
      ],
      { declare: { traits: { account: { plan: ['trial', 'pro'] } } } },
    );
    const problems = writerProblems(input);
    expect(problems.slice(0, -1)).toEqual(authoringProblems(input, { locales: 'all' }));
    expect(problems[0].message).toContain('did you mean "account.plan"?');
    expect(problems.at(-1)).toEqual({
      code: 'missing-default-text',
      severity: 'error',
      path: 'items[1].title',
      itemId: 'c',
      message: 'item "c" at items[1].title: no "en" translation (the default locale: readers without a text in their language get it)',
    });
  });
});
