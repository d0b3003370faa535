/**
 * src/manifest/theme-values.ts on its own: the validator's theme grammar (`themeValueProblem`,
 * `THEME_VALUE_KINDS`). Covers CSS injection attempts and the reason written for each (`;}`,
 * `url(`, `expression(`, `var(`, `@import`, `</style>`, comments, escapes), their order, long
 * values, values that are not strings, keys it does not judge, and the edges of each kind's
 * grammar (colours, lengths, radius, fonts, shadows), each refusal ending with what the key
 * expects. (hardening-units.test.ts has a first list of accepted and refused values and the
 * property "what the grammar accepts passes the hazard check"; these are other values.)
 */
import { describe, expect, it } from 'vitest';
import { THEME_VALUE_KINDS, themeValueHazard, themeValueProblem } from '../../src/manifest/theme-values';

const EXPECTED = {
  color: 'expected a colour: "#2357d9", "rgb(35 87 217)", "hsl(…)", a colour name, "transparent" or "currentColor"',
  radius: 'expected one to four lengths such as "8px" or "8px 8px 0 0"',
  length: 'expected a length such as "12px", "0.75rem", "1em", "50%", "2vh" or "0"',
  font: 'expected a list of font names such as "Inter, \'Segoe UI\', sans-serif"',
  shadow: 'expected a box shadow such as "0 8px 24px rgba(0,0,0,.18)", or "none"',
};
const FETCH = 'it would make the browser fetch from elsewhere';
const END = '";", "{" and "}" would end the declaration';

describe('keys', () => {
  it('maps each CSS key to its kind', () => {
    expect(THEME_VALUE_KINDS).toEqual({ accent: 'color', background: 'color', text: 'color', radius: 'radius', spacing: 'length', font: 'font', shadow: 'shadow' });
  });

  it.each(['colorScheme', 'unknown', 'toString', '__proto__', 'constructor', 'hasOwnProperty'])('does not judge %j (the schema does), whatever the value', (key) => {
    expect(themeValueProblem(key, 'url(x);}')).toBeUndefined();
  });
});

describe('injection attempts: the reason, then what the key expects', () => {
  it.each([
    ['accent', 'red;} body{background:red', END],
    ['background', 'url(x.png)', FETCH],
    ['background', 'URL ( x.png )', FETCH],
    ['text', 'rgb(url(x) 0 0)', FETCH],
    ['spacing', 'expression(alert(1))', FETCH],
    ['shadow', '0 0 image-set("x" 1x)', FETCH],
    ['font', 'src(x)', FETCH],
    ['radius', 'var(--secret)', 'references to other values are not allowed'],
    ['radius', 'env(safe-area-inset-top)', 'references to other values are not allowed'],
    ['font', 'attr(data-x)', 'references to other values are not allowed'],
    ['font', 'x}@import "https://evil.example/a.css"', '"@" (as in @import) is not allowed'],
    ['text', 'red\\;', END],
    ['text', 'r\\65 d', 'CSS escapes ("\\") are not allowed'],
    ['accent', 'red/**/', 'CSS comments are not allowed'],
    ['accent', 'red */', 'CSS comments are not allowed'],
    ['font', 'a</style><script>alert(1)</script>', '"<", ">" and "!" are not allowed'],
    ['accent', 'red !important', '"<", ">" and "!" are not allowed'],
  ])('%s %j', (key, value, reason) => {
    const kind = THEME_VALUE_KINDS[key as keyof typeof THEME_VALUE_KINDS];
    expect(themeValueProblem(key, value)).toBe(`${reason}; ${EXPECTED[kind]}`);
  });

  it('a character the writer-facing reasons do not name falls back to the hazard reason', () => {
    expect(themeValueProblem('accent', 'red:hover')).toBe(`":" is not allowed; ${EXPECTED.color}`);
    expect(themeValueProblem('accent', 'calc(1px)')).toBe(`the only functions allowed are rgb(), rgba(), hsl() and hsla(); ${EXPECTED.color}`);
  });
});

