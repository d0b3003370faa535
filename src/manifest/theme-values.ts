/**
 * What each theme value must be, token by token: a colour, a length, a font-family list or a
 * box shadow. The validator's check; it starts with the hazard check of theme-hazard.ts, which
 * also runs on compiled manifests, so a compiled manifest never loses a value this accepts.
 */
import { MAX_THEME_VALUE_LENGTH, themeValueHazard } from './theme-hazard';

export { MAX_THEME_VALUE_LENGTH, themeValueHazard };
export { withoutUnsafeThemeValues, type RefusedThemeValue } from './theme-hazard';

/** The theme keys that carry CSS values, and what each must be. */
export const THEME_VALUE_KINDS = {
  accent: 'color',
  background: 'color',
  text: 'color',
  radius: 'radius',
  spacing: 'length',
  font: 'font',
  shadow: 'shadow',
} as const;

export type ThemeValueKey = keyof typeof THEME_VALUE_KINDS;

const EXPECTED = {
  color: 'a colour: "#2357d9", "rgb(35 87 217)", "hsl(…)", a colour name, "transparent" or "currentColor"',
  radius: 'one to four lengths such as "8px" or "8px 8px 0 0"',
  length: 'a length such as "12px", "0.75rem", "1em", "50%", "2vh" or "0"',
  font: 'a list of font names such as "Inter, \'Segoe UI\', sans-serif"',
  shadow: 'a box shadow such as "0 8px 24px rgba(0,0,0,.18)", or "none"',
} as const;

