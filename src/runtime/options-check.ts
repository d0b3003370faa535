/**
 * createGuidepost's options as given, checked before anything reads them: an option of the wrong
 * kind is reported by name and its default used, so junk (a string for onError, NaN for a bound,
 * a number for the clock) never throws into the host page, silences reports or fails later with
 * a message that names no option. (Compact: this is in every page's core.)
 */
import type { GuidepostOptions, GuidepostUser } from '../options';

/**
 * What each option must be: a `typeof`, or (for objects) the methods it is used through.
 * Numbers are bounds and timeouts: ≥ 0 (NaN is not).
 */
const KINDS: Record<string, string> = {
  onError: 'function', onEvent: 'function', now: 'function', navigate: 'function', locale: 'string', endpoint: 'string',
  targetTimeoutMs: 'number', storageTimeoutMs: 'number', maxQueuedEvents: 'number', requireConsent: 'boolean', authoring: 'boolean',
  user: '', storage: 'get set delete', transport: 'send', document: 'querySelector createElement',
};
const TYPES = ['function', 'string', 'number', 'boolean'];

const describe = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : value && typeof value === 'object' ? 'an object' : String(value));
const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** What is wrong with `value` for `kind`, or undefined. */
function kindProblem(value: unknown, kind: string): string | undefined {
  if (TYPES.includes(kind)) return typeof value === kind && !((value as number) < 0) && value === value ? undefined : kind === 'number' ? 'a number ≥ 0' : `a ${kind}`;
  if (!isRecord(value)) return 'an object';
  const missing = kind.split(' ').find((method) => method && typeof value[method] !== 'function');
  return missing && `an object with a ${missing}() method`;
}

/** Options with every bad one left out, and a sentence per bad one. */
export function checkOptions(given: unknown): { options: GuidepostOptions; problems: string[] } {
  const problems = isRecord(given) ? [] : [`createGuidepost(options): expected an object of options, found ${describe(given)}`];
  const options: Record<string, unknown> = { ...(isRecord(given) ? given : {}) };
  // new URL('/collect', location.href) is an address too.
  const endpoint = options.endpoint;
  if (isRecord(endpoint) && typeof endpoint.href === 'string') options.endpoint = endpoint.href;
  for (const name of Object.keys(KINDS)) {
    const expected = options[name] === undefined ? undefined : kindProblem(options[name], KINDS[name]);
    if (!expected) continue;
    problems.push(`option ${name}: expected ${expected}, found ${describe(options[name])}; ${name === 'onError' ? 'problems go to the console' : 'its default is used'}`);
    delete options[name];
  }
  if (options.user) options.user = checkUser(options.user, problems);
  // A misspelt option (`endpiont`) would silently do nothing (events never leave): one near a
  // known name is said. Others are left alone: a host may pass a wider config object.
  for (const name of Object.keys(options).slice(0, 50)) {
    const near = name in KINDS || name === 'manifest' ? undefined : [...Object.keys(KINDS), 'manifest'].find((known) => nearName(name.slice(0, 40), known));
    if (near) problems.push(`option ${name.slice(0, 40)}: not an option; did you mean ${near}? Ignored`);
  }
  return { options: options as unknown as GuidepostOptions, problems };
}

/**
 * Whether `a` is `b` mistyped: the same but for case, two letters swapped (or any order of the
 * same letters), or one letter added, left out or changed. (`store` is not `storage`: a host's
 * wider config object keeps its own names without a report.)
 */
function nearName(a: string, b: string): boolean {
  const letters = (name: string) => [...name.toLowerCase()].sort().join('');
  if (letters(a) === letters(b)) return true;
  let row = [...Array(b.length + 1).keys()];
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length] <= 1;
}

/**
 * The user with its ids as strings (database ids are often numbers; events carry strings, as
 * collectors check) and its traits as objects; anything else is left out and said. `null` is
 * "none": kept as an explicit undefined, so `identify({ id: null })` signs the user out.
 */
export function checkUser(user: GuidepostUser, problems: string[], where = 'option user'): GuidepostUser {
  const out: Record<string, unknown> = { ...user };
  for (const key of ['id', 'accountId', 'traits', 'accountTraits']) {
    const value = out[key];
    if (value === null) out[key] = undefined;
    const isId = key.endsWith('d');
    if (typeof value === 'number' && isId && value === value) out[key] = String(value);
    const expected = value == null ? undefined : isId ? (typeof out[key] === 'string' ? undefined : 'a string') : kindProblem(value, '');
    if (!expected) continue;
    problems.push(`${where}.${key}: expected ${expected}, found ${describe(value)}; left out`);
    delete out[key];
  }
  return out as GuidepostUser;
}
