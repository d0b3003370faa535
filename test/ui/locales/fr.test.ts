/**
 * src/ui/locales/fr.ts, the SDK's words in French: the shared table checks (test/support/
 * locale-table.ts: keys, placeholders, translated, Latin script, loaded for French tags), and
 * French typography: a space before ? ! : (the high punctuation), typographic apostrophes.
 */
import { describe, expect, it } from 'vitest';
import { strings } from '../../../src/ui/locales/fr';
import { describeTable, WORD_KEYS } from '../../support/locale-table';

describeTable({
  tag: 'fr',
  table: strings,
  script: 'Latin',
  direction: 'ltr',
  servesTags: ['fr-FR', 'fr-CA', 'fr-BE', 'FR_ch'],
  notForTags: ['it', 'oc', 'br'],
  counters: { stepOf: '2 sur 5', tasksDone: '2 sur 5', taskDone: 'Export\u00a0: terminée, 2 sur 5' },
});

describe('French typography', () => {
  it('puts a no-break space before each ?, ! and : (never a plain one, which lets the mark wrap onto a line of its own)', () => {
    for (const key of WORD_KEYS) {
      for (const match of strings[key].matchAll(/[?!:]/g)) {
        expect([key, strings[key][match.index - 1]]).toEqual([key, expect.stringMatching(/^[\u00A0\u202F]$/)]);
      }
    }
    // The words that carry them.
    expect(strings.helpful).toMatch(/\?$/);
    expect(strings.thanks).toMatch(/!$/);
    expect(strings.taskDone).toContain('\u00a0:');
  });

  it("writes elisions with the typographic apostrophe (’), never the typewriter one (')", () => {
    const all = WORD_KEYS.map((key) => strings[key]).join(' ');
    expect(all).toContain('’');
    expect(all).not.toContain("'");
  });
});