describe('long values and values that are not strings', () => {
  it('200 characters are judged by the grammar; 201 are refused for their length', () => {
    expect(themeValueProblem('font', `${'a'.repeat(197)}, b`)).toBeUndefined();
    expect(themeValueProblem('font', `${'a'.repeat(198)}, b`)).toBe(`at most 200 characters; ${EXPECTED.font}`);
  });

  it('a megabyte value is refused, for what it holds or for its length', () => {
    expect(themeValueProblem('accent', `url(${'x'.repeat(1_000_000)})`)).toBe(`${FETCH}; ${EXPECTED.color}`);
    expect(themeValueProblem('accent', `${' '.repeat(1_000_000)}red`)).toBe(`at most 200 characters; ${EXPECTED.color}`);
  });

  it.each([[12], [null], [true], [['red']], [{ r: 1 }]])('%j: expected a string, then what the key expects', (value) => {
    expect(themeValueProblem('spacing', value)).toBe(`expected a string; ${EXPECTED.length}`);
  });
});

describe('colours', () => {
  it.each(['#abc', '#abcd', '#AbCdEf', '#abcdef12', 'transparent', 'currentcolor', 'rgb(1,2,3)', 'rgb(1 2 3 / .5)', 'rgba(0%, 0%, 0%, 50%)', 'hsl(1turn 2% 3%)', 'hsl(-1rad 2% 3%)', 'hsla(1e2 5% 5% / 1)', `  red  `])('accepts %j', (value) => {
    expect(themeValueProblem('accent', value)).toBeUndefined();
  });

  it.each([
    '', '   ', '#ab', '#abcde', '#abcdef1', '#abcdef123', '#ggg', 'red blue', 'x'.repeat(31), 're', 'red2', 'rgb(1 2)', 'rgb(1 2 3 4 5)',
    'rgb(a b c)', 'rgb(1px 2 3)', 'rgb (1 2 3)', 'rgb(1 2 3', '"red"', '12px', '0',
  ])('refuses %j', (value) => {
    expect(themeValueProblem('text', value)).toBe(EXPECTED.color);
  });
});

describe('lengths and radius', () => {
  it.each(['0', '0px', '-1px', '+2rem', '1e3px', '.5em', '1PX', '50%', '1vmin', '2ch', '3ex', '4pt', '1.5lh'])('spacing accepts %j', (value) => {
    expect(themeValueProblem('spacing', value)).toBeUndefined();
  });

  it.each(['1', '1q', '1cm', 'px', '1px 2px', 'auto', '1 px'])('spacing refuses %j', (value) => {
    expect(themeValueProblem('spacing', value)).toBe(EXPECTED.length);
  });

  it.each(['8px', '8px 0', '1px 2px 3px 4px / 5px 6px 7px 8px', '50%/10%'])('radius accepts %j', (value) => {
    expect(themeValueProblem('radius', value)).toBeUndefined();
  });

  it.each(['/ 8px', '8px /', '8px / 1px / 2px', '1px 2px 3px 4px 5px', '8px, 4px', 'red'])('radius refuses %j', (value) => {
    expect(themeValueProblem('radius', value)).toBe(EXPECTED.radius);
  });
});

describe('fonts', () => {
  it.each(['Inter', 'a b c', "'Segoe UI'", '"Noto Sans", serif', '"Ünïcödé Sans", "宋体"', "'a', \"b\", c d"])('accepts %j', (value) => {
    expect(themeValueProblem('font', value)).toBeUndefined();
  });

  it.each(['', ',', 'a,', 'Ünïcödé Sans', ',a', 'a,,b', '""', '" "', '"a" "b"', '"a" b', '12px', 'rgb(1 2 3)', '"a\'b"', '"a'])('refuses %j', (value) => {
    expect(themeValueProblem('font', value)).toBe(EXPECTED.font);
  });
});

describe('shadows', () => {
  it.each(['none', 'NONE', '0 0', '0 0 2px 1px', 'inset 0 0 red', '0 0 red inset', '1px 1px #000, inset 0 0 1px rgba(0,0,0,.1)'])('accepts %j', (value) => {
    expect(themeValueProblem('shadow', value)).toBeUndefined();
  });

  it.each(['0', '1px 2px 3px 4px 5px', '0 0 red blue', 'inset inset 0 0', 'none, 0 0', '0 0,', 'red'])('refuses %j', (value) => {
    expect(themeValueProblem('shadow', value)).toBe(EXPECTED.shadow);
  });
});

describe('everything accepted here passes the runtime hazard check', () => {
  it('on every value accepted above', () => {
    const accepted = ['#abcdef12', 'hsla(1e2 5% 5% / 1)', '1px 2px 3px 4px / 5px 6px 7px 8px', "'a', \"b\", c d", '1px 1px #000, inset 0 0 1px rgba(0,0,0,.1)', '"Ünïcödé Sans", "宋体"'];
    for (const value of accepted) expect(themeValueHazard(value)).toBeUndefined();
  });
});
