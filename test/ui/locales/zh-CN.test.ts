/**
 * src/ui/locales/zh-CN.ts, the SDK's words in Simplified Chinese: the shared table checks
 * (test/support/locale-table.ts: keys, placeholders, translated, Han script, loaded for Simplified
 * tags: zh, zh-CN, zh-SG, zh-Hans…), written in Simplified characters (none of the Traditional
 * forms of test/support/chinese-scripts.ts), with full-width punctuation, and labelled with a
 * full-width colon.
 */
import { describe, expect, it } from 'vitest';
import { strings } from '../../../src/ui/locales/zh-CN';
import { strings as traditional } from '../../../src/ui/locales/zh-TW';
import { labelled, uiStringsMarked } from '../../../src/ui/strings';
import { describeTable } from '../../support/locale-table';
import { charactersOf, HALF_WIDTH_PUNCTUATION, SIMPLIFIED, TRADITIONAL } from '../../support/chinese-scripts';

describeTable({
  tag: 'zh-CN',
  table: strings,
  script: 'Han',
  direction: 'ltr',
  servesTags: ['zh', 'zh-SG', 'zh-Hans', 'zh-Hans-HK', 'ZH_cn'],
  notForTags: ['ja', 'ko'],
  counters: { stepOf: '第 2 步，共 5 步', tasksDone: '已完成 2/5', taskDone: 'Export：已完成，进度 2/5' },
});

describe('Simplified Chinese writing', () => {
  it('uses Simplified characters, none of their Traditional forms', () => {
    expect(charactersOf(strings).filter((c) => TRADITIONAL.includes(c))).toEqual([]);
    expect(charactersOf(strings).filter((c) => SIMPLIFIED.includes(c)).length).toBeGreaterThanOrEqual(5);
  });

  it('differs from the Traditional table where the scripts differ ("Close": 关闭, not 關閉)', () => {
    expect(strings.close).toBe('关闭');
    expect(strings.close).not.toBe(traditional.close);
  });

  it('uses full-width punctuation, never the half-width forms', () => {
    for (const [key, value] of Object.entries(strings)) expect([key, HALF_WIDTH_PUNCTUATION.test(value.replace(/\{\w+\}/g, ''))]).toEqual([key, false]);
    expect(strings.helpful).toMatch(/？$/);
    expect(strings.thanks).toMatch(/！$/);
  });

  it("labels an item with a full-width colon (labelled())", () => {
    const words = uiStringsMarked('zh-CN', { 'zh-CN': strings });
    expect(labelled(words, words.help, '看板')).toBe('帮助：看板');
  });
});
