/**
 * How src/analysis/duckdb.ts loads the optional peer @duckdb/node-api and what it leaves
 * behind: a fake module stands in for DuckDB, so every call is recorded and every failure can
 * be made to happen. Whatever happens, the connection and the database are closed and the
 * byte-order-mark copies are removed.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const OPTIONS = { goal: 'upgraded', windowMs: 86_400_000 };

interface Log {
  created: unknown[][];
  statements: string[];
  closed: string[];
}

/** A stand-in for @duckdb/node-api; `failOn` makes the first statement containing it throw. */
function fakeDuckDb(log: Log, failOn?: string) {
  return {
    DuckDBInstance: {
      create: async (...args: unknown[]) => {
        log.created.push(args);
        return {
          connect: async () => ({
            run: async (sql: string) => {
              log.statements.push(sql);
              if (failOn !== undefined && sql.includes(failOn)) throw new Error(`fake failure on ${failOn}`);
            },
            runAndReadAll: async (sql: string) => {
              log.statements.push(sql);
              if (failOn !== undefined && sql.includes(failOn)) throw new Error(`fake failure on ${failOn}`);
              return { getRowObjects: () => [] };
            },
            closeSync: () => log.closed.push('connection.closeSync'),
            disconnectSync: () => log.closed.push('connection.disconnectSync'),
          }),
          closeSync: () => log.closed.push('instance.closeSync'),
        };
      },
    },
  };
}

const newLog = (): Log => ({ created: [], statements: [], closed: [] });

async function load() {
  vi.resetModules();
  return import('../../src/analysis/duckdb');
}

let root: string;
let scratch: string;
let savedTmp: string | undefined;
let n = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'guidepost-duckdb-lifecycle-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  scratch = join(root, `tmp-${n++}`);
  await mkdir(scratch);
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
});
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  vi.doUnmock('@duckdb/node-api');
  vi.resetModules();
});

async function eventsFile(bom: boolean): Promise<string> {
  const file = join(root, `events-${n}-${bom ? 'bom' : 'plain'}.ndjson`);
  await writeFile(file, `${bom ? '\ufeff' : ''}{"event_id":"a","ts":"2026-01-01T00:00:00Z"}\n`);
  return file;
}

describe('loading the optional peer', () => {
  it('without the package: DuckDbMissingError with the install command, the import error as cause', async () => {
    vi.doMock('@duckdb/node-api', () => {
      throw new Error("Cannot find package '@duckdb/node-api'");
    });
    const { loadDuckDb, aggregateWithDuckDb, DuckDbMissingError, DUCKDB_MISSING_MESSAGE } = await load();
    const error = await loadDuckDb().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DuckDbMissingError);
    expect((error as Error).message).toBe(DUCKDB_MISSING_MESSAGE);
    // The cause is the import's own error (here wrapped by vitest's mocking).
    expect((error as Error).cause).toBeInstanceOf(Error);
    await expect(aggregateWithDuckDb([await eventsFile(false)], OPTIONS)).rejects.toBeInstanceOf(DuckDbMissingError);
  });

  it('a package without DuckDBInstance is treated as missing, and the cause says why', async () => {
    // (Both keys present: vitest's module mock throws on reading a key the factory did not return.)
    vi.doMock('@duckdb/node-api', () => ({ somethingElse: 1, DuckDBInstance: undefined, default: undefined }));
    const { loadDuckDb, DuckDbMissingError } = await load();
    const error = await loadDuckDb().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DuckDbMissingError);
    expect(((error as Error).cause as Error).message).toBe('@duckdb/node-api has no DuckDBInstance export');
  });

  it('takes DuckDBInstance from a default export too (CommonJS interop)', async () => {
    const log = newLog();
    vi.doMock('@duckdb/node-api', () => ({ DuckDBInstance: undefined, default: fakeDuckDb(log) }));
    const { loadDuckDb } = await load();
    const api = await loadDuckDb();
    await api.DuckDBInstance.create(':memory:');
    expect(log.created).toEqual([[':memory:']]);
  });
});

describe('one run', () => {
  it('opens a fresh in-memory database, sets UTC before anything else, reads the files, and closes everything once', async () => {
    const log = newLog();
    vi.doMock('@duckdb/node-api', () => fakeDuckDb(log));
    const { aggregateWithDuckDb } = await load();
    const file = await eventsFile(false);
    const run = await aggregateWithDuckDb([file], OPTIONS);
    expect(log.created).toEqual([[':memory:']]);
    expect(log.statements[0]).toBe("SET TimeZone = 'UTC'");
    expect(log.statements[1]).toContain('CREATE OR REPLACE TEMP TABLE events AS');
    expect(log.statements[1]).toContain(`read_csv(['${file}']`);
    expect(log.closed).toEqual(['connection.closeSync', 'connection.disconnectSync', 'instance.closeSync']);
    expect(run.rows.hygiene).toEqual({ rows_read: 0, usable: 0, distinct_usable: 0, zoneless: 0, future: 0, end_ms: null });
    expect(run.rows).not.toHaveProperty('units');
  });

  it('reads a byte-order-marked file through a copy, and removes the copy after', async () => {
    const log = newLog();
    vi.doMock('@duckdb/node-api', () => fakeDuckDb(log));
    const { aggregateWithDuckDb } = await load();
    const file = await eventsFile(true);
    await aggregateWithDuckDb([file], OPTIONS, true);
    expect(log.statements[1]).not.toContain(file);
    expect(log.statements[1]).toMatch(/guidepost-bom-[^/]+\/0-events-\d+-bom\.ndjson/);
    expect(await readdir(scratch)).toEqual([]);
  });

  it.each(['CREATE OR REPLACE TEMP TABLE events', 'CREATE OR REPLACE TEMP TABLE clean', 'SELECT count(*) AS rows_read'])(
    'a failure at %j is passed on; the database is closed and the copies removed',
    async (failOn) => {
      const log = newLog();
      vi.doMock('@duckdb/node-api', () => fakeDuckDb(log, failOn));
      const { aggregateWithDuckDb } = await load();
      await expect(aggregateWithDuckDb([await eventsFile(true)], OPTIONS)).rejects.toThrow(`fake failure on ${failOn}`);
      expect(log.closed).toEqual(['connection.closeSync', 'connection.disconnectSync', 'instance.closeSync']);
      expect(await readdir(scratch)).toEqual([]);
    },
  );
});

describe('a file that cannot be opened', () => {
  // The files are prepared after the database is opened, inside the try/finally that closes it.
  it('a missing second file: the connection and the database are closed, no copy is left', async () => {
    const log = newLog();
    vi.doMock('@duckdb/node-api', () => fakeDuckDb(log));
    const { aggregateWithDuckDb } = await load();
    const missing = join(root, 'missing.ndjson');
    await expect(aggregateWithDuckDb([await eventsFile(true), missing], OPTIONS)).rejects.toThrow(missing);
    expect(log.closed).toEqual(['connection.closeSync', 'connection.disconnectSync', 'instance.closeSync']);
    expect(await readdir(scratch)).toEqual([]);
  });
});
