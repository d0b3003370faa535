/**
 * src/ui/locales/zh-TW.ts, the SDK's words in Traditional Chinese: the shared table checks
 * (test/support/locale-table.ts: keys, placeholders, translated, Han script, loaded for
 * Traditional tags: zh-TW, zh-HK, zh-MO, zh-Hant…), written in Traditional characters (none of
 * the Simplified forms of test/support/chinese-scripts.ts), with full-width punctuation, and
 * labelled with a full-width colon.
 */
import { describe, expect, it } from 'vitest';
import { strings } from '../../../src/ui/locales/zh-TW';
import { strings as simplified } from '../../../src/ui/locales/zh-CN';
import { labelled, uiStringsMarked } from '../../../src/ui/strings';
import { describeTable, WORD_KEYS } from '../../support/locale-table';
import { charactersOf, HALF_WIDTH_PUNCTUATION, SIMPLIFIED, TRADITIONAL } from '../../support/chinese-scripts';

describeTable({
  tag: 'zh-TW',
  table: strings,
  script: 'Han',
  direction: 'ltr',
  servesTags: ['zh-HK', 'zh-MO', 'zh-Hant', 'zh-Hant-CN', 'ZH_tw'],
  notForTags: ['ja', 'ko'],
  counters: { stepOf: '第 2 步，共 5 步', tasksDone: '已完成 2/5', taskDone: 'Export：已完成，進度 2/5' },
});

describe('Traditional Chinese writing', () => {
  it('uses Traditional characters, none of their Simplified forms', () => {
    expect(charactersOf(strings).filter((c) => SIMPLIFIED.includes(c))).toEqual([]);
    expect(charactersOf(strings).filter((c) => TRADITIONAL.includes(c)).length).toBeGreaterThanOrEqual(5);
  });

  it('differs from the Simplified table where the scripts differ ("Close": 關閉, not 关闭), in most words', () => {
    expect(strings.close).toBe('關閉');
    const differing = WORD_KEYS.filter((key) => strings[key] !== simplified[key]);
    expect(differing).toEqual(expect.arrayContaining(['close', 'help', 'skip', 'send', 'thanks', 'taskDone']));
  });

  it('uses full-width punctuation, never the half-width forms', () => {
    for (const [key, value] of Object.entries(strings)) expect([key, HALF_WIDTH_PUNCTUATION.test(value.replace(/\{\w+\}/g, ''))]).toEqual([key, false]);
    expect(strings.helpful).toMatch(/？$/);
    expect(strings.thanks).toMatch(/！$/);
  });

  it('labels an item with a full-width colon (labelled())', () => {
    const words = uiStringsMarked('zh-TW', { 'zh-TW': strings });
    expect(labelled(words, words.help, '看板')).toBe('說明：看板');
  });
});
