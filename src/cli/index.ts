/** The `guidepost` command line. `main` returns the exit code: 0 ok, 1 failure, 2 usage error. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeCommand, ANALYZE_USAGE } from './analyze';
import { parseArgs, UsageError } from './args';
import { PACKAGE_ROOT, startServer } from './serve';
import { simulateCommand, SIMULATE_USAGE } from './simulate';
import { validateCommand, VALIDATE_HELP, VALIDATE_USAGE } from './validate';
import { buildCommand, BUILD_HELP, BUILD_USAGE } from './build';
import { checkCommand, CHECK_USAGE } from './check';
import { SDK_VERSION } from '../version';

const HELP = `guidepost ${SDK_VERSION} — in-product help from a JSON manifest

Usage:
  guidepost validate <manifest.json...> [--locales es,zh-CN] [--strict] [--json]
      Check manifests; exit 0 valid, 1 invalid (--strict: or any warning), 2 usage error.
  guidepost build <manifest.json> --out <compiled.json> [--strict]
      Validate at build time and write the compiled manifest to serve: the SDK then skips its
      validator (not downloaded by the ESM build). Items with errors are left out; exit 1 if any.
  guidepost check <manifest.json> --url <app URL> [--routes /a,/b] [--json] [--timeout ms] [--chromium <path>]
      Open the app in headless Chromium and check every target still resolves and is visible;
      exit 0 all resolve (warnings allowed), 1 an anchor is broken, 2 usage error. See docs/anchors.md.
  guidepost serve [--port 4173] [--host 127.0.0.1] [--root <folder>] [--data <folder>] [--author <manifest.json>]
      Serve the demo (or --root) with the built SDK and the event collector (POST /collect);
      experiment results at /results (needs @duckdb/node-api); with --author, the authoring
      panel's "Save to file" writes that manifest (validated, with a .bak). See docs/authoring.md.
  guidepost analyze <events.ndjson...> [--experiment key] [--goal upgraded] [--window 28d] [--json]
                    [--mde 0.02] [--control variation] [--weights 0.5,0.5] [--manifest file]
                    [--print-sql [--dialect duckdb|bigquery|clickhouse] [--table name]]
      Did the help work? Conversion per arm, lift with 95% intervals, p-value, sample-ratio check,
      tour funnels and "Was this helpful?" answers. Needs @duckdb/node-api.
  guidepost simulate [--units 20000] [--lift 0.09] [--seed 1] [--out file] [--srm 0.52]
                     [--unit user|account] [--null]
      Write a realistic event log with a known effect (NDJSON), e.g. to try analyze.
  guidepost --help | --version
  guidepost <command> --help
      The options of one command, with an example.
`;

const SERVE_USAGE = 'usage: guidepost serve [--port 4173] [--host 127.0.0.1] [--root <folder>] [--data <folder>] [--author <manifest.json>]';

/** `guidepost <command> --help` (or `-h`): each command's options and an example. */
const COMMAND_HELP: Record<string, string> = {
  validate: VALIDATE_HELP,
  build: BUILD_HELP,
  check: `${CHECK_USAGE}

Opens the app in headless Chromium and checks that every target of the manifest resolves and
is visible on the routes where it shows (after validating the manifest as "validate" does).

Options:
  --url <URL>          address of the running app (required), e.g. http://127.0.0.1:4173/
  --routes </a,/b>     more paths to visit, besides the routes the manifest names
  --timeout <ms>       how long to wait for a page and its targets (default 10000)
  --chromium <path>    the Chromium (or Chrome) to run; default $CHROMIUM_PATH, else a system one
  --json               machine-readable report
  -h, --help           show this help

Exit codes: 0 every target resolves (warnings allowed), 1 an anchor is broken or the
manifest is invalid, 2 usage error. See docs/anchors.md.

Example:
  guidepost check help/manifest.json --url http://127.0.0.1:4173/ --routes /reports,/billing`,
  serve: `${SERVE_USAGE}

Serves the demo (or --root) with the built SDK and the event collector (POST /collect), and
experiment results at /results (needs @duckdb/node-api).

Options:
  --port <n>               port to listen on (default $PORT, else 4173; 0 picks a free port)
  --host <name>            interface to listen on (default 127.0.0.1)
  --root <folder>          folder to serve instead of the demo
  --data <folder>          where collected events are written (default ./data)
  --author <manifest.json> let the authoring panel (?guidepost_author=1) save to this file: it is
                           validated first, the previous version is kept as <file>.bak, and only
                           the lines that changed are rewritten. 127.0.0.1 only.
  -h, --help               show this help

Example:
  guidepost serve --port 8080 --root ./public
  guidepost serve --root ./public --author ./public/help/manifest.json`,
  analyze: `${ANALYZE_USAGE}

Example:
  guidepost analyze data/events.ndjson --experiment help-links-holdout --goal upgraded --window 28d`,
  simulate: `${SIMULATE_USAGE}

Example:
  guidepost simulate --units 20000 --lift 0.09 --out data/simulated.ndjson`,
};

