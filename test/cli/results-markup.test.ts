/** src/cli/results-markup.ts: the results page's small pieces: escaping, names, numbers, ids. */
import { describe, expect, it } from 'vitest';
import { escapeHtml, int, nameHtml, nameText, points, resetIds, sentenceHtml, uid } from '../../src/cli/results-markup';

describe('markup for the results page', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('a name is escaped and isolated in a <bdi>, its bidirectional controls shown as escapes', () => {
    expect(nameHtml('<script>')).toBe('<bdi>&lt;script&gt;</bdi>');
    expect(nameHtml('\u202eevil')).toBe('<bdi>\\u202eevil</bdi>');
    expect(nameText('control')).toBe('control');
    expect(nameText('שלום')).toBe('\u2068שלום\u2069');
  });

  it("a report's sentence is escaped, each isolated name a <bdi>", () => {
    expect(sentenceHtml('treat \u2068<b>\u2069 wins & more')).toBe('treat <bdi>&lt;b&gt;</bdi> wins &amp; more');
  });

  it('numbers as the page prints them; what is not a number shows as a dash', () => {
    expect([int(1234.6), int(Number.NaN), points(0.0123), points(-0.004), points(Number.POSITIVE_INFINITY)]).toEqual(['1,235', '–', '+1.2', '−0.4', '–']);
  });

  it('ids are unique within a rendering and start over with the next', () => {
    resetIds();
    expect([uid('chart'), uid('chart'), uid('note')]).toEqual(['chart-1', 'chart-2', 'note-3']);
    resetIds();
    expect(uid('chart')).toBe('chart-1');
  });
});
