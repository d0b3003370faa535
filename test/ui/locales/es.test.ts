/**
 * src/ui/locales/es.ts, the SDK's words in Spanish: the shared table checks (test/support/
 * locale-table.ts: keys, placeholders, translated but for "No", Latin script, loaded for Spanish
 * tags, Latin American ones too), and Spanish punctuation: a question opens with ¿ and an
 * exclamation with ¡, each closed.
 */
import { describe, expect, it } from 'vitest';
import { strings } from '../../../src/ui/locales/es';
import { describeTable, WORD_KEYS } from '../../support/locale-table';

describeTable({
  tag: 'es',
  table: strings,
  script: 'Latin',
  direction: 'ltr',
  sameAsEnglish: ['no'],
  servesTags: ['es-ES', 'es-MX', 'es-419', 'ES_ar'],
  notForTags: ['pt', 'pt-BR', 'ca', 'gl'],
  counters: { stepOf: '2 de 5', tasksDone: '2 de 5', taskDone: 'Export: completada, 2 de 5' },
});

describe('Spanish punctuation', () => {
  const count = (text: string, mark: string) => text.split(mark).length - 1;

  it('opens every question with ¿ and every exclamation with ¡, before its closing mark', () => {
    for (const key of WORD_KEYS) {
      const text = strings[key];
      expect([key, count(text, '¿')]).toEqual([key, count(text, '?')]);
      expect([key, count(text, '¡')]).toEqual([key, count(text, '!')]);
      if (text.includes('?')) expect(text.indexOf('¿')).toBeLessThan(text.indexOf('?'));
      if (text.includes('!')) expect(text.indexOf('¡')).toBeLessThan(text.indexOf('!'));
    }
  });

  it('"Was this helpful?" is a question and the thanks an exclamation', () => {
    expect(strings.helpful).toMatch(/^¿.+\?$/);
    expect(strings.thanks).toMatch(/^¡.+!$/);
  });
});
