/** src/analysis/names.ts: names from events can never change how the text around them reads. */
import { describe, expect, it } from 'vitest';
import { isolate, isolatesToHtml, nameList, showBidiControls, showControls, withoutIsolates } from '../../src/analysis/names';

const FSI = '\u2068';
const PDI = '\u2069';

describe('names from the events', () => {
  it('printable ASCII is left as it is: ordinary reports stay exactly as they were', () => {
    expect(isolate('control')).toBe('control');
    expect(isolate('help-links_v2 (beta)')).toBe('help-links_v2 (beta)');
  });

  it('anything else is isolated between FSI and PDI, its bidirectional controls shown as escapes', () => {
    expect(isolate('שלום')).toBe(`${FSI}שלום${PDI}`);
    expect(isolate('\u202eevil')).toBe(`${FSI}\\u202eevil${PDI}`);
    // A PDI of its own cannot close the isolate early.
    expect(isolate(`a${PDI}b`)).toBe(`${FSI}a\\u2069b${PDI}`);
  });

  it('for a page, only the bidirectional controls become escapes; for a terminal, every control does', () => {
    expect(showBidiControls('a\u200fb\u2066c\tz')).toBe('a\\u200fb\\u2066c\tz');
    expect(showControls('a\u0000b\u001bc\u2028d\u202ee')).toBe('a\\u0000b\\u001bc\\u2028d\\u202ee');
  });

  it('renderers turn the isolates into <bdi> or drop them', () => {
    const sentence = `no effect of ${isolate('مرحبا')}: p = 0.640`;
    expect(withoutIsolates(sentence)).toBe('no effect of مرحبا: p = 0.640');
    expect(isolatesToHtml(sentence)).toBe('no effect of <bdi>مرحبا</bdi>: p = 0.640');
  });

  it('a list shows at most `max` names, each cut to a readable length by code points, then how many more', () => {
    expect(nameList(['a', 'b', 'c'], 2)).toBe('a, b and 1 more');
    const long = nameList(['😀'.repeat(100)]);
    expect(long.startsWith(FSI)).toBe(true);
    expect(long.endsWith(`...${PDI}`)).toBe(true);
    // No half of a surrogate pair is left behind.
    expect(long.slice(1, -4)).toBe('😀'.repeat(Array.from(long.slice(1, -4)).length));
    expect(nameList(Array.from({ length: 1234 }, (_, i) => `n${i}`))).toMatch(/, n9 and 1,224 more$/);
  });
});
