/**
 * src/cli/index.ts: `main` dispatches a command and returns its exit code — 0 done, 1 failure,
 * 2 usage error — with a message naming what was wrong and the command's usage. The `serve`
 * command is run in-process: its checks on --port, --host and --author, its banner, and a
 * clean stop on Ctrl+C. (Each command's --help is in test/cli/index-help.test.ts.)
 */
import { writeFile } from 'node:fs/promises';
import { createServer as createNetServer, connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index';
import { SDK_VERSION } from '../../src/version';
import { runCli, useTempDir } from '../support/cli-harness';

const tempDir = useTempDir('guidepost-cli-index-');

afterEach(() => {
  vi.unstubAllEnvs();
});

// A `serve` that does not stop (a failing test) would leave its signal listeners behind: remove
// the ones this file added, so the worker process still ends on SIGTERM.
const signalListeners = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
afterAll(() => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) if (!signalListeners[signal].includes(listener)) process.removeListener(signal, listener);
  }
});

const SERVE_USAGE = 'usage: guidepost serve [--port 4173] [--host 127.0.0.1] [--root <folder>] [--data <folder>] [--author <manifest.json>]';

/** Runs `serve` in-process until its banner is out; `stop()` sends Ctrl+C and returns the exit code. */
async function serve(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const done = main(['serve', '--port', '0', '--data', join(tempDir(), 'data'), ...argv], (line) => out.push(line), (line) => err.push(line));
  let finished = false;
  void done.then(() => (finished = true));
  await vi.waitFor(() => expect(out.some((line) => line.startsWith('Press Ctrl+C')) || finished).toBe(true));
  const url = /(http:\/\/\S+\/)$/.exec(out[0] ?? '')?.[1];
  return {
    out,
    err,
    url,
    done,
    stop: async () => {
      process.emit('SIGINT');
      return done;
    },
  };
}

/** Whether something accepts connections on the port. */
const accepting = (port: number) =>
  new Promise<boolean>((ok) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.on('error', () => ok(false));
  });

describe('main: help and version', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']]])('%j prints the general help, exit 0', async (argv) => {
    const { code, out, err } = await runCli(...argv);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out).toHaveLength(1);
    expect(out[0].startsWith(`guidepost ${SDK_VERSION} — `)).toBe(true);
    for (const command of ['validate', 'build', 'check', 'serve', 'analyze', 'simulate']) expect(out[0]).toContain(`  guidepost ${command} `);
  });

  it('--version prints the version alone', async () => {
    expect(await runCli('--version')).toEqual({ code: 0, out: [SDK_VERSION], err: [] });
  });

  it('prints to the out and err it is given, not to the console', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await runCli('--version');
      await runCli('nope');
      expect(log).not.toHaveBeenCalled();
      expect(error).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});

describe('main: errors', () => {
  it('names an unknown command and points at the help, exit 2', async () => {
    expect(await runCli('frobnicate', '--x')).toEqual({ code: 2, out: [], err: ['guidepost: unknown command "frobnicate"\nrun "guidepost --help" for usage'] });
  });

  it('does not take an option for a command', async () => {
    expect(await runCli('--json')).toMatchObject({ code: 2, err: ['guidepost: unknown command "--json"\nrun "guidepost --help" for usage'] });
  });

  it('ends a usage error with that command\'s usage line', async () => {
    const { code, err } = await runCli('validate');
    expect(code).toBe(2);
    expect(err).toEqual(['guidepost: validate needs at least one manifest file\nusage: guidepost validate <manifest.json...> [--locales es,zh-CN] [--strict] [--json]']);
  });

  it('reports any other failure as exit 1 with its message and no usage', async () => {
    const events = join(tempDir(), 'events.ndjson');
    await writeFile(events, '');
    const missing = join(tempDir(), 'missing-manifest.json');
    const { code, err } = await runCli('analyze', events, '--manifest', missing);
    expect(code).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0].startsWith('guidepost: ')).toBe(true);
    expect(err[0]).toContain(missing);
    expect(err[0]).not.toContain('usage:');
  });
});

describe('main serve: usage errors (exit 2, before listening)', () => {
  it.each([
    [['--port', 'abc'], '--port must be a port number, found abc'],
    [['--port', '65536'], '--port must be a port number, found 65536'],
    [['--port', '-1'], '--port must be a port number, found -1'],
    [['--port', '80.5'], '--port must be a port number, found 80.5'],
    [['--bogus'], 'unknown option --bogus'],
    [['--root'], '--root needs a value'],
    [['extra-positional', '--port', 'x'], '--port must be a port number, found x'],
  ])('%j', async (argv, message) => {
    expect(await runCli('serve', ...argv)).toEqual({ code: 2, out: [], err: [`guidepost: ${message}\n${SERVE_USAGE}`] });
  });

  it('refuses --author with another --host, naming the host', async () => {
    const manifest = join(tempDir(), 'author.json');
    await writeFile(manifest, '{}');
    const { code, err } = await runCli('serve', '--author', manifest, '--host', '0.0.0.0');
    expect(code).toBe(2);
    expect(err[0].split('\n')[0]).toBe('guidepost: --author writes files, so the server listens on 127.0.0.1 only; remove --host 0.0.0.0');
  });

  it('refuses an --author file that does not exist, naming its full path', async () => {
    const missing = join(tempDir(), 'nope', 'manifest.json');
    const { code, err } = await runCli('serve', '--author', missing);
    expect(code).toBe(2);
    expect(err[0].split('\n')[0]).toBe(`guidepost: --author: ${missing} does not exist (name the manifest file the page loads)`);
  });

  it('reports a port in use as exit 1 naming the address', async () => {
    const blocker = createNetServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, out, err } = await runCli('serve', '--port', String(port), '--data', join(tempDir(), 'data'));
      expect(code).toBe(1);
      expect(out).toEqual([]);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(new RegExp(`^guidepost: listen EADDRINUSE.*127\\.0\\.0\\.1:${port}`));
    } finally {
      await new Promise<void>((ok) => blocker.close(() => ok()));
    }
  });
});

