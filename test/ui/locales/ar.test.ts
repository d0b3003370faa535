/**
 * src/ui/locales/ar.ts, the SDK's words in Arabic: the shared table checks (test/support/
 * locale-table.ts: keys, placeholders, translated, Arabic script only, loaded for Arabic tags
 * and marked right to left), and Arabic punctuation: the Arabic question mark (؟) and comma (،),
 * not the Latin ones; no Persian or Urdu letters; no bidi controls around the placeholders.
 */
import { describe, expect, it } from 'vitest';
import { strings } from '../../../src/ui/locales/ar';
import { describeTable, WORD_KEYS } from '../../support/locale-table';

describeTable({
  tag: 'ar',
  table: strings,
  script: 'Arabic',
  direction: 'rtl',
  servesTags: ['ar-EG', 'ar-SA', 'ar-MA', 'AR_ae'],
  notForTags: ['fa', 'ur', 'ps'],
  counters: { stepOf: '2 من 5', tasksDone: '2 من 5', taskDone: 'Export: تم، 2 من 5' },
});

describe('Arabic writing', () => {
  it('asks with the Arabic question mark and separates with the Arabic comma', () => {
    expect(strings.helpful).toMatch(/؟$/);
    expect(strings.taskDone).toContain('،');
    for (const key of WORD_KEYS) expect([key, /[?,;]/.test(strings[key])]).toEqual([key, false]);
  });

  it('uses Arabic letters, none of those only Persian or Urdu use (پ چ ژ گ ک ی)', () => {
    for (const key of WORD_KEYS) expect([key, /[پچژگکی]/.test(strings[key])]).toEqual([key, false]);
  });

  it('carries no directional control characters: the layer sets the direction', () => {
    for (const key of WORD_KEYS) expect([key, /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/.test(strings[key])]).toEqual([key, false]);
  });
});
