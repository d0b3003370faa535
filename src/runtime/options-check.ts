/**
 * createGuidepost's options as given, checked before anything reads them: an option of the wrong
 * kind is reported by name and its default used, so junk (a string for onError, NaN for a bound,
 * a number for the clock) never throws into the host page, silences reports or fails later with
 * a message that names no option.
 */
import type { GuidepostOptions, GuidepostUser } from '../options';

type Kind = 'function' | 'string' | 'number' | 'boolean' | 'object';

/** What each option must be; objects are checked one level deeper below. */
const KINDS: [keyof GuidepostOptions, Kind][] = [
  ['onError', 'function'], ['onEvent', 'function'], ['now', 'function'], ['navigate', 'function'],
  ['locale', 'string'], ['endpoint', 'string'],
  ['targetTimeoutMs', 'number'], ['storageTimeoutMs', 'number'], ['maxQueuedEvents', 'number'],
  ['requireConsent', 'boolean'], ['authoring', 'boolean'],
  ['user', 'object'], ['storage', 'object'], ['transport', 'object'], ['document', 'object'],
];

/** The methods an object option is used through. */
const METHODS: Partial<Record<keyof GuidepostOptions, string[]>> = { storage: ['get', 'set'], transport: ['send'], document: ['querySelector', 'createElement'] };

const describe = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : String(value));

const fits = (value: unknown, kind: Kind) =>
  typeof value === kind && (kind !== 'number' || (value as number) >= 0) && (kind !== 'object' || (value !== null && !Array.isArray(value)));

/** Options with every bad one left out, and a sentence per bad one. */
export function checkOptions(given: unknown): { options: GuidepostOptions; problems: string[] } {
  const problems: string[] = [];
  if (!fits(given, 'object')) problems.push(`createGuidepost(options): expected an object of options, found ${describe(given)}`);
  const options = { ...(fits(given, 'object') ? (given as GuidepostOptions) : {}) } as GuidepostOptions & Record<string, unknown>;
  for (const [name, kind] of KINDS) {
    const value = options[name] as Record<string, unknown> | undefined;
    if (value === undefined) continue;
    const missing = fits(value, kind) ? METHODS[name]?.find((method) => typeof value[method] !== 'function') : '';
    if (missing === undefined) continue;
    problems.push(`option ${name}: expected ${missing ? `an object with a ${missing}() method` : kind === 'number' ? 'a number ≥ 0' : `a ${kind}`}, found ${describe(value)}; ${name === 'onError' ? 'problems go to the console' : 'its default is used'}`);
    delete options[name];
  }
  if (options.user) options.user = checkUser(options.user, problems);
  return { options, problems };
}

/**
 * The user with its ids as strings (database ids are often numbers; events carry strings, as
 * collectors check) and its traits as objects; anything else is left out and said.
 */
export function checkUser(user: GuidepostUser, problems: string[], where = 'option user'): GuidepostUser {
  const out = { ...user } as Record<string, unknown>;
  for (const key of ['id', 'accountId'] as const) {
    const value = out[key];
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = String(value);
    else if (value !== undefined && typeof value !== 'string') {
      problems.push(`${where}.${key}: expected a string, found ${describe(value)}; left out`);
      delete out[key];
    }
  }
  for (const key of ['traits', 'accountTraits'] as const) {
    if (out[key] !== undefined && !fits(out[key], 'object')) {
      problems.push(`${where}.${key}: expected an object, found ${describe(out[key])}; left out`);
      delete out[key];
    }
  }
  return out as GuidepostUser;
}
