/**
 * src/ui/locales/sk.ts, the SDK's words in Slovak: the shared table checks (test/support/
 * locale-table.ts: keys, placeholders, translated, Latin script, loaded for Slovak tags and not
 * for Czech, its close neighbour), and Slovak letters (ď, ť, ľ, ä, ô…) written with their
 * diacritics.
 */
import { describe, expect, it } from 'vitest';
import { strings } from '../../../src/ui/locales/sk';
import { describeTable, WORD_KEYS } from '../../support/locale-table';

describeTable({
  tag: 'sk',
  table: strings,
  script: 'Latin',
  direction: 'ltr',
  servesTags: ['sk-SK', 'SK_sk'],
  notForTags: ['cs', 'cs-CZ', 'pl'],
  counters: { stepOf: '2 z 5', tasksDone: '2 z 5', taskDone: 'Export: hotovo, 2 z 5' },
});

describe('Slovak writing', () => {
  const all = WORD_KEYS.map((key) => strings[key]).join(' ');

  it('uses letters of Slovak that Czech lacks or writes otherwise (ä, ô, ľ, ĺ, ŕ)', () => {
    expect(all).toMatch(/[äôľĺŕ]/);
  });

  it('writes its diacritics as precomposed letters, not base letter plus combining mark', () => {
    expect(all).toBe(all.normalize('NFC'));
    expect(all).toMatch(/[áéíóúýčďťňšžľ]/);
  });

  it('"Next" and "Back" are the words Slovak interfaces use', () => {
    expect([strings.next, strings.back]).toEqual(['Ďalej', 'Späť']);
  });
});