export async function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && Object.prototype.hasOwnProperty.call(COMMAND_HELP, command) && rest.some((arg) => arg === '--help' || arg === '-h')) {
    out(COMMAND_HELP[command]);
    return 0;
  }
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        out(HELP);
        return 0;
      case '--version':
        out(SDK_VERSION);
        return 0;
      case 'validate':
        return await validateCommand(rest, out);
      case 'build':
        return await buildCommand(rest, out);
      case 'check':
        return await checkCommand(rest, out, err);
      case 'serve':
        return await serveCommand(rest, out);
      case 'analyze':
        return await analyzeCommand(rest, out, err);
      case 'simulate':
        return await simulateCommand(rest, err);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      const usage: Record<string, string> = { validate: VALIDATE_USAGE, build: BUILD_USAGE, check: CHECK_USAGE, analyze: ANALYZE_USAGE, simulate: SIMULATE_USAGE, serve: SERVE_USAGE };
      // Own properties only: "guidepost constructor" must not print Object's constructor as its usage.
      const own = command !== undefined && Object.hasOwn(usage, command) ? usage[command] : undefined;
      err(`guidepost: ${error.message}\n${own ?? 'run "guidepost --help" for usage'}`);
      return 2;
    }
    err(`guidepost: ${(error as Error).message}`);
    return 1;
  }
}

async function serveCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { flags } = parseArgs(argv, ['port', 'host', 'root', 'data', 'author'], []);
  const port = portOf(flags.port);
  const host = typeof flags.host === 'string' ? flags.host : '127.0.0.1';
  const author = typeof flags.author === 'string' ? resolve(flags.author) : undefined;
  if (author !== undefined && host !== '127.0.0.1') throw new UsageError(`--author writes files, so the server listens on 127.0.0.1 only; remove --host ${host}`);
  if (author !== undefined && !existsSync(author)) throw new UsageError(`--author: ${author} does not exist (name the manifest file the page loads)`);
  const running = await startServer({
    port,
    host,
    root: typeof flags.root === 'string' ? resolve(flags.root) : resolve(PACKAGE_ROOT, 'demo'),
    dataDir: typeof flags.data === 'string' ? resolve(flags.data) : resolve('data'),
    author,
  });
  const demo = typeof flags.root !== 'string';
  // The demo when no --root is given; otherwise the app's folder, which loads the SDK from /dist/.
  out(demo ? `Guidepost demo:      ${running.url}` : `Serving ${resolve(flags.root as string)} at ${running.url}`);
  if (!demo) out(`Guidepost SDK:       ${running.url}dist/guidepost.iife.js (or guidepost.core.iife.js, which adds guidepost.ui.iife.js and its other files when needed)`);
  out(`Event collector:     POST ${running.url}collect`);
  out(`Experiment results:  ${running.url}results`);
  out(`Events are written to ${running.collector.file}`);
  if (author) out(`Authoring:           ${running.url}?guidepost_author=1 — "Save to file" writes ${author} (previous version in ${author}.bak)`);
  out('Press Ctrl+C to stop.');
  // Keep running until interrupted.
  await new Promise<void>((done) => {
    // Whichever signal comes, both listeners go: one left behind would outlive the server.
    const stop = () => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      void running.close().then(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

/**
 * The port from --port, else $PORT, else 4173; 0 asks the system for a free one. The raw text is
 * checked (Number() would read "" as 0 and " 80 " as 80), and an error names where it came from.
 * An empty $PORT counts as unset, as `${PORT:-4173}` reads it in a shell.
 */
function portOf(flag: string | true | undefined): number {
  const env = process.env.PORT;
  const [source, raw] = typeof flag === 'string' ? ['--port', flag] : env ? ['$PORT', env] : ['', '4173'];
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(port <= 65535)) throw new UsageError(`${source} must be a port number, found ${raw.slice(0, 100)}`);
  return port;
}

export { startServer } from './serve';
