/**
 * The command line the /results page names in its footer: `npx guidepost analyze` over the
 * events file the page was computed from, with the page's own settings (its query
 * parameters), so that pasting it into a terminal gives the same numbers. Plain text: the
 * page escapes it for HTML.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { AnalyzeSettings } from './analyze';

/** Words a POSIX shell reads as themselves: no globbing, expansion, quoting or separators. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One word for a POSIX shell (sh, bash, zsh): as it is when nothing in it is special, else in
 * single quotes, inside which only the quote itself needs care (`'` becomes `'\''`). A file
 * named `a b.ndjson` or `$(x).ndjson` is one literal argument either way.
 */
export function shellWord(word: string): string {
  return word !== '' && PLAIN_WORD.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The file as the command should name it: relative to `cwd` when it is inside it (what a
 * person typed, and what stays true when the folder moves), else absolute. A relative name
 * that starts with "-" gets "./", so that it is not read as an option.
 */
export function fileArgument(file: string, cwd: string): string {
  const absolute = resolve(cwd, file);
  const rel = relative(cwd, absolute);
  const inside = rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  if (!inside) return absolute;
  return rel.startsWith('-') ? `.${sep}${rel}` : rel;
}

const DAY_MS = 86_400_000;
const WINDOW_UNITS: [string, number][] = [['w', 7 * DAY_MS], ['d', DAY_MS], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];

/** A window as `--window` reads it: the largest unit it is a whole number of, else seconds with a decimal point. */
function windowText(ms: number): string {
  for (const [unit, size] of WINDOW_UNITS) if (ms % size === 0) return `${ms / size}${unit}`;
  // parseWindow takes digits and a decimal point, never an exponent: fixed notation, trailing zeros dropped.
  return `${(ms / 1000).toFixed(9).replace(/\.?0+$/, '')}s`;
}

/** `--name value`, or `--name=value` for a value that starts with "--" (parseArgs would take it for an option). */
const option = (name: string, value: string) => (value.startsWith('--') ? [`--${name}=${value}`] : [`--${name}`, value]);

/**
 * `npx guidepost analyze <file> [options]`: the options only where they differ from the
 * command's defaults (goal upgraded, window 28d, --mde 0.02), every word quoted for the shell.
 */
export function analyzeCommandLine(eventsFile: string, settings: Partial<AnalyzeSettings> = {}, cwd = process.cwd()): string {
  const words = ['npx', 'guidepost', 'analyze', fileArgument(eventsFile, cwd)];
  if (settings.goal !== undefined && settings.goal !== 'upgraded') words.push(...option('goal', settings.goal));
  if (settings.windowMs !== undefined && settings.windowMs !== 28 * DAY_MS) words.push(...option('window', windowText(settings.windowMs)));
  if (settings.experiment !== undefined) words.push(...option('experiment', settings.experiment));
  if (settings.control !== undefined) words.push(...option('control', settings.control));
  if (settings.weights !== undefined) words.push(...option('weights', settings.weights.join(',')));
  if (settings.mde !== undefined && settings.mde !== 0.02) words.push(...option('mde', String(settings.mde)));
  if (settings.asOfMs !== undefined) words.push(...option('as-of', new Date(settings.asOfMs).toISOString()));
  if (settings.includeInProgress) words.push('--include-in-progress');
  return words.map(shellWord).join(' ');
}
