/** The `guidepost` command line. `main` returns the exit code: 0 ok, 1 failure, 2 usage error. */
import { resolve } from 'node:path';
import { parseArgs, UsageError } from './args';
import { PACKAGE_ROOT, startServer } from './serve';
import { validateCommand, VALIDATE_USAGE } from './validate';
import { SDK_VERSION } from '../version';

const HELP = `guidepost ${SDK_VERSION} — in-product help from a JSON manifest

Usage:
  guidepost validate <manifest.json...> [--locales es,zh-CN] [--json]
      Check manifests; exit 0 valid, 1 invalid, 2 usage error.
  guidepost serve [--port 4173] [--host 127.0.0.1] [--root <folder>] [--data <folder>]
      Serve the demo (or --root) with the built SDK and the event collector (POST /collect).
  guidepost --help | --version
`;

export async function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  const [command, ...rest] = argv;
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
      case 'serve':
        return await serveCommand(rest, out);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      err(`guidepost: ${error.message}\n${command === 'validate' ? VALIDATE_USAGE : 'run "guidepost --help" for usage'}`);
      return 2;
    }
    err(`guidepost: ${(error as Error).message}`);
    return 1;
  }
}

async function serveCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { flags } = parseArgs(argv, ['port', 'host', 'root', 'data'], []);
  const port = Number(flags.port ?? process.env.PORT ?? 4173);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, found ${String(flags.port)}`);
  const running = await startServer({
    port,
    host: typeof flags.host === 'string' ? flags.host : '127.0.0.1',
    root: typeof flags.root === 'string' ? resolve(flags.root) : resolve(PACKAGE_ROOT, 'demo'),
    dataDir: typeof flags.data === 'string' ? resolve(flags.data) : resolve('data'),
  });
  out(`Guidepost demo:      ${running.url}`);
  out(`Event collector:     POST ${running.url}collect`);
  out(`Events are written to ${running.collector.file}`);
  out('Press Ctrl+C to stop.');
  // Keep running until interrupted.
  await new Promise<void>((done) => {
    const stop = () => void running.close().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

export { startServer } from './serve';