describe('main serve: running', () => {
  it('prints where everything is, serves until Ctrl+C, then exits 0 and stops listening', async () => {
    const root = join(tempDir(), 'app');
    const manifest = join(root, 'manifest.json');
    await import('node:fs/promises').then((fs) => fs.mkdir(root, { recursive: true }));
    await writeFile(join(root, 'index.html'), '<title>app</title>');
    await writeFile(manifest, '{}');
    const running = await serve('--root', root, '--author', manifest);
    expect(running.err).toEqual([]);
    const url = /at (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(running.out[0])![1];
    expect(running.out).toEqual([
      `Serving ${root} at ${url}`,
      expect.stringMatching(new RegExp(`^Guidepost SDK: +${url}dist/guidepost\\.iife\\.js`)),
      `Event collector:     POST ${url}collect`,
      `Experiment results:  ${url}results`,
      `Events are written to ${join(tempDir(), 'data', 'events.ndjson')}`,
      `Authoring:           ${url}?guidepost_author=1 — "Save to file" writes ${manifest} (previous version in ${manifest}.bak)`,
      'Press Ctrl+C to stop.',
    ]);
    const port = Number(new URL(url).port);
    expect(await (await fetch(url)).text()).toBe('<title>app</title>');
    expect(await running.stop()).toBe(0);
    expect(await accepting(port)).toBe(false);
  });
});

describe('"guidepost <prototype key>" is an unknown command, not an Object.prototype member', () => {
  // The usage lookup reads own properties only: an inherited one would print "[object Object]"
  // for "__proto__" and "function Object() { [native code] }" for "constructor".
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('guidepost %s: unknown command and the pointer to --help', async (command) => {
    expect(await runCli(command)).toEqual({ code: 2, out: [], err: [`guidepost: unknown command "${command}"\nrun "guidepost --help" for usage`] });
  });
});

describe('serve names $PORT and its value when it is bad, and refuses an empty --port=', () => {
  it('names $PORT and its value when the port comes from the environment', async () => {
    vi.stubEnv('PORT', 'abc');
    const { code, err } = await runCli('serve');
    expect(code).toBe(2);
    expect(err[0].split('\n')[0]).toContain('abc');
    expect(err[0].split('\n')[0]).toBe('guidepost: $PORT must be a port number, found abc');
  });

  it.each([' 80', '80 ', '0x50', '1e3', '+80', '65536', '99999999999'])('refuses the port text %j, from --port or $PORT', async (text) => {
    expect((await runCli('serve', `--port=${text}`)).err[0].split('\n')[0]).toBe(`guidepost: --port must be a port number, found ${text}`);
    vi.stubEnv('PORT', text);
    expect((await runCli('serve')).err[0].split('\n')[0]).toBe(`guidepost: $PORT must be a port number, found ${text}`);
  });

  it('takes --port over $PORT, so a bad $PORT does not matter then', async () => {
    vi.stubEnv('PORT', 'abc');
    const running = await serve('--root', tempDir());
    expect(running.err).toEqual([]);
    expect(await running.stop()).toBe(0);
  });

  it('refuses an empty --port= instead of listening on a random port', async () => {
    // serve() passes --port 0 first; the later --port= wins (last value of a repeated flag).
    const running = await serve('--root', tempDir(), '--port=');
    const listening = running.out.some((line) => line.startsWith('Press Ctrl+C'));
    const code = listening ? await running.stop() : await running.done;
    expect(listening).toBe(false);
    expect(code).toBe(2);
    expect(running.err[0]?.split('\n')[0]).toBe('guidepost: --port must be a port number, found ');
  });
});

describe('serve removes its process signal listeners once it stops', () => {
  // serveCommand listens for SIGINT and SIGTERM; whichever fires, the other must go too, or it
  // would stay registered for the life of the process (and close the closed server again).
  it('removes both SIGINT and SIGTERM listeners once stopped', async () => {
    const before = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') };
    const running = await serve('--root', tempDir());
    expect(process.listenerCount('SIGINT')).toBe(before.SIGINT + 1);
    expect(await running.stop()).toBe(0);
    expect({ SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') }).toEqual(before);
  });

  it('stops on SIGTERM too, and then removes both listeners', async () => {
    const before = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') };
    const running = await serve('--root', tempDir());
    expect(process.listenerCount('SIGTERM')).toBe(before.SIGTERM + 1);
    process.emit('SIGTERM');
    expect(await running.done).toBe(0);
    expect({ SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') }).toEqual(before);
  });
});

describe('analyze: --table with the duckdb --print-sql script', () => {
  it('is a usage error: the duckdb script reads the files, a table name would be ignored', async () => {
    for (const argv of [['--print-sql', '--table', 'events'], ['--print-sql', '--dialect', 'duckdb', '--table', 'x', 'e.ndjson']]) {
      const { code, out, err } = await runCli('analyze', ...argv);
      expect(code).toBe(2);
      expect(out).toEqual([]);
      expect(err[0].split('\n')[0]).toBe('guidepost: --table names a warehouse table: with --print-sql it goes with --dialect bigquery or clickhouse (the duckdb script reads the files given)');
    }
  });
});
