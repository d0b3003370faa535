/**
 * Theme values become CSS custom properties on our host element, and CSS can fetch from
 * anywhere (`url(...)`, `image-set(...)`, `@import`) and escape its own syntax (`\`, `;`, `{`,
 * comments). This is the part of the check that runs without the validator: what could fetch,
 * run or escape. A compiled manifest skips the validator, so its hazardous values are left
 * out and reported at runtime (compiled-checks.ts, with the decision chunk, before any theme is
 * applied); the validator adds the grammar
 * (theme-values.ts), and everything the grammar accepts passes this check.
 */

/** The theme keys whose values are CSS (see theme-values.ts for what each must be). */
export const CSS_THEME_KEYS = ['accent', 'background', 'text', 'radius', 'spacing', 'font', 'shadow'];

/** Longer values are refused: no real colour, length or font list needs more. */
export const MAX_THEME_VALUE_LENGTH = 200;

/** Outside these characters CSS has syntax that a colour, length or font name never needs. Non-ASCII is text. */
const OUTSIDE_ALLOWED = /[^\w\s#%.,'"()+/\-\u00a0-\uffff]/;
const FUNCTION = /(-?[a-zA-Z_][\w-]*)?\s*\(/g;
const COLOR_FUNCTIONS = ['rgb', 'rgba', 'hsl', 'hsla'];

/**
 * Why `value` could make CSS fetch, run or escape its declaration, or undefined when it
 * cannot: a string of at most MAX_THEME_VALUE_LENGTH characters of letters, digits, spaces
 * and `# % . , ' " ( ) + / -` (so no escapes, comments, "@", ";" or braces), with no function
 * but rgb(), rgba(), hsl() and hsla() (so no url(), image-set() or var()).
 */
export function themeValueHazard(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'expected a string';
  if (value.length > MAX_THEME_VALUE_LENGTH) return `at most ${MAX_THEME_VALUE_LENGTH} characters`;
  const other = OUTSIDE_ALLOWED.exec(value);
  // A control character (ESC, NUL, DEL) is named by its code point, never printed raw in a terminal.
  if (other) return `${/[\0-\x1f\x7f-\x9f]/.test(other[0]) ? `U+${other[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : `"${other[0]}"`} is not allowed`;
  for (const [, name] of value.matchAll(FUNCTION)) {
    if (!COLOR_FUNCTIONS.includes((name ?? '').toLowerCase())) return 'the only functions allowed are rgb(), rgba(), hsl() and hsla()';
  }
  return undefined;
}

export interface RefusedThemeValue {
  key: string;
  value: unknown;
  reason: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * `settings` with every theme value that fails `check` (`themeValueProblem` in the validator,
 * `themeValueHazard` at runtime) left out, and what was left out: one bad value drops that
 * value only, not the theme or the caps beside it. Objects it rebuilds have a null prototype,
 * like the validator's input (see depth.ts).
 */
export function withoutUnsafeThemeValues<T>(settings: T, check: (key: string, value: unknown) => string | undefined): { settings: T; refused: RefusedThemeValue[] } {
  if (!isRecord(settings) || !Object.prototype.hasOwnProperty.call(settings, 'theme') || !isRecord(settings.theme)) return { settings, refused: [] };
  const theme = settings.theme;
  const refused: RefusedThemeValue[] = [];
  const kept = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(theme)) {
    // Only the keys that carry CSS: "colorScheme" and unknown keys are the schema's to judge.
    const reason = CSS_THEME_KEYS.includes(key) ? check(key, theme[key]) : undefined;
    if (reason === undefined) kept[key] = theme[key];
    else refused.push({ key, value: theme[key], reason });
  }
  if (!refused.length) return { settings, refused };
  return { settings: Object.assign(Object.create(null) as object, settings, { theme: kept }) as T, refused };
}
