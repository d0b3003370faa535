/** Shared by the CLI tests: main() with its output captured, and a temporary folder per file. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { main } from '../../src/cli/index';

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

/** Runs `guidepost <argv>` in-process; output lines are captured instead of printed. */
export async function runCli(...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (line) => out.push(line), (line) => err.push(line));
  return { code, out, err };
}

/** Runs `guidepost <argv>` in-process; each stream's captured lines joined with newlines. */
export async function runCliText(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, out, err } = await runCli(...argv);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A temporary folder created before this file's tests and removed after; returns its path getter. */
export function useTempDir(prefix: string): () => string {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}
