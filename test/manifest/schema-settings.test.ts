/**
 * src/manifest/schema-settings.ts: the manifest's global settings — pacing caps and the theme.
 * The schema bounds each theme value's length and checks its type; the CSS grammar of the values
 * is theme-values.ts's (tested there). Messages are checked through the validator, which is how
 * a writer meets them, with the path of the value to fix.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { Caps, Settings, Theme } from '../../src/manifest/schema-settings';
import { MAX_THEME_VALUE_LENGTH } from '../../src/manifest/theme-hazard';
import { validateManifest } from '../../src/manifest/validate';

const ok = (schema: v.GenericSchema, value: unknown) => v.safeParse(schema, value).success;
const THEME_KEYS = ['accent', 'background', 'text', 'radius', 'font', 'spacing', 'shadow'];

/** [code, path, message] of the problems of a manifest with these settings. */
const settingsProblems = (settings: unknown) =>
  validateManifest({ schemaVersion: 1, revision: 'r', settings, items: [] }).problems.map((p) => [p.code, p.path, p.message]);

describe('Theme', () => {
  it('accepts every key as a string, and a colour scheme', () => {
    const theme = { accent: '#2357d9', background: 'white', text: 'rgb(0 0 0)', radius: '8px', font: 'Inter, sans-serif', spacing: '12px', shadow: 'none', colorScheme: 'dark' };
    expect(v.parse(Theme, theme)).toEqual(theme);
    expect(ok(Theme, {})).toBe(true);
  });

  it.each(THEME_KEYS)('bounds %s at MAX_THEME_VALUE_LENGTH characters', (key) => {
    expect(MAX_THEME_VALUE_LENGTH).toBe(200);
    expect(ok(Theme, { [key]: 'a'.repeat(MAX_THEME_VALUE_LENGTH) })).toBe(true);
    expect(ok(Theme, { [key]: 'a'.repeat(MAX_THEME_VALUE_LENGTH + 1) })).toBe(false);
  });

  it.each(THEME_KEYS)('refuses a %s that is not a string', (key) => {
    expect(ok(Theme, { [key]: 12 })).toBe(false);
    expect(ok(Theme, { [key]: { value: '#fff' } })).toBe(false);
  });

  it('colorScheme is light, dark or auto', () => {
    for (const scheme of ['light', 'dark', 'auto']) expect(ok(Theme, { colorScheme: scheme })).toBe(true);
    for (const scheme of ['Dark', 'system', '', true]) expect(ok(Theme, { colorScheme: scheme })).toBe(false);
  });

  it('refuses unknown keys (a typo, or a CSS property the theme does not have)', () => {
    expect(ok(Theme, { accentColor: '#fff' })).toBe(false);
    expect(ok(Theme, { 'font-size': '14px' })).toBe(false);
  });
});

describe('Caps', () => {
  it('counts are whole numbers from 0; the gap any number from 0', () => {
    expect(v.parse(Caps, { perPageView: 0, perSession: 10, minGapSeconds: 1.5, includePassive: true })).toEqual({ perPageView: 0, perSession: 10, minGapSeconds: 1.5, includePassive: true });
    for (const caps of [{ perPageView: -1 }, { perPageView: 1.5 }, { perSession: '3' }, { minGapSeconds: -0.1 }, { includePassive: 'no' }, { perPage: 1 }]) {
      expect(ok(Caps, caps), JSON.stringify(caps)).toBe(false);
    }
  });
});

describe('Settings', () => {
  it('holds caps and theme only', () => {
    expect(ok(Settings, {})).toBe(true);
    expect(ok(Settings, { caps: { perPageView: 2 }, theme: { accent: '#fff' } })).toBe(true);
    expect(ok(Settings, { pacing: {} })).toBe(false);
    expect(ok(Settings, 'dark')).toBe(false);
  });

  it('every field has a description for editors', () => {
    expect(v.getDescription(Settings)).toBe('Global settings.');
    expect(v.getDescription(Caps)).toBe('Pacing shared by every surface.');
    expect(v.getDescription(Theme)).toMatch(/^Look and feel/);
  });
});

describe('what the writer sees', () => {
  it('a valid settings object is kept as written', () => {
    const settings = { caps: { perPageView: 2, perSession: 5, minGapSeconds: 30, includePassive: false }, theme: { accent: '#2357d9', colorScheme: 'light' } };
    const result = validateManifest({ schemaVersion: 1, revision: 'r', settings, items: [] });
    expect(result.problems).toEqual([]);
    expect(result.manifest?.settings).toEqual(settings);
  });

  it('names each wrong cap at its path', () => {
    expect(settingsProblems({ caps: { perPageView: -1, perSession: 2.5, minGapSecs: 5 } })).toEqual([
      ['invalid-value', 'settings.caps.perPageView', 'settings.caps.perPageView: expected a number of at least 0, found -1'],
      ['invalid-value', 'settings.caps.perSession', 'settings.caps.perSession: expected a whole number, found 2.5'],
      ['unknown-key', 'settings.caps.minGapSecs', 'settings.caps.minGapSecs: unknown key "minGapSecs" — did you mean "minGapSeconds"?'],
    ]);
  });

  it('a misspelt theme key gets the nearest key; a misspelt settings key too', () => {
    expect(settingsProblems({ theme: { acent: '#fff' } })).toEqual([['unknown-key', 'settings.theme.acent', 'settings.theme.acent: unknown key "acent" — did you mean "accent"?']]);
    expect(settingsProblems({ cap: {} })).toEqual([['unknown-key', 'settings.cap', 'settings.cap: unknown key "cap" — did you mean "caps"?']]);
  });

  it('a theme value that is too long is reported once, with the limit, and dropped alone', () => {
    const result = validateManifest({ schemaVersion: 1, revision: 'r', settings: { theme: { accent: 'a'.repeat(201), text: '#000' } }, items: [] });
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([['unsafe-theme-value', 'settings.theme.accent']]);
    expect(result.problems[0].message).toContain('at most 200 characters');
    expect(result.manifest?.settings).toEqual({ theme: { text: '#000' } });
  });

  it('a theme value that would fetch is refused, and the rest of the theme kept', () => {
    const result = validateManifest({ schemaVersion: 1, revision: 'r', settings: { theme: { background: 'url(https://evil.example/x.png)', accent: '#fff' } }, items: [] });
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([['unsafe-theme-value', 'settings.theme.background']]);
    expect(result.manifest?.settings).toEqual({ theme: { accent: '#fff' } });
  });
});