/** Text that would make CSS fetch, run or escape, with the reason shown to writers (the hazard check refuses all of it too, with a terser reason). */
const FORBIDDEN: [RegExp, string][] = [
  [/url\s*\(|image-set\s*\(|image\s*\(|expression\s*\(|element\s*\(|src\s*\(/i, 'it would make the browser fetch from elsewhere'],
  [/@/, '"@" (as in @import) is not allowed'],
  [/var\s*\(|env\s*\(|attr\s*\(/i, 'references to other values are not allowed'],
  [/[;{}]/, '";", "{" and "}" would end the declaration'],
  [/\\/, 'CSS escapes ("\\") are not allowed'],
  [/\/\*|\*\//, 'CSS comments are not allowed'],
  [/[<>!]/, '"<", ">" and "!" are not allowed'],
];

type Token =
  | { t: 'hash'; text: string }
  | { t: 'number'; value: number; unit: string }
  | { t: 'word'; text: string }
  | { t: 'string'; text: string }
  | { t: 'func'; name: string; args: string }
  | { t: 'comma' }
  | { t: 'slash' };

/** One token at `lastIndex` each; every pattern is linear (no nested quantifiers). */
const TOKEN = /\s*(?:(#[0-9a-fA-F]+)|([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)([a-zA-Z%]*)|(-?[a-zA-Z_][\w-]*)\(([^()]*)\)|(-?[a-zA-Z_][\w-]*)|"([^"'\\\n\r\f]*)"|'([^"'\\\n\r\f]*)'|(,)|(\/))\s*/y;

function tokenize(value: string): Token[] | undefined {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < value.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(value);
    if (!m || TOKEN.lastIndex === at) return undefined;
    if (m[1]) tokens.push({ t: 'hash', text: m[1] });
    else if (m[2]) tokens.push({ t: 'number', value: Number(m[2]), unit: m[3].toLowerCase() });
    else if (m[4]) tokens.push({ t: 'func', name: m[4].toLowerCase(), args: m[5] });
    else if (m[6]) tokens.push({ t: 'word', text: m[6] });
    else if (m[7] !== undefined || m[8] !== undefined) tokens.push({ t: 'string', text: m[7] ?? m[8] });
    else if (m[9]) tokens.push({ t: 'comma' });
    else tokens.push({ t: 'slash' });
  }
  return tokens;
}

const LENGTH_UNITS = ['px', 'rem', 'em', '%', 'vh', 'vw', 'vmin', 'vmax', 'ch', 'ex', 'pt', 'lh'];
const isLength = (t: Token | undefined) => t?.t === 'number' && (LENGTH_UNITS.includes(t.unit) || (t.unit === '' && t.value === 0));

/** The arguments of rgb()/hsl(): three or four numbers (%, deg allowed) separated by commas, spaces or "/". */
const COLOR_ARGS = /^\s*[-+.\w%]+(?:\s*[,/]\s*[-+.\w%]+|\s+[-+.\w%]+){2,3}\s*$/;
const ANGLE_OR_PERCENT = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?(?:%|deg|rad|grad|turn)?$/i;

function isColor(t: Token | undefined): boolean {
  if (!t) return false;
  if (t.t === 'hash') return [4, 5, 7, 9].includes(t.text.length);
  // Colour names ("rebeccapurple"), "transparent", "currentColor": letters only, so nothing else can hide in one.
  if (t.t === 'word') return /^[a-zA-Z]{3,30}$/.test(t.text);
  if (t.t !== 'func' || !['rgb', 'rgba', 'hsl', 'hsla'].includes(t.name) || !COLOR_ARGS.test(t.args)) return false;
  return t.args.trim().split(/\s*[,/]\s*|\s+/).every((part) => ANGLE_OR_PERCENT.test(part));
}

const isFamily = (tokens: Token[]) =>
  (tokens.length === 1 && tokens[0].t === 'string' && tokens[0].text.trim() !== '') ||
  (tokens.length > 0 && tokens.every((t) => t.t === 'word'));

/** Splits on commas; an empty part (",," or a trailing comma) makes the whole list invalid. */
function commaParts(tokens: Token[]): Token[][] | undefined {
  const parts: Token[][] = [[]];
  for (const t of tokens) {
    if (t.t === 'comma') parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  return parts.every((p) => p.length > 0) ? parts : undefined;
}

function isShadow(tokens: Token[]): boolean {
  const lengths = tokens.filter(isLength).length;
  const colors = tokens.filter((t) => !isLength(t) && !(t.t === 'word' && t.text.toLowerCase() === 'inset') && isColor(t)).length;
  const insets = tokens.filter((t) => t.t === 'word' && t.text.toLowerCase() === 'inset').length;
  return lengths >= 2 && lengths <= 4 && colors <= 1 && insets <= 1 && lengths + colors + insets === tokens.length;
}

function matchesKind(kind: (typeof THEME_VALUE_KINDS)[ThemeValueKey], tokens: Token[]): boolean {
  switch (kind) {
    case 'color':
      return tokens.length === 1 && isColor(tokens[0]);
    case 'length':
      return tokens.length === 1 && isLength(tokens[0]);
    case 'radius': {
      // "8px", "8px 4px", "8px / 4px": up to four lengths on each side of one optional "/".
      const slash = tokens.findIndex((t) => t.t === 'slash');
      const sides = slash < 0 ? [tokens] : [tokens.slice(0, slash), tokens.slice(slash + 1)];
      return sides.every((side) => side.length >= 1 && side.length <= 4 && side.every(isLength));
    }
    case 'font':
      return commaParts(tokens)?.every(isFamily) ?? false;
    case 'shadow':
      if (tokens.length === 1 && tokens[0].t === 'word' && tokens[0].text.toLowerCase() === 'none') return true;
      return commaParts(tokens)?.every(isShadow) ?? false;
  }
}

/**
 * Why `value` may not be used for the theme key `key`, in words for a writer; undefined when
 * it may. Unknown keys are not judged here (the schema refuses them).
 */
export function themeValueProblem(key: string, value: unknown): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(THEME_VALUE_KINDS, key)) return undefined;
  const kind = THEME_VALUE_KINDS[key as ThemeValueKey];
  for (const [pattern, reason] of FORBIDDEN) {
    if (typeof value === 'string' && pattern.test(value)) return `${reason}; expected ${EXPECTED[kind]}`;
  }
  const hazard = themeValueHazard(value);
  if (hazard !== undefined) return `${hazard}; expected ${EXPECTED[kind]}`;
  const tokens = tokenize(value as string);
  if (!tokens || tokens.length === 0 || !matchesKind(kind, tokens)) return `expected ${EXPECTED[kind]}`;
  return undefined;
}

