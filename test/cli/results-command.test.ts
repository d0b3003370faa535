/**
 * src/cli/results-command.ts: the `guidepost analyze` command line the /results footer names.
 * It must name the events file the page was computed from (relative inside the working
 * directory), carry the page's settings, and survive a real POSIX shell word for word: each
 * command is handed to /bin/sh, which prints the arguments it parsed.
 */
import { execFileSync } from 'node:child_process';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args';
import { analyzeCommandLine, fileArgument, shellWord } from '../../src/cli/results-command';

/** The words /bin/sh reads from `command` (no command is run: printf prints them, NUL-separated). */
const shellWords = (command: string) => execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${command}`], { encoding: 'utf8' }).split('\0').slice(0, -1);

describe('shellWord', () => {
  it('leaves plain words alone and single-quotes the rest', () => {
    expect(shellWord('data/events.ndjson')).toBe('data/events.ndjson');
    expect(shellWord('--goal')).toBe('--goal');
    expect(shellWord('my events.ndjson')).toBe("'my events.ndjson'");
    expect(shellWord("o'brien.ndjson")).toBe("'o'\\''brien.ndjson'");
    expect(shellWord('')).toBe("''");
  });

  it.each(['my events.ndjson', "o'brien.ndjson", '$(touch pwned).ndjson', '`id`.ndjson', 'a;b&c|d>e<f', 'events-*.ndjson', '~/x', 'tab\there', 'new\nline', '"quoted"', 'back\\slash', '!bang', '#hash', '{a,b}', ''])(
    '%j reaches the shell as exactly one word, unchanged',
    (word) => {
      expect(shellWords(shellWord(word))).toEqual([word]);
    },
  );
});

describe('fileArgument', () => {
  const cwd = join(sep, 'home', 'ana', 'app');

  it('is relative to the working directory when the file is inside it, else absolute', () => {
    expect(fileArgument(join(cwd, 'data', 'events.ndjson'), cwd)).toBe(join('data', 'events.ndjson'));
    expect(fileArgument(join(cwd, 'var', 'collected', 'events.ndjson'), cwd)).toBe(join('var', 'collected', 'events.ndjson'));
    expect(fileArgument(join(sep, 'srv', 'data', 'events.ndjson'), cwd)).toBe(join(sep, 'srv', 'data', 'events.ndjson'));
    // A sibling whose name starts like the working directory is outside it.
    expect(fileArgument(join(sep, 'home', 'ana', 'app-old', 'events.ndjson'), cwd)).toBe(join(sep, 'home', 'ana', 'app-old', 'events.ndjson'));
    expect(fileArgument('data/events.ndjson', cwd)).toBe(join('data', 'events.ndjson'));
  });

  it('gives a relative name that starts with "-" a "./", so it is not read as an option', () => {
    expect(fileArgument(join(cwd, '--json'), cwd)).toBe(`.${sep}--json`);
    expect(fileArgument(join(cwd, '-'), cwd)).toBe(`.${sep}-`);
  });
});

describe('analyzeCommandLine', () => {
  const cwd = join(sep, 'home', 'ana', 'app');

  it('names the events file, not a fixed data/events.ndjson', () => {
    expect(analyzeCommandLine(join(cwd, 'data', 'events.ndjson'), {}, cwd)).toBe('npx guidepost analyze data/events.ndjson');
    expect(analyzeCommandLine(join(cwd, 'collected', 'events.ndjson'), {}, cwd)).toBe('npx guidepost analyze collected/events.ndjson');
    expect(analyzeCommandLine('/var/lib/guidepost/events.ndjson', {}, cwd)).toBe('npx guidepost analyze /var/lib/guidepost/events.ndjson');
  });

  it('quotes a file with spaces or shell metacharacters so the shell passes it whole', () => {
    const file = join(cwd, "my data $(rm -rf ~)'s", 'events.ndjson');
    const command = analyzeCommandLine(file, {}, cwd);
    expect(shellWords(command)).toEqual(['npx', 'guidepost', 'analyze', join("my data $(rm -rf ~)'s", 'events.ndjson')]);
  });

  it('leaves out the defaults and carries every other setting of the page, as analyze parses them', () => {
    expect(analyzeCommandLine(join(cwd, 'e.ndjson'), { goal: 'upgraded', windowMs: 28 * 86_400_000, mde: 0.02 }, cwd)).toBe('npx guidepost analyze e.ndjson');
    const settings = {
      goal: 'paid plan', windowMs: 36 * 3_600_000, experiment: "it's", control: '--holdout', weights: [0.3, 0.7], mde: 0.05,
      asOfMs: Date.parse('2026-03-01T00:00:00Z'), includeInProgress: true,
    };
    const words = shellWords(analyzeCommandLine(join(cwd, 'e.ndjson'), settings, cwd));
    expect(words.slice(0, 3)).toEqual(['npx', 'guidepost', 'analyze']);
    const { positional, flags } = parseArgs(words.slice(3), ['goal', 'window', 'experiment', 'control', 'weights', 'mde', 'as-of'], ['include-in-progress']);
    expect(positional).toEqual(['e.ndjson']);
    expect(flags).toEqual({ goal: 'paid plan', window: '36h', experiment: "it's", control: '--holdout', weights: '0.3,0.7', mde: '0.05', 'as-of': '2026-03-01T00:00:00.000Z', 'include-in-progress': true });
  });

  it('writes a window in the largest whole unit, and a fraction of a second without an exponent', () => {
    const window = (windowMs: number) => parseArgs(shellWords(analyzeCommandLine('e.ndjson', { windowMs }, cwd)).slice(3), ['window'], []).flags.window;
    expect(window(14 * 86_400_000)).toBe('2w');
    expect(window(3 * 86_400_000)).toBe('3d');
    expect(window(90_000)).toBe('90s');
    expect(window(1500.5)).toBe('1.5005s');
  });
});
