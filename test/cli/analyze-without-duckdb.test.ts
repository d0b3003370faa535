/**
 * Without the optional peer @duckdb/node-api, `guidepost analyze` says how to install it and
 * exits 2; --print-sql still works, since it needs no database.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('@duckdb/node-api', () => {
  throw new Error("Cannot find package '@duckdb/node-api'");
});

const { main } = await import('../../src/cli/index');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (line) => out.push(line), (line) => err.push(line));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('analyze without DuckDB', () => {
  it('prints how to install it and exits 2', async () => {
    const result = await run('analyze', 'package.json');
    expect(result.code).toBe(2);
    expect(result.err).toBe('guidepost analyze needs @duckdb/node-api: npm install --save-dev @duckdb/node-api');
  });

  it('still prints the SQL', async () => {
    const result = await run('analyze', '--print-sql', '--dialect', 'bigquery');
    expect(result.code).toBe(0);
    expect(result.out).toContain('UNIX_MILLIS(ts)');
  });
});
