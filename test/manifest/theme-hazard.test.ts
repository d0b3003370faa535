/**
 * src/manifest/theme-hazard.ts on its own: the check that runs on theme values without the
 * validator (`themeValueHazard`), and `withoutUnsafeThemeValues`. Covers CSS injection attempts
 * (ending the declaration with `;` `}`, `url(`, `image-set(`, `expression(`, `var(`, `</style>`,
 * comments, escapes, `@import`, `!important`), functions hidden by case, spaces or prefixes,
 * the length bound (exactly 200), values that are not strings, what is deliberately let through
 * (the grammar is theme-values.ts's business), and which keys are judged, what is kept and the
 * null prototypes of what is rebuilt.
 */
import { describe, expect, it } from 'vitest';
import { CSS_THEME_KEYS, MAX_THEME_VALUE_LENGTH, themeValueHazard, withoutUnsafeThemeValues } from '../../src/manifest/theme-hazard';

const FUNCTIONS = 'the only functions allowed are rgb(), rgba(), hsl() and hsla()';
const hazard = (_key: string, value: unknown) => themeValueHazard(value);

describe('constants', () => {
  it('judges the seven CSS keys, up to 200 characters', () => {
    expect(CSS_THEME_KEYS).toEqual(['accent', 'background', 'text', 'radius', 'spacing', 'font', 'shadow']);
    expect(MAX_THEME_VALUE_LENGTH).toBe(200);
  });
});

describe('CSS injection attempts are refused, naming the first offending character', () => {
  it.each([
    ['red;} body{background:red', '";" is not allowed'],
    ['red} html{x', '"}" is not allowed'],
    ['{', '"{" is not allowed'],
    ['red</style><script>alert(1)</script>', '"<" is not allowed'],
    ['red /* comment */', '"*" is not allowed'],
    ['\\75 rl(x)', '"\\" is not allowed'],
    ['r\\65 d', '"\\" is not allowed'],
    ['@import "https://evil.example/a.css"', '"@" is not allowed'],
    ['red !important', '"!" is not allowed'],
    ['red:hover', '":" is not allowed'],
    ['a[href]', '"[" is not allowed'],
    ['red & blue', '"&" is not allowed'],
    ['x=y', '"=" is not allowed'],
    ['`x`', '"`" is not allowed'],
    ['a|b', '"|" is not allowed'],
    ['a~b', '"~" is not allowed'],
    ['$x', '"$" is not allowed'],
    ['a?b', '"?" is not allowed'],
  ])('%j: %s', (value, reason) => {
    expect(themeValueHazard(value)).toBe(reason);
  });

  it.each([
    'url(x.png)', 'URL(x.png)', 'Url(x.png)', 'url (x.png)', 'url\t(x.png)', 'image-set("x.png" 1x)', '-webkit-image-set("x" 1x)',
    'image("x.png")', 'expression(alert(1))', 'element(#x)', 'src("x")', 'var(--secret)', 'env(safe-area-inset-top)', 'attr(title)',
    'calc(1px + 2px)', 'color-mix(in srgb, red, blue)', 'rgb(url(x))', 'rgb(1 2 3) url(x)', '(x)', 'éx(1)', '_x(1)', '-x(1)',
  ])('%j: a function other than the four colour functions', (value) => {
    expect(themeValueHazard(value)).toBe(FUNCTIONS);
  });

  it('a character check comes before the function check: "url(https://…)" is refused for its ":"', () => {
    expect(themeValueHazard('url(https://evil.example/x.png)')).toBe('":" is not allowed');
  });

  it.each(['rgb(1 2 3)', 'RGBA(1, 2, 3, .5)', 'hsl(210deg 60% 50%)', 'Hsla(1, 2%, 3%, 0.5)', '0 1px 2px rgb(0 0 0 / 20%), inset 0 0 1px hsl(0 0% 0%)'])('%j: the colour functions pass', (value) => {
    expect(themeValueHazard(value)).toBeUndefined();
  });
});

describe('length', () => {
  it('200 characters pass; 201 do not; a megabyte is refused by its length before anything else', () => {
    expect(themeValueHazard('a'.repeat(200))).toBeUndefined();
    expect(themeValueHazard('a'.repeat(201))).toBe('at most 200 characters');
    expect(themeValueHazard(`url(${';'.repeat(1_000_000)})`)).toBe('at most 200 characters');
  });

  it('counts UTF-16 code units: 100 astral characters are 200 units and pass, 101 do not', () => {
    expect(themeValueHazard('😀'.repeat(100))).toBeUndefined();
    expect(themeValueHazard('😀'.repeat(101))).toBe('at most 200 characters');
  });
});

