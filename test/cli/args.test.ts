/**
 * src/cli/args.ts: the one argument parser every command uses. Positional arguments keep their
 * order, `--key value` and `--key=value` mean the same, boolean flags take no value, and anything
 * unknown or incomplete is a UsageError naming the option (main turns it into exit 2 + usage).
 */
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/cli/args';
import { runCli } from '../support/cli-harness';

const VALUE = ['goal', 'window', 'out'] as const;
const BOOLEAN = ['json', 'strict'] as const;
const parse = (...argv: string[]) => parseArgs(argv, VALUE, BOOLEAN);

/** The UsageError `fn` throws (fails the test when it throws nothing or something else). */
function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError, nothing was thrown');
}

describe('parseArgs: what it accepts', () => {
  it('returns nothing for no arguments', () => {
    expect(parse()).toEqual({ positional: [], flags: {} });
  });

  it('keeps positional arguments in order, wherever the flags are', () => {
    expect(parse('a.json', '--json', 'b.json', '--goal', 'upgraded', 'c.json')).toEqual({
      positional: ['a.json', 'b.json', 'c.json'],
      flags: { json: true, goal: 'upgraded' },
    });
  });

  it('reads --key value and --key=value the same way', () => {
    expect(parse('--goal', 'upgraded')).toEqual(parse('--goal=upgraded'));
    expect(parse('--goal=upgraded').flags).toEqual({ goal: 'upgraded' });
  });

  it('splits --key=value at the first "=" only, and keeps newlines and spaces of the value', () => {
    expect(parse('--goal=a=b=c').flags.goal).toBe('a=b=c');
    expect(parse('--goal=line 1\nline 2').flags.goal).toBe('line 1\nline 2');
    expect(parse('--goal', '  padded  ').flags.goal).toBe('  padded  ');
  });

  it('takes a value starting with a single dash (a negative number, "-" for stdin)', () => {
    expect(parse('--goal', '-0.05').flags.goal).toBe('-0.05');
    expect(parse('--out', '-').flags.out).toBe('-');
  });

  it('treats single-dash words and a lone "-" as positional arguments', () => {
    expect(parse('-', '-x').positional).toEqual(['-', '-x']);
  });

  it('sets boolean flags to true, however often they are given', () => {
    expect(parse('--json').flags).toEqual({ json: true });
    expect(parse('--json', '--json', '--strict').flags).toEqual({ json: true, strict: true });
  });

  it('keeps the last value of a repeated value flag', () => {
    expect(parse('--goal', 'first', '--goal=second').flags.goal).toBe('second');
  });

  it('takes an explicitly empty value from --key=', () => {
    expect(parse('--out=').flags.out).toBe('');
  });

  it('never consumes the value of a boolean flag as a positional argument, or a positional as a value', () => {
    expect(parse('--json', 'file.ndjson')).toEqual({ positional: ['file.ndjson'], flags: { json: true } });
    expect(parse('--goal', 'x', 'file.ndjson')).toEqual({ positional: ['file.ndjson'], flags: { goal: 'x' } });
  });
});

describe('parseArgs: what it refuses', () => {
  it('refuses an unknown option, naming it', () => {
    expect(usageError(() => parse('--bogus')).message).toBe('unknown option --bogus');
    expect(usageError(() => parse('file', '--Goal', 'x')).message).toBe('unknown option --Goal');
  });

  it('names an unknown option without echoing its inline value', () => {
    const error = usageError(() => parse('--token=s3cr3t'));
    expect(error.message).toBe('unknown option --token');
    expect(error.message).not.toContain('s3cr3t');
  });

  it('refuses a value flag at the end of the line, naming it', () => {
    expect(usageError(() => parse('file', '--goal')).message).toBe('--goal needs a value');
  });

  it('refuses a value flag followed by another option instead of taking it as the value', () => {
    expect(usageError(() => parse('--goal', '--json')).message).toBe('--goal needs a value');
    expect(usageError(() => parse('--out', '--goal', 'x')).message).toBe('--out needs a value');
  });

  it('refuses prototype names as options and leaves Object.prototype alone', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(usageError(() => parse(`--${name}`, 'x')).message).toBe(`unknown option --${name}`);
      expect(usageError(() => parse(`--${name}=x`)).message).toBe(`unknown option --${name}`);
    }
    expect(Object.getPrototypeOf(parse('--json').flags)).toBe(Object.prototype);
  });

  it('is an Error a caller can tell apart from other failures', () => {
    const error = usageError(() => parse('--nope'));
    expect(error).toBeInstanceOf(Error);
    expect(error.stack).toContain('unknown option --nope');
  });
});

describe('parseArgs through main: exit 2, the reason and the command usage', () => {
  it.each([
    [['validate', 'm.json', '--bogus'], 'unknown option --bogus', 'usage: guidepost validate'],
    [['validate', 'm.json', '--locales'], '--locales needs a value', 'usage: guidepost validate'],
    [['build', 'm.json', '--out'], '--out needs a value', 'usage: guidepost build'],
    [['build', 'm.json', '--out', '--strict'], '--out needs a value', 'usage: guidepost build'],
    [['analyze', '--goal=x', '--bogus=1'], 'unknown option --bogus', 'Usage: guidepost analyze'],
    [['simulate', '--units'], '--units needs a value', 'Usage: guidepost simulate'],
    [['serve', '--port'], '--port needs a value', 'usage: guidepost serve'],
    [['check', 'm.json', '--url'], '--url needs a value', 'usage: guidepost check'],
  ])('%j', async (argv, reason, usage) => {
    const { code, out, err } = await runCli(...argv);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    const [first, second] = err[0].split('\n');
    expect(first).toBe(`guidepost: ${reason}`);
    expect(second.startsWith(usage)).toBe(true);
  });
});

describe('parseArgs: a boolean flag given a value (--strict=false) is refused, not turned on', () => {
  it('refuses --json=false instead of reading it as --json', () => {
    expect(usageError(() => parse('--json=false')).message).toBe('--json takes no value');
    expect(usageError(() => parse('--json=')).message).toBe('--json takes no value');
  });

  it('refuses --strict=0 instead of reading it as --strict', () => {
    expect(usageError(() => parse('--strict=0')).message).toMatch(/--strict/);
  });
});

describe('parseArgs: an explicit --key=value takes a value starting with "--"', () => {
  it('takes the explicit --goal=--weird as the goal "--weird"', () => {
    expect(parse('--goal=--weird').flags.goal).toBe('--weird');
    expect(parse('--goal=--').flags.goal).toBe('--');
  });
});

describe('parseArgs: a bare "--" ends the options', () => {
  it('takes everything after "--" as positional, options and "--" included', () => {
    expect(parse('a', '--json', '--', '--goal', 'x', '--', '-')).toEqual({ positional: ['a', '--goal', 'x', '--', '-'], flags: { json: true } });
    expect(parse('--')).toEqual({ positional: [], flags: {} });
  });

  it('is still refused as the value of a value flag', () => {
    expect(usageError(() => parse('--goal', '--', 'x')).message).toBe('--goal needs a value');
  });
});
