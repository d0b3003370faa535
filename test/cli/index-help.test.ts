/** `guidepost <command> --help` (and `-h`): every subcommand lists its options and an example, exit 0. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-harness';

/** Each command, with options its help must list. */
const COMMANDS: [string, string[]][] = [
  ['validate', ['--locales', '--strict', '--json']],
  ['build', ['--out', '--strict']],
  ['check', ['--url', '--routes', '--timeout', '--chromium', '--json']],
  ['serve', ['--port', '--host', '--root', '--data']],
  ['analyze', ['--goal', '--window', '--experiment', '--json', '--print-sql']],
  ['simulate', ['--units', '--lift', '--seed', '--out']],
];

describe('guidepost <command> --help', () => {
  it.each(COMMANDS.flatMap(([command, options]) => [[command, '--help', options], [command, '-h', options]] as const))('%s %s prints its options and an example, exit 0', async (command, flag, options) => {
    const { code, out, err } = await runCli(command, flag);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(new RegExp(`^usage: guidepost ${command}`, 'i'));
    for (const option of options) expect(text).toContain(option);
    expect(text).toMatch(new RegExp(`Example:\\n  guidepost ${command} `));
  });

  it('wins over other arguments, even ones that would be a usage error', async () => {
    expect(await runCli('validate', '--help', '--no-such-option')).toMatchObject({ code: 0 });
    expect(await runCli('check', 'm.json', '-h')).toMatchObject({ code: 0 });
  });

  it('the general help points at it', async () => {
    const { code, out } = await runCli('--help');
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('guidepost <command> --help');
  });
});
