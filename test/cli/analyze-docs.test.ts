/**
 * docs/analysis.md shows the SQL `--print-sql` prints; if the queries change, the docs must
 * change with them (regenerate the blocks with the commands quoted above each one).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clickhouseEventsDdl, clickhouseIngestSql } from '../../src/analysis/clickhouse-schema';
import { main } from '../../src/cli/index';

const docs = await readFile(join(__dirname, '../../docs/analysis.md'), 'utf8');

async function sql(...argv: string[]) {
  const out: string[] = [];
  expect(await main(['analyze', '--print-sql', ...argv], (line) => out.push(line), () => {})).toBe(0);
  return out.join('\n');
}

describe('docs/analysis.md', () => {
  it.each([
    [['data/events.ndjson']],
    [['--dialect', 'bigquery', '--table', 'analytics.guidepost_events']],
    [['--dialect', 'clickhouse', '--table', 'guidepost_events']],
  ])('contains the output of --print-sql %j', async (argv) => {
    expect(docs).toContain('```sql\n' + (await sql(...argv)) + '\n```');
  });

  it('contains the ClickHouse table and ingestion statement the engine is tested with', () => {
    expect(docs).toContain('```sql\n' + clickhouseEventsDdl('guidepost_events') + ';\n```');
    expect(docs).toContain('```sql\n' + clickhouseIngestSql('guidepost_events', 'data/events.ndjson') + ';\n```');
  });
});