describe('values that are not strings', () => {
  it.each([[42], [null], [undefined], [true], [['red']], [{ toString: () => 'red' }]])('%j: expected a string', (value) => {
    expect(themeValueHazard(value)).toBe('expected a string');
  });
});

describe('what it lets through (nothing here can fetch, run or escape)', () => {
  it.each([
    ['an empty value', ''], ['spaces, tabs and newlines', ' \t\n'], ['quotes', `"Segoe UI", 'x'`], ['an unclosed quote', '"x'],
    ['non-ASCII names', '"微软雅黑", sans-serif'], ['full-width look-alikes of url()', 'ｕｒｌ（x）'], ['a name that looks like a function', 'rgb (1 2 3)'],
    ['slashes and percents', '8px / 4px 50%'], ['a hash', '#2357d9'], ['plus and minus', '+1px -2px'],
  ])('%s: %j', (_name, value) => {
    expect(themeValueHazard(value)).toBeUndefined();
  });
});

describe('withoutUnsafeThemeValues', () => {
  it('drops only the refused CSS values, reporting key, value and reason, and keeps everything beside them', () => {
    const settings = { caps: { perPageView: 2 }, theme: { accent: 'url(x)', radius: '4px', text: 'red;', colorScheme: 'dark' } };
    const { settings: out, refused } = withoutUnsafeThemeValues(settings, hazard);
    expect(refused).toEqual([
      { key: 'accent', value: 'url(x)', reason: FUNCTIONS },
      { key: 'text', value: 'red;', reason: '";" is not allowed' },
    ]);
    expect({ ...out, theme: { ...out.theme } }).toEqual({ caps: { perPageView: 2 }, theme: { radius: '4px', colorScheme: 'dark' } });
    expect(settings.theme.accent).toBe('url(x)');
  });

  it('asks the check about the seven CSS keys only: colorScheme and unknown keys are kept as they are', () => {
    const asked: string[] = [];
    const theme = JSON.parse('{"colorScheme": "url(x);", "extra": "}", "accent": "red", "__proto__": "url(x)", "shadow": "none"}');
    const { settings, refused } = withoutUnsafeThemeValues({ theme }, (key) => void asked.push(key));
    expect(asked).toEqual(['accent', 'shadow']);
    expect(refused).toEqual([]);
    expect(settings.theme).toBe(theme);
  });

  it('returns the same settings object when nothing is refused', () => {
    const settings = { theme: { accent: '#fff' } };
    expect(withoutUnsafeThemeValues(settings, hazard)).toEqual({ settings, refused: [] });
    expect(withoutUnsafeThemeValues(settings, hazard).settings).toBe(settings);
  });

  it('rebuilds settings and theme on null prototypes when it drops something', () => {
    const { settings } = withoutUnsafeThemeValues({ theme: { accent: 'url(x)', text: 'red' } }, hazard) as { settings: { theme: object } };
    expect(Object.getPrototypeOf(settings)).toBeNull();
    expect(Object.getPrototypeOf(settings.theme)).toBeNull();
    expect(Object.keys(settings.theme)).toEqual(['text']);
  });

  it.each([
    ['no settings', undefined], ['null', null], ['an array', [{ theme: { accent: 'url(x)' } }]], ['a theme that is an array', { theme: ['url(x)'] }],
    ['a theme that is a string', { theme: 'url(x)' }], ['a theme that is null', { theme: null }], ['an inherited theme', Object.create({ theme: { accent: 'url(x)' } })],
  ])('%s: returned as it is, nothing refused', (_name, settings) => {
    const out = withoutUnsafeThemeValues(settings, hazard);
    expect(out.settings).toBe(settings);
    expect(out.refused).toEqual([]);
  });
});

// A NUL, an ESC or a DEL must not land raw in the message (the CLI's output, error trackers),
// where it is invisible or, for ESC, the start of a terminal control sequence: named by code point.
describe('a control character in the reason', () => {
  it.each([['a NUL', 'red\u0000'], ['an ESC', '\u001b[31mred'], ['a DEL', 'red\u007f']])('%s', (_name, value) => {
    const reason = themeValueHazard(value);
    expect(reason).toMatch(/ is not allowed$/);
    expect(reason).not.toMatch(/[\u0000-\u0008\u000e-\u001f\u007f]/);
    expect(reason).toMatch(/^U\+00(00|1B|7F) is not allowed$/);
  });
});
