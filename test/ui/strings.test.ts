/**
 * src/ui/strings.ts: format fills "{name}" placeholders (every occurrence, numbers including 0,
 * an unknown name as nothing) and leaves other braces alone; uiStrings picks English for English,
 * for an unknown or empty locale and for a language whose table is not loaded, and otherwise the
 * loaded table by exact tag, then by language; the English table is complete, with the
 * placeholders its counters need. (Which table each shipped locale gets is in locales/index.dom.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { format, uiStrings, type UiStrings } from '../../src/ui/strings';

const en = uiStrings('en');
const table = (mark: string): UiStrings => Object.fromEntries(Object.keys(en).map((key) => [key, `${mark}:${key}`])) as unknown as UiStrings;

describe('format', () => {
  it('fills each placeholder by name', () => {
    expect(format('{n} of {total}', { n: 2, total: 5 })).toBe('2 of 5');
    expect(format('第 {n} 步，共 {total} 步', { n: 1, total: 3 })).toBe('第 1 步，共 3 步');
  });

  it('fills every occurrence of a name, in any order', () => {
    expect(format('{total}/{n} ({n})', { n: 7, total: 9 })).toBe('9/7 (7)');
  });

  it('writes 0 and empty strings as they are', () => {
    expect(format('{n} of {total}', { n: 0, total: 0 })).toBe('0 of 0');
    expect(format('[{a}]', { a: '' })).toBe('[]');
  });

  it('an unknown name becomes nothing, never "undefined"', () => {
    expect(format('{n} of {total}', { n: 1 })).toBe('1 of ');
  });

  it('leaves braces that are not placeholders alone', () => {
    expect(format('{ n } {} {n-1} {{n}}', { n: 4 })).toBe('{ n } {} {n-1} {4}');
  });


  it('a value is inserted as written: "$&" and braces in it are not replacement patterns', () => {
    expect(format('{n}', { n: '$& {total}' })).toBe('$& {total}');
  });
});

describe('uiStrings', () => {
  it('English is complete: every word is a non-empty string, and the counters have their placeholders', () => {
    for (const [key, value] of Object.entries(en)) expect([key, typeof value, value.length > 0]).toEqual([key, 'string', true]);
    expect(Object.keys(en).sort()).toEqual(['announcement', 'back', 'checklist', 'close', 'comment', 'dismissChecklist', 'done', 'goThere', 'help', 'helpful', 'next', 'no', 'openTip', 'send', 'skip', 'stepOf', 'taskDone', 'tasksDone', 'thanks', 'tourProgress', 'yes']);
    expect(format(en.stepOf, { n: 2, total: 5 })).toBe('2 of 5');
    expect(format(en.tasksDone, { n: 1, total: 4 })).toBe('1 of 4');
    expect(format(en.taskDone, { task: 'Create a project', n: 1, total: 4 })).toBe('Create a project: done, 1 of 4');
  });

  it.each(['en', 'en-GB', 'EN-us', '', 'xx', 'ja', 'not a tag'])('%j without loaded tables is English', (locale) => {
    expect(uiStrings(locale)).toBe(en);
  });

  it('a language whose table is not loaded is English, even when others are', () => {
    expect(uiStrings('de-AT', { fr: table('fr') })).toBe(en);
  });

  it('a loaded table serves its language and its regional tags', () => {
    const fr = table('fr');
    expect(uiStrings('fr', { fr })).toBe(fr);
    expect(uiStrings('fr-CA', { fr })).toBe(fr);
    expect(uiStrings('FR-ca', { fr }).next).toBe('fr:next');
  });

  it('an exact tag wins over its language', () => {
    const zh = table('zh');
    const zhTW = table('zh-TW');
    expect(uiStrings('zh-TW', { zh, 'zh-TW': zhTW })).toBe(zhTW);
    expect(uiStrings('zh-CN', { zh, 'zh-TW': zhTW })).toBe(zh);
  });
});
