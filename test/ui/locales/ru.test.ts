/**
 * src/ui/locales/ru.ts, the SDK's words in Russian: the shared table checks (test/support/
 * locale-table.ts: keys, placeholders, translated, Cyrillic script with no Latin look-alike
 * letters mixed in, loaded for Russian tags and not for Ukrainian or Belarusian), and Russian
 * writing: Russian letters only (no Ukrainian or Belarusian ones), labels in sentence case.
 */
import { describe, expect, it } from 'vitest';
import { strings } from '../../../src/ui/locales/ru';
import { describeTable, WORD_KEYS } from '../../support/locale-table';

describeTable({
  tag: 'ru',
  table: strings,
  script: 'Cyrillic',
  direction: 'ltr',
  servesTags: ['ru-RU', 'ru-UA', 'RU_kz'],
  notForTags: ['uk', 'be', 'bg'],
  counters: { stepOf: '2 из 5', tasksDone: '2 из 5', taskDone: 'Export: выполнено, 2 из 5' },
});

describe('Russian writing', () => {
  it('uses only Russian Cyrillic letters (none of Ukrainian і ї є ґ or Belarusian ў)', () => {
    for (const key of WORD_KEYS) expect([key, /[іїєґў]/i.test(strings[key])]).toEqual([key, false]);
  });

  it('writes labels in sentence case: a capital first letter, the rest lower case', () => {
    for (const key of WORD_KEYS) {
      const words = strings[key].replace(/\{\w+\}/g, '').replace(/^[^\p{L}]+/u, '');
      // The counters start with a number or the task's own title.
      if (key === 'stepOf' || key === 'tasksDone' || key === 'taskDone') continue;
      expect([key, words[0] === words[0].toUpperCase(), words.slice(1) === words.slice(1).toLowerCase()]).toEqual([key, true, true]);
    }
  });
});
