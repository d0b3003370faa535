/**
 * src/ui/locales/de.ts, the SDK's words in German: the shared table checks (test/support/
 * locale-table.ts: keys, placeholders, translated, Latin script, loaded for German tags), and
 * German writing: nouns of the UI capitalized, umlauts and ß written as letters, not "ae"/"ss".
 */
import { describe, expect, it } from 'vitest';
import { strings } from '../../../src/ui/locales/de';
import { describeTable } from '../../support/locale-table';

describeTable({
  tag: 'de',
  table: strings,
  script: 'Latin',
  direction: 'ltr',
  servesTags: ['de-DE', 'de-AT', 'de-CH', 'DE_at'],
  notForTags: ['nl', 'da', 'lb'],
  counters: { stepOf: '2 von 5', tasksDone: '2 von 5', taskDone: 'Export: erledigt, 2 von 5' },
});

describe('German writing', () => {
  it('capitalizes the nouns that name the UI (Tour, Tipp, Checkliste, Feedback, Fortschritt)', () => {
    expect(strings.skip).toMatch(/\bTour\b/);
    expect(strings.openTip).toMatch(/\bTipp\b/);
    expect(strings.dismissChecklist).toMatch(/\bCheckliste\b/);
    expect(strings.thanks).toMatch(/\bFeedback\b/);
    expect(strings.tourProgress).toMatch(/^Fortschritt\b/);
  });

  it('writes umlauts and ß as letters, never spelled out', () => {
    const all = Object.values(strings).join(' ');
    expect(all).toMatch(/[äöüß]/);
    expect(all).not.toMatch(/\b(Zurueck|Schliessen|Ankuendigung)\b/);
  });

  it('asks "Was this helpful?" as a question', () => {
    expect(strings.helpful).toMatch(/^\S.*\?$/);
  });
});
