/**
 * src/ui/locales/he.ts, the SDK's words in Hebrew: the shared table checks (test/support/
 * locale-table.ts: keys, placeholders, translated, Hebrew script only, loaded for Hebrew tags and
 * marked right to left; not for Yiddish, written in the same script), and Hebrew writing: no
 * vowel points (niqqud) in UI words, no directional control characters.
 */
import { describe, expect, it } from 'vitest';
import { strings } from '../../../src/ui/locales/he';
import { describeTable, WORD_KEYS } from '../../support/locale-table';

describeTable({
  tag: 'he',
  table: strings,
  script: 'Hebrew',
  direction: 'rtl',
  servesTags: ['he-IL', 'HE_il'],
  notForTags: ['yi', 'lad'],
  counters: { stepOf: '2 מתוך 5', tasksDone: '2 מתוך 5', taskDone: 'Export: בוצע, 2 מתוך 5' },
});

describe('Hebrew writing', () => {
  it('writes without vowel points or cantillation marks, as interfaces do', () => {
    for (const key of WORD_KEYS) expect([key, /[\u0591-\u05C7]/.test(strings[key])]).toEqual([key, false]);
  });

  it('carries no directional control characters: the layer sets the direction', () => {
    for (const key of WORD_KEYS) expect([key, /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/.test(strings[key])]).toEqual([key, false]);
  });

  it('ends the feedback question with a question mark', () => {
    expect(strings.helpful).toMatch(/\?$/);
  });
});
