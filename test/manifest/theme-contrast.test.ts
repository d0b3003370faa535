import { describe, expect, it } from 'vitest';
import { authoringProblems } from '../../src/manifest/authoring';
import { contrastRatio, parseOpaqueColor, themeContrastProblems } from '../../src/manifest/theme-contrast';

const theme = (values: Record<string, unknown>) => ({ theme: values });

describe('parseOpaqueColor', () => {
  it('reads hex, rgb(), hsl() and common names as sRGB', () => {
    expect(parseOpaqueColor('#fff')).toEqual([255, 255, 255]);
    expect(parseOpaqueColor('#2357d9')).toEqual([35, 87, 217]);
    expect(parseOpaqueColor('#2357d9ff')).toEqual([35, 87, 217]);
    expect(parseOpaqueColor('rgb(35, 87, 217)')).toEqual([35, 87, 217]);
    expect(parseOpaqueColor('rgb(35 87 217 / 100%)')).toEqual([35, 87, 217]);
    expect(parseOpaqueColor('rgb(100% 0% 0%)')!.map(Math.round)).toEqual([255, 0, 0]);
    expect(parseOpaqueColor('hsl(0 100% 50%)')!.map(Math.round)).toEqual([255, 0, 0]);
    expect(parseOpaqueColor('hsl(120, 100%, 25%)')!.map(Math.round)).toEqual([0, 128, 0]);
    expect(parseOpaqueColor('White')).toEqual([255, 255, 255]);
  });

  it('leaves what it cannot judge alone: see-through colours, unknown names, keywords, junk', () => {
    for (const value of ['#fff8', '#ffffff80', 'rgba(0,0,0,.5)', 'rgb(0 0 0 / 50%)', 'transparent', 'currentColor', 'papayawhip', 'url(x)', '', `rgb(${'1'.repeat(5000)}`]) {
      expect(parseOpaqueColor(value)).toBeUndefined();
    }
  });
});

describe('contrastRatio', () => {
  it('is WCAG 2\'s ratio: 21 for black on white, 1 for a colour on itself, symmetric', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrastRatio([35, 87, 217], [35, 87, 217])).toBe(1);
    // #767676 on white is the classic 4.54:1.
    expect(contrastRatio([118, 118, 118], [255, 255, 255])).toBeCloseTo(4.54, 2);
    expect(contrastRatio([255, 255, 255], [118, 118, 118])).toBeCloseTo(4.54, 2);
  });
});

describe('themeContrastProblems', () => {
  it('says nothing about a theme that leaves text and background to the SDK (it adapts links and buttons itself)', () => {
    expect(themeContrastProblems(theme({ accent: '#ffd400' }))).toEqual([]);
    expect(themeContrastProblems(undefined)).toEqual([]);
    expect(themeContrastProblems({ theme: 'dark' })).toEqual([]);
  });

  it('warns about text on a background it sets, with the ratio and where', () => {
    const [problem, ...rest] = themeContrastProblems(theme({ text: '#999', background: '#fff', colorScheme: 'light' }));
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ code: 'theme-contrast', path: 'settings.theme.text', severity: 'warning' });
    expect(problem!.message).toContain('#999 on background #fff has a contrast of 2.8:1');
    expect(themeContrastProblems(theme({ text: '#222', background: '#fff', colorScheme: 'light' }))).toEqual([]);
  });

  it('warns about a light background with colorScheme auto: dark-mode readers get the dark scheme\'s light text on it', () => {
    const [problem] = themeContrastProblems(theme({ background: '#fafafa' }));
    expect(problem).toMatchObject({ code: 'theme-contrast', path: 'settings.theme.background' });
    expect(problem!.message).toMatch(/dark scheme's text #e6edf3 .* for readers in the dark scheme/);
    expect(problem!.message).toContain('set "text" as well, or "colorScheme"');
    // Fixed to the light scheme, the light scheme's dark text reads on it.
    expect(themeContrastProblems(theme({ background: '#fafafa', colorScheme: 'light' }))).toEqual([]);
  });

  it('warns about text set for one scheme that the other scheme\'s background swallows', () => {
    const [problem] = themeContrastProblems(theme({ text: '#1b1f24' }));
    expect(problem!.message).toMatch(/on the dark scheme's background #1f2328 .* for readers in the dark scheme/);
    expect(themeContrastProblems(theme({ text: '#1b1f24', colorScheme: 'light' }))).toEqual([]);
  });

  it('warns about links in the accent on a background the theme sets', () => {
    const problems = themeContrastProblems(theme({ background: '#ffffff', text: '#111', accent: '#ffd400' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'settings.theme.accent' });
    expect(problems[0]!.message).toContain('links in the accent #ffd400 on background #ffffff');
  });

  it('warns about links in a scheme\'s own accent on a background the theme sets (the SDK adapts links only to its own backgrounds)', () => {
    const problems = themeContrastProblems(theme({ background: '#ffffff', text: '#1b1f24' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'theme-contrast', path: 'settings.theme.accent' });
    expect(problems[0]!.message).toMatch(/dark scheme's accent #5b8def on background #ffffff .* for readers in the dark scheme.*set "accent" as well, or "colorScheme"/);
    expect(themeContrastProblems(theme({ background: '#ffffff', text: '#1b1f24', colorScheme: 'light' }))).toEqual([]);
  });

  it('skips pairs it cannot judge and never throws on odd input', () => {
    expect(themeContrastProblems(theme({ text: 'rgba(0,0,0,.4)', background: '#fff', colorScheme: 'light' }))).toEqual([]);
    expect(themeContrastProblems(theme({ text: 42, background: ['#fff'] }))).toEqual([]);
    expect(themeContrastProblems(theme(Object.create(null)))).toEqual([]);
    const hostile = JSON.parse('{"theme":{"__proto__":{"text":"#eee"},"background":"#fff","colorScheme":"light"}}');
    expect(themeContrastProblems(hostile)).toEqual([]);
  });

  it('is part of the writers\' checks that guidepost validate runs', () => {
    const problems = authoringProblems({ schemaVersion: 1, settings: theme({ text: '#aaa', background: '#fff' }), items: [] });
    expect(problems.map((p) => p.code)).toContain('theme-contrast');
  });
});
