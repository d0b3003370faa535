/**
 * A writers' check (authoring.ts): theme colours that make text unreadable. The SDK keeps links
 * and accent buttons readable by itself (styles.ts derives `--gp-link` and `--gp-accent-text`
 * from the accent for each scheme), but a theme that sets `text` or `background` decides those
 * colours outright, for both schemes: a light `background` with `colorScheme: "auto"` gives
 * readers in dark mode the dark scheme's light text on it. Each pair the card will actually
 * show is measured with WCAG 2's contrast ratio and reported under 4.5:1 (normal text, level AA).
 *
 * Colours it cannot judge alone are skipped: names other than a few common ones, `transparent`,
 * `currentColor` and any colour with transparency (what shows through is the page's).
 */
import type { ManifestProblem } from './problems';
import { MAX_THEME_VALUE_LENGTH } from './theme-hazard';

/** WCAG 2 level AA for text under 18pt. */
export const MIN_TEXT_CONTRAST = 4.5;

/** The stylesheet's own colours per scheme (src/ui/styles.ts). */
const SCHEMES = {
  light: { background: '#fff', text: '#1b1f24', accent: '#2357d9' },
  dark: { background: '#1f2328', text: '#e6edf3', accent: '#5b8def' },
} as const;

const NAMED: Record<string, string> = {
  white: '#fff', black: '#000', red: '#f00', green: '#008000', blue: '#00f', yellow: '#ff0', orange: '#ffa500',
  purple: '#800080', gray: '#808080', grey: '#808080', navy: '#000080', teal: '#008080', silver: '#c0c0c0',
  maroon: '#800000', olive: '#808000', lime: '#0f0', aqua: '#0ff', cyan: '#0ff', fuchsia: '#f0f', magenta: '#f0f',
  rebeccapurple: '#663399', darkblue: '#00008b', darkgreen: '#006400', darkred: '#8b0000', gold: '#ffd700', pink: '#ffc0cb',
};

type Rgb = [number, number, number];

const NUMBER = String.raw`[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?`;
const FUNCTION = new RegExp(String.raw`^(rgba?|hsla?)\(\s*(${NUMBER}%?)(?:\s*,\s*|\s+)(${NUMBER}%?)(?:\s*,\s*|\s+)(${NUMBER}%?)\s*(?:[,/]\s*(${NUMBER}%?)\s*)?\)$`, 'i');

const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));
/** An alpha channel below 1 (`0.9`, `90%`): the colour is see-through. */
const seeThrough = (alpha: string | undefined) => alpha !== undefined && (alpha.endsWith('%') ? parseFloat(alpha) < 100 : parseFloat(alpha) < 1);

function fromHsl(h: number, s: number, l: number): Rgb {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
  return [f(0) * 255, f(8) * 255, f(4) * 255];
}

/** An opaque colour as sRGB 0-255, or undefined when it cannot be judged alone (see above). */
export function parseOpaqueColor(value: string): Rgb | undefined {
  // No colour is longer; the theme check refuses longer values anyway (theme-hazard.ts).
  if (value.length > MAX_THEME_VALUE_LENGTH) return undefined;
  const color = (NAMED[value.trim().toLowerCase()] ?? value).trim();
  const hex = /^#([\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/i.exec(color)?.[1];
  if (hex) {
    const full = hex.length <= 4 ? [...hex].map((digit) => digit + digit).join('') : hex;
    if (full.length === 8 && full.slice(6) !== 'ff') return undefined;
    return [0, 2, 4].map((at) => parseInt(full.slice(at, at + 2), 16)) as Rgb;
  }
  const match = FUNCTION.exec(color);
  if (!match || seeThrough(match[5])) return undefined;
  const [, name, a, b, c] = match as unknown as [string, string, string, string, string];
  if (name.toLowerCase().startsWith('rgb')) {
    return [a, b, c].map((channel) => clamp(channel.endsWith('%') ? parseFloat(channel) * 2.55 : parseFloat(channel), 255)) as Rgb;
  }
  const hue = ((parseFloat(a) % 360) + 360) % 360;
  return fromHsl(hue, clamp(parseFloat(b), 100) / 100, clamp(parseFloat(c), 100) / 100);
}

/** WCAG 2 relative luminance of an sRGB colour. */
function luminance([r, g, b]: Rgb): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio of two opaque colours, from 1 to 21. */
export function contrastRatio(first: Rgb, second: Rgb): number {
  const [light, dark] = [luminance(first), luminance(second)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const own = (record: Record<string, unknown>, key: string) => (Object.prototype.hasOwnProperty.call(record, key) && typeof record[key] === 'string' ? (record[key] as string) : undefined);

/**
 * Warnings (code `theme-contrast`) for `settings.theme` pairs under 4.5:1: the text on the card's
 * background, and links in the accent on a background the theme sets (the SDK adapts links only
 * to its own backgrounds), in each scheme the reader may be in. Never throws.
 */
export function themeContrastProblems(settings: unknown): ManifestProblem[] {
  if (!isRecord(settings) || !isRecord(settings.theme)) return [];
  const theme = settings.theme;
  const [text, background, accent] = [own(theme, 'text'), own(theme, 'background'), own(theme, 'accent')];
  if (text === undefined && background === undefined) return [];
  const scheme = own(theme, 'colorScheme');
  const schemes: ('light' | 'dark')[] = scheme === 'light' || scheme === 'dark' ? [scheme] : ['light', 'dark'];
  const problems: ManifestProblem[] = [];
  /** Reports `key` once, in the first scheme where `foreground` on the card's background is under the minimum. */
  const check = (key: 'text' | 'accent', foregroundIn: (name: 'light' | 'dark') => { color: string; what: string }) => {
    for (const name of schemes) {
      const { color, what } = foregroundIn(name);
      const back = background ?? SCHEMES[name].background;
      const [fore, behind] = [parseOpaqueColor(color), parseOpaqueColor(back)];
      if (!fore || !behind) continue;
      const ratio = contrastRatio(fore, behind);
      if (ratio >= MIN_TEXT_CONTRAST) continue;
      const where = background === undefined ? `the ${name} scheme's background ${back}` : `background ${background}`;
      const readers = schemes.length > 1 ? ` for readers in the ${name} scheme` : '';
      const fix = text === undefined && key === 'text' ? '; set "text" as well, or "colorScheme"' : accent === undefined && key === 'accent' ? '; set "accent" as well, or "colorScheme"' : '';
      problems.push({
        code: 'theme-contrast',
        message: `settings.theme.${key === 'text' && text === undefined ? 'background' : key}: ${what} ${color} on ${where} has a contrast of ${ratio.toFixed(1)}:1${readers}, under the ${MIN_TEXT_CONTRAST}:1 text needs${fix}`,
        path: `settings.theme.${key === 'text' && text === undefined ? 'background' : key}`,
        severity: 'warning',
      });
      return;
    }
  };
  // The text the card shows: the theme's, or else each scheme's own on the theme's background.
  check('text', (name) => (text !== undefined ? { color: text, what: 'text' } : { color: SCHEMES[name].text, what: `the ${name} scheme's text` }));
  // On a background the theme sets, links take the accent as it is: the theme's, or each scheme's own.
  if (background !== undefined) {
    check('accent', (name) => (accent !== undefined ? { color: accent, what: 'links in the accent' } : { color: SCHEMES[name].accent, what: `links in the ${name} scheme's accent` }));
  }
  return problems;
}
