// scripts/terser-pool.mjs: the build's terser on a worker thread. What it returns must be what
// terser in the build's own thread returns, jobs sent together must each get their own result,
// and a chunk terser cannot parse must fail the build with terser's reason.
import { afterEach, describe, expect, it } from 'vitest';
import { minify } from 'terser';
import { createTerserPool } from '../../scripts/terser-pool.mjs';

const options = () => ({ ecma: 2020 as const, compress: { passes: 1 }, format: { comments: false }, module: true });
const sources = Array.from({ length: 6 }, (_, n) => `export function add${n}(first, second) { const total = first + second * ${n}; return total; }`);

describe('createTerserPool', () => {
  let pool: ReturnType<typeof createTerserPool> | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('minifies exactly as terser does in this thread, source map included', async () => {
    pool = createTerserPool(1);
    const code = sources[0]!;
    const here = await minify(code, { ...options(), sourceMap: {} });
    const there = await pool.minify(code, { ...options(), sourceMap: {} });
    expect(there.code).toBe(here.code);
    expect(JSON.parse(String(there.map)).mappings).toBe(JSON.parse(String(here.map)).mappings);
  });

  it('gives every job sent at once its own result, with more jobs than workers', async () => {
    pool = createTerserPool(2);
    const results = await Promise.all(sources.map((code) => pool!.minify(code, options())));
    results.forEach((result, n) => expect(result.code).toContain(`add${n}`));
    expect(new Set(results.map((result) => result.code)).size).toBe(sources.length);
  });

  it('rejects a job whose options cannot be sent to a worker, and keeps working after it', async () => {
    pool = createTerserPool(1);
    const unsendable = { ...options(), format: { comments: () => true } };
    await expect(pool.minify(sources[0]!, unsendable)).rejects.toThrow(/^terser: the job could not be sent to its worker/);
    await expect(pool.minify(sources[1]!, options())).resolves.toMatchObject({ code: expect.stringContaining('add1') });
  });

  it('close() rejects the jobs still waiting instead of leaving them pending', async () => {
    pool = createTerserPool(1);
    // Settled handlers first: close() rejects the jobs at once.
    const outcomes = Promise.allSettled(sources.map((code) => pool!.minify(code, options())));
    await pool.close();
    pool = undefined;
    const settled = await outcomes;
    expect(settled.some((result) => result.status === 'rejected' && /pool was closed/.test(String(result.reason)))).toBe(true);
  });

  it("rejects a chunk terser cannot parse with terser's reason, and keeps working after it", async () => {
    pool = createTerserPool(1);
    await expect(pool.minify('export const = ;', options())).rejects.toThrow(/^terser: Name expected \(line 1, column 13\)$/);
    await expect(pool.minify(sources[1]!, options())).resolves.toMatchObject({ code: expect.stringContaining('add1') });
  });
});
