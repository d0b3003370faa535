/**
 * The checks every table of the SDK's own words (src/ui/locales/<tag>.ts) must pass, for the
 * per-language tests in test/ui/locales/<tag>.test.ts: the English keys, each a non-empty word;
 * the English placeholders kept exactly ({n}, {total}, {task}, each as often as in English, no
 * others); translated (only the words a language shares with English, listed by its test, may
 * equal them); written in the language's script and in no other; and served by the core's loader
 * and uiStringsMarked() for its tag and regional tags, marked with its language and direction.
 */
import { describe, expect, it } from 'vitest';
import { loadUiStrings } from '../../src/ui/locales';
import { format, uiStrings, uiStringsMarked, type UiStrings } from '../../src/ui/strings';

export type WordKey = Exclude<keyof UiStrings, 'lang' | 'dir'>;

export const ENGLISH = uiStrings('en');
export const WORD_KEYS = Object.keys(ENGLISH) as WordKey[];

/** Letters of a script (\p{Script=…}), and any letter at all. */
export const SCRIPT = {
  Latin: /\p{Script=Latin}/u,
  Cyrillic: /\p{Script=Cyrillic}/u,
  Arabic: /\p{Script=Arabic}/u,
  Hebrew: /\p{Script=Hebrew}/u,
  Han: /\p{Script=Han}/u,
} as const;
export type ScriptName = keyof typeof SCRIPT;

/** The placeholders of a word, in order, each as often as it appears. */
export const placeholdersOf = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** A word without its placeholders: what the reader sees besides the numbers. */
export const wordsOf = (text: string): string => text.replace(/\{\w+\}/g, '');

export interface TableSpec {
  /** The module's tag (its file name). */
  tag: string;
  table: UiStrings;
  script: ScriptName;
  direction: 'ltr' | 'rtl';
  /** Words the language writes as English does ("No" in Spanish). */
  sameAsEnglish?: readonly WordKey[];
  /** Regional or other tags the table serves. */
  servesTags?: readonly string[];
  /** Tags of near languages that must not get it (English is shown). */
  notForTags?: readonly string[];
  /** The counters with n = 2, total = 5 and task "Export": stepOf, tasksDone, taskDone. */
  counters: { stepOf: string; tasksDone: string; taskDone: string };
}

/** The shared checks of one table, as one describe block. */
export function describeTable(spec: TableSpec): void {
  const { tag, table, script, direction } = spec;
  describe(`the ${tag} table`, () => {
    it('has every English key, each a non-empty, trimmed string, and no other key', () => {
      expect(Object.keys(table).sort()).toEqual([...WORD_KEYS].sort());
      for (const key of WORD_KEYS) {
        expect([key, typeof table[key]]).toEqual([key, 'string']);
        expect([key, table[key].trim().length > 0, table[key] === table[key].trim()]).toEqual([key, true, true]);
      }
    });

    it('keeps exactly the placeholders of each English word', () => {
      for (const key of WORD_KEYS) expect([key, placeholdersOf(table[key])]).toEqual([key, placeholdersOf(ENGLISH[key])]);
    });

    it('fills its counters with the numbers and the task, in its words', () => {
      const values = { n: 2, total: 5, task: 'Export' };
      expect({ stepOf: format(table.stepOf, values), tasksDone: format(table.tasksDone, values), taskDone: format(table.taskDone, values) }).toEqual(spec.counters);
    });

    it('is translated: only the words the language shares with English equal them', () => {
      const same = WORD_KEYS.filter((key) => table[key] === ENGLISH[key]);
      expect(same).toEqual([...(spec.sameAsEnglish ?? [])]);
    });

    it(`is written in ${script} letters, with none of another script`, () => {
      for (const key of WORD_KEYS) {
        const words = wordsOf(table[key]);
        expect([key, SCRIPT[script].test(words)]).toEqual([key, true]);
        const others = (Object.keys(SCRIPT) as ScriptName[]).filter((name) => name !== script && SCRIPT[name].test(words));
        expect([key, others]).toEqual([key, []]);
      }
    });

    it(`is what the core's loader and uiStringsMarked() give for ${[tag, ...(spec.servesTags ?? [])].join(', ')}, marked ${direction}`, async () => {
      for (const locale of [tag, ...(spec.servesTags ?? [])]) {
        const errors: unknown[] = [];
        const loaded = await loadUiStrings(locale, (...error) => errors.push(error));
        expect([locale, Object.keys(loaded)]).toEqual([locale, [tag]]);
        expect(loaded[tag]).toBe(table);
        const marked = uiStringsMarked(locale, loaded);
        expect([locale, marked.lang, marked.dir]).toEqual([locale, tag, direction]);
        expect(marked.next).toBe(table.next);
        expect(errors).toEqual([]);
      }
    });

    if (spec.notForTags?.length) {
      it(`is not loaded for ${spec.notForTags.join(', ')}: those read English`, async () => {
        for (const locale of spec.notForTags ?? []) {
          const loaded = await loadUiStrings(locale, () => undefined);
          expect([locale, loaded]).toEqual([locale, {}]);
          expect(uiStrings(locale, loaded)).toBe(ENGLISH);
        }
      });
    }
  });
}
