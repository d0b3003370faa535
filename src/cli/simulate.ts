/**
 * `guidepost simulate`: writes a realistic NDJSON event log with a known true effect (see
 * src/analysis/simulate.ts) to a file or standard output; the truth goes to standard error.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { roundDeep } from '../analysis/human';
import { simulate, type SimulateOptions } from '../analysis/simulate';
import { parseArgs, UsageError } from './args';

export const SIMULATE_USAGE = `Usage: guidepost simulate [--units 20000] [--lift 0.09] [--seed 1] [--out file]
                         [--baseline 0.2] [--srm 0.52] [--unit user|account] [--null]
  Writes schema-v1 events (NDJSON) for the holdout experiment help-links-holdout with goal
  "upgraded": holdout converts at --baseline, help at baseline + --lift (--null: no effect).
  --srm 0.52 loses exposures so the help arm's expected share of exposed units is 52%.`;

function numberFlag(flags: Record<string, string | true>, name: string, fallback: number, check: (n: number) => boolean, hint: string): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw === true || !Number.isFinite(value) || !check(value)) throw new UsageError(`--${name} ${hint}; found "${String(raw)}"`);
  return value;
}

/** Writes lines with backpressure; resolves when flushed. */
async function writeLines(stream: Writable, lines: Iterable<string>): Promise<void> {
  let chunk: string[] = [];
  const flush = async () => {
    if (!chunk.length) return;
    const text = chunk.join('\n') + '\n';
    chunk = [];
    // events.once removes its listeners when it settles (and rejects on 'error').
    if (!stream.write(text)) await once(stream, 'drain');
  };
  for (const line of lines) {
    chunk.push(line);
    if (chunk.length >= 5000) await flush();
  }
  await flush();
}

export async function simulateCommand(argv: string[], err: (line: string) => void): Promise<number> {
  const { positional, flags } = parseArgs(argv, ['units', 'lift', 'seed', 'out', 'srm', 'unit', 'baseline'], ['null']);
  if (positional.length) throw new UsageError(`unexpected argument "${positional[0]}"`);
  const unit = flags.unit ?? 'user';
  if (unit !== 'user' && unit !== 'account') throw new UsageError(`--unit must be user or account; found "${String(unit)}"`);
  const options: SimulateOptions = {
    units: numberFlag(flags, 'units', 20_000, (n) => Number.isInteger(n) && n > 0 && n <= 5_000_000, 'must be a whole number from 1 to 5,000,000'),
    lift: flags.null ? 0 : numberFlag(flags, 'lift', 0.09, (n) => n > -1 && n < 1, 'must be an absolute lift between -1 and 1 (0.09 = 9 points)'),
    seed: numberFlag(flags, 'seed', 1, (n) => Number.isInteger(n) && n >= 0, 'must be a whole number'),
    baseline: numberFlag(flags, 'baseline', 0.2, (n) => n >= 0 && n <= 1, 'must be between 0 and 1'),
    unit,
    ...(flags.srm !== undefined && { srm: numberFlag(flags, 'srm', 0.5, (n) => n > 0 && n < 1, 'must be the help arm\'s share, between 0 and 1 (0.52 = 52/48)') }),
  };
  if (flags.null && flags.lift !== undefined) throw new UsageError('--null and --lift contradict each other');
  const { events, truth } = simulate(options);
  const lines = (function* () {
    for (const event of events) yield JSON.stringify(event);
  })();
  if (typeof flags.out === 'string') {
    const stream = createWriteStream(resolve(flags.out));
    await writeLines(stream, lines);
    await new Promise<void>((ok, fail) => stream.end((error?: Error | null) => (error ? fail(error) : ok())));
  } else {
    try {
      await writeLines(process.stdout, lines);
    } catch (error) {
      // A reader that stops early (| head) is not a failure of ours.
      if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
    }
  }
  err(`guidepost simulate: ${truth.events.toLocaleString('en-US')} events${typeof flags.out === 'string' ? ` to ${flags.out}` : ''}; truth ${JSON.stringify(roundDeep(truth))}`);
  return 0;
}
